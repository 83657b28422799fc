import { startApp, type TestApp } from '../harness/app';
import { setSetting } from '../harness/bookings';
import { startInstance, type TestInstance } from '../harness/instance';
import { databaseUrl } from '../harness/postgres';
import { describeWith } from '../harness/services';
import { createCustomer, createVendor, type TestUser } from '../harness/users';
import { createVenue, type TestVenue } from '../harness/venues';
import { INVOICE, invoicing, paidBooking, type PaidBooking } from './helpers';

/**
 * Gap-free numbering under real concurrency: an in-process Strapi (A) and a second one in a child
 * process (B) on the same PostgreSQL database take simultaneous first downloads of 50 paid bookings'
 * invoices, and then a burst of issues for a single booking. Checked with SQL: numbers 1..50 exactly,
 * unique, one invoice per booking, the counter equal to the number of invoices.
 */
const TIMEOUT = 180_000;

describeWith(['postgres'])('invoice numbers under concurrency (PostgreSQL, two instances)', () => {
  let app: TestApp;
  let instanceB: TestInstance;
  let customer: TestUser;
  let venue: TestVenue;
  const bookings: PaidBooking[] = [];

  beforeAll(async () => {
    app = await startApp();
    const vendor = await createVendor(app);
    venue = await createVenue(app, vendor);
    customer = await createCustomer(app);
    await setSetting(app, 'booking.max_active_holds_per_customer', 100);
    // 51 one-hour bookings: 14 a day between 08:00 and 22:00.
    for (let i = 0; i < 51; i++) {
      const hour = 8 + (i % 14);
      const clock = (h: number) => `${String(h).padStart(2, '0')}:00`;
      bookings.push(
        await paidBooking(app, customer, venue, { day: 2 + Math.floor(i / 14), from: clock(hour), to: clock(hour + 1) })
      );
    }
    instanceB = await startInstance({
      databaseUrl: databaseUrl(process.env.TOFIMOTIA_TEST_PG_BASE_URL as string, app.database.name),
    });
  }, TIMEOUT);

  afterAll(async () => {
    await instanceB?.stop();
    await app?.stop();
  }, TIMEOUT);

  const knex = () => app.strapi.db.connection;

  it(
    '50 bookings confirmed at once get invoice numbers 1..50 exactly, one each',
    async () => {
      const burst = bookings.slice(0, 50);
      const responses = await Promise.all(
        burst.map((booking, index) => {
          const target = index % 2 === 0 ? app : instanceB;
          return target
            .http()
            .get(target.api(`/bookings/${booking.documentId}/invoice`))
            .set(customer.auth)
            .buffer(true);
        })
      );
      expect(responses.map((r) => r.status)).toEqual(burst.map(() => 200));
      expect(new Set(responses.map((r) => r.headers['content-disposition'])).size).toBe(50);

      const rows = await knex()('invoices').where({ kind: 'invoice' }).select('number', 'year', 'sequence').orderBy('sequence');
      expect(rows).toHaveLength(50);
      const years = new Set(rows.map((r: { year: number }) => r.year));
      expect(years.size).toBe(1); // (a burst straddling New Year's midnight UTC would legitimately start a second series)
      const [year] = [...years];
      expect(rows.map((r: { sequence: number }) => Number(r.sequence))).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
      expect(rows.map((r: { number: string }) => r.number)).toEqual(
        Array.from({ length: 50 }, (_, i) => `INV-${year}-${String(i + 1).padStart(6, '0')}`)
      );
      const [{ count: distinct }] = await knex()('invoices').countDistinct({ count: 'number' });
      expect(Number(distinct)).toBe(50);
      const counter = await knex()('invoice_counters').where({ series: 'INV', year }).first();
      expect(Number(counter.last_sequence)).toBe(50);

      // One invoice per booking, and each download carried that booking's own number.
      for (const [index, booking] of burst.entries()) {
        const invoices = await app.strapi.db
          .query(INVOICE)
          .findMany({ where: { booking: { documentId: booking.documentId } }, select: ['number'] });
        expect(invoices).toHaveLength(1);
        expect(responses[index].headers['content-disposition']).toBe(`attachment; filename="${invoices[0].number}.pdf"`);
      }
    },
    TIMEOUT
  );

  it(
    'a burst of issues for one booking on both instances makes exactly one invoice and takes one number',
    async () => {
      const booking = bookings[50];
      const before = await knex()('invoice_counters').where({ series: 'INV' }).sum({ total: 'last_sequence' });
      const viaService = Array.from({ length: 6 }, () => invoicing(app).issueForBooking(booking.documentId));
      const viaHttp = Array.from({ length: 6 }, () =>
        instanceB
          .http()
          .get(instanceB.api(`/bookings/${booking.documentId}/invoice`))
          .set(customer.auth)
          .buffer(true)
      );
      const [issued, downloads] = await Promise.all([Promise.all(viaService), Promise.all(viaHttp)]);

      const numbers = new Set(issued.map((invoice: { number: string }) => invoice.number));
      expect(numbers.size).toBe(1);
      const [number] = [...numbers];
      expect(downloads.map((r) => r.status)).toEqual(downloads.map(() => 200));
      for (const r of downloads) expect(r.headers['content-disposition']).toBe(`attachment; filename="${number}.pdf"`);
      expect(await app.strapi.db.query(INVOICE).count({ where: { booking: { documentId: booking.documentId } } })).toBe(1);
      const after = await knex()('invoice_counters').where({ series: 'INV' }).sum({ total: 'last_sequence' });
      expect(Number(after[0].total)).toBe(Number(before[0].total) + 1);
      // One stored PDF for it, even with both instances racing to render it.
      expect(await app.strapi.db.query('plugin::upload.file').count({ where: { name: `${number}.pdf` } })).toBe(1);
    },
    TIMEOUT
  );

  it('the database refuses a duplicate invoice number or issue key whatever the code path', async () => {
    const [row] = await knex()('invoices').select('*').limit(1);
    const { id, document_id, ...copy } = row;
    await expect(
      knex()('invoices').insert({ ...copy, document_id: `${document_id}x`, issue_key: 'invoice:another' })
    ).rejects.toMatchObject({ code: '23505' });
    await expect(
      knex()('invoices').insert({ ...copy, document_id: `${document_id}y`, number: 'INV-1999-000001' })
    ).rejects.toMatchObject({ code: '23505' });
  });
});
