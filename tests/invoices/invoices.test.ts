import { startApp, type TestApp } from '../harness/app';
import { setSetting } from '../harness/bookings';
import { createCustomer, createVendor, type TestUser, type TestVendor } from '../harness/users';
import { createVenue, type TestVenue } from '../harness/venues';
import { getPdf, INVOICE, invoiceRows, invoicing, jsonOf, paidBooking, pdfText, staffToken, unpaidBooking } from './helpers';

/**
 * Invoices of paid bookings: issue, numbering, amounts, PDF download and who may download it,
 * credit notes for refunds. Bookings are paid without the payments flow (markPaid + a succeeded payment row).
 */
let app: TestApp;
let vendor: TestVendor;
let otherVendor: TestVendor;
let venue: TestVenue;
let customer: TestUser;
let stranger: TestUser;
let staff: { Authorization: string };
let nextDay = 2;
/** A fresh 3-hour window per booking (10:00–13:00 on its own day). */
const window = () => ({ day: nextDay++, from: '10:00', to: '13:00' });

const counterOf = async (series: string, year: number): Promise<number> => {
  const row = await app.strapi.db.connection('invoice_counters').where({ series, year }).first();
  return row ? Number(row.last_sequence) : 0;
};
const yearOf = (iso: string) => new Date(iso).getUTCFullYear();

beforeAll(async () => {
  app = await startApp();
  vendor = await createVendor(app, {
    profile: { contact_email: 'hello@hall.example', website: 'https://hall.example', tax_info: { vat: 'DE-SECRET-VAT' } },
  });
  otherVendor = await createVendor(app);
  venue = await createVenue(app, vendor);
  customer = await createCustomer(app, { first_name: 'Ada', last_name: 'Lovelace' });
  stranger = await createCustomer(app);
  staff = await staffToken(app);
  await setSetting(app, 'booking.max_active_holds_per_customer', 100);
  // 3 h × 100.00 = 300.00; fee 10 % = 30.00; tax 19 % of 330.00 = 62.70; total 392.70.
  await setSetting(app, 'fees.tax_percent', 19);
  await setSetting(app, 'invoices.platform', {
    name: 'Tofimotia Marketplace GmbH',
    address: '1 Platform Way, Berlin',
    tax_id: 'DE999999999',
  });
});
afterAll(async () => {
  await app.stop();
});

describe('GET /bookings/:id/invoice', () => {
  it('issues the invoice of a paid booking and answers its PDF with the number, parties, lines, fee, tax and total', async () => {
    const booking = await paidBooking(app, customer, venue, window());
    expect(booking.breakdown).toMatchObject({ subtotal: 30000, discount: 0, platform_fee: 3000, tax: 6270, total_amount: 39270 });

    const res = await getPdf(app, `/bookings/${booking.documentId}/invoice`, customer.auth);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const row = await app.strapi.db
      .query(INVOICE)
      .findOne({ where: { booking: { documentId: booking.documentId } }, populate: { pdf: true, payment: true } });
    const expectedNumber = `INV-${yearOf(row.issued_at)}-${String(row.sequence).padStart(6, '0')}`;
    expect(row).toMatchObject({
      number: expectedNumber,
      kind: 'invoice',
      year: yearOf(row.issued_at),
      subtotal: 30000,
      platform_fee: 3000,
      tax: 6270,
      total: 39270,
      currency: 'EUR',
      seller: { name: vendor.profile.business_name, contact_email: 'hello@hall.example', website: 'https://hall.example' },
      buyer: { name: 'Ada Lovelace' },
      platform: { name: 'Tofimotia Marketplace GmbH', address: '1 Platform Way, Berlin', tax_id: 'DE999999999' },
      payment: { documentId: booking.payment.documentId },
    });
    expect(row.total).toBe(booking.total);
    expect(row.lines.reduce((sum: number, line: { amount: number }) => sum + line.amount, 0)).toBe(row.subtotal);
    expect(row.pdf).toMatchObject({ mime: 'application/pdf', ext: '.pdf', name: `${expectedNumber}.pdf` });
    expect(res.headers['content-disposition']).toBe(`attachment; filename="${expectedNumber}.pdf"`);

    const body = res.body as Buffer;
    expect(body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const { text, title } = await pdfText(body);
    expect(title).toBe(`Invoice ${expectedNumber}`);
    expect(text).toContain(`Invoice ${expectedNumber}`);
    expect(text).toContain(vendor.profile.business_name);
    expect(text).toContain('Tofimotia Marketplace GmbH');
    expect(text).toContain('Tax ID: DE999999999');
    expect(text).toContain('Ada Lovelace');
    expect(text).toMatch(/Subtotal\s+300\.00 EUR/);
    expect(text).toMatch(/Platform fee\s+30\.00 EUR/);
    expect(text).toMatch(/Tax\s+62\.70 EUR/);
    expect(text).toMatch(/Total\s+392\.70 EUR/);
    expect(text).toContain('3 h × 100.00 EUR/h (base rate)');
    // Never the vendor's private data.
    expect(text).not.toContain('DE-SECRET-VAT');
    expect(JSON.stringify(row.seller)).not.toContain('DE-SECRET-VAT');
  });

  it('is idempotent: repeated downloads and issues return the same invoice, numbered once', async () => {
    const booking = await paidBooking(app, customer, venue, window());
    const first = await getPdf(app, `/bookings/${booking.documentId}/invoice`, customer.auth);
    const again = await getPdf(app, `/bookings/${booking.documentId}/invoice`, customer.auth);
    const issued = await invoicing(app).issueForBooking(booking.documentId);
    expect(first.status).toBe(200);
    expect(again.headers['content-disposition']).toBe(first.headers['content-disposition']);
    expect((again.body as Buffer).equals(first.body as Buffer)).toBe(true); // the stored file, not a re-render
    expect(first.headers['content-disposition']).toContain(issued.number);
    expect(await app.strapi.db.query(INVOICE).count({ where: { booking: { documentId: booking.documentId } } })).toBe(1);
  });

  it('lets the customer, the venue vendor and staff download; anyone else gets 404; bad ids 400; anonymous refused', async () => {
    const booking = await paidBooking(app, customer, venue, window());
    const path = `/bookings/${booking.documentId}/invoice`;
    for (const headers of [customer.auth, vendor.auth, staff]) {
      const res = await getPdf(app, path, headers);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('application/pdf');
    }
    for (const headers of [stranger.auth, otherVendor.auth]) {
      const res = await getPdf(app, path, headers);
      expect(res.status).toBe(404);
      expect(jsonOf(res)).toMatchObject({ data: null, error: { status: 404, name: 'NotFoundError' } });
    }
    const anonymous = await getPdf(app, path);
    expect([401, 403]).toContain(anonymous.status);
    const missing = await getPdf(app, '/bookings/doesnotexist000000000000/invoice', customer.auth);
    expect(missing.status).toBe(404);
    const malformed = await getPdf(app, '/bookings/bad%20id!/invoice', customer.auth);
    expect(malformed.status).toBe(400);
    expect(jsonOf(malformed).error.name).toBe('ValidationError');
  });

  it('answers 409 BOOKING_NOT_PAID for an unpaid booking and burns no number', async () => {
    const unpaid = await unpaidBooking(app, customer, venue, window());
    // Settle the counter first so the number taken next is known.
    const settled = await invoicing(app).issueForBooking((await paidBooking(app, customer, venue, window())).documentId);
    const before = await counterOf('INV', settled.year);

    const res = await getPdf(app, `/bookings/${unpaid.documentId}/invoice`, customer.auth);
    expect(res.status).toBe(409);
    expect(jsonOf(res)).toMatchObject({
      data: null,
      error: { status: 409, name: 'ConflictError', details: { reason: 'BOOKING_NOT_PAID' } },
    });
    // A stranger still gets 404, not the 409 that would reveal the booking exists.
    expect((await getPdf(app, `/bookings/${unpaid.documentId}/invoice`, stranger.auth)).status).toBe(404);
    expect(await app.strapi.db.query(INVOICE).count({ where: { booking: { documentId: unpaid.documentId } } })).toBe(0);
    expect(await counterOf('INV', settled.year)).toBe(before);

    const next = await invoicing(app).issueForBooking((await paidBooking(app, customer, venue, window())).documentId);
    expect(next.sequence).toBe(before + 1);
  });

  it('refuses to invoice a booking whose payment does not match its total (409 INVOICE_AMOUNT_MISMATCH)', async () => {
    const booking = await paidBooking(app, customer, venue, window(), { amount: 100 });
    const res = await getPdf(app, `/bookings/${booking.documentId}/invoice`, vendor.auth);
    expect(res.status).toBe(409);
    expect(jsonOf(res).error.details).toMatchObject({ reason: 'INVOICE_AMOUNT_MISMATCH', paid: 100 });
    expect(await app.strapi.db.query(INVOICE).count({ where: { booking: { documentId: booking.documentId } } })).toBe(0);
  });
});

describe('numbering', () => {
  it('numbers per UTC year of issue: one series per year, each from 000001', async () => {
    const lastOf2030 = Date.UTC(2030, 11, 31, 23, 59, 59, 999); // already 2031 in Berlin
    const firstOf2031 = Date.UTC(2031, 0, 1, 0, 0, 0, 0);
    const a = await invoicing(app).issueForBooking((await paidBooking(app, customer, venue, window())).documentId, {
      now: lastOf2030,
    });
    const b = await invoicing(app).issueForBooking((await paidBooking(app, customer, venue, window())).documentId, {
      now: firstOf2031,
    });
    const c = await invoicing(app).issueForBooking((await paidBooking(app, customer, venue, window())).documentId, {
      now: firstOf2031 + 1000,
    });
    expect([a.number, b.number, c.number]).toEqual(['INV-2030-000001', 'INV-2031-000001', 'INV-2031-000002']);
    expect(new Date(a.issued_at).toISOString()).toBe('2030-12-31T23:59:59.999Z');
    expect(await counterOf('INV', 2031)).toBe(2);
  });

  it('keeps the numbers of a year contiguous from 1 and unique (SQL check)', async () => {
    const rows = await invoiceRows(app);
    const byYear = new Map<number, number[]>();
    for (const row of rows) byYear.set(row.year, [...(byYear.get(row.year) ?? []), Number(row.sequence)]);
    for (const [year, sequences] of byYear) {
      expect(sequences).toEqual(sequences.map((_, i) => i + 1));
      expect(await counterOf('INV', year)).toBe(sequences.length);
    }
    expect(new Set(rows.map((row: { number: string }) => row.number)).size).toBe(rows.length);
  });

  it('the database itself refuses a second invoice with the same number or issue key', async () => {
    const issued = await invoicing(app).issueForBooking((await paidBooking(app, customer, venue, window())).documentId);
    const row = await app.strapi.db.connection('invoices').where({ id: issued.id }).first();
    const { id, document_id, ...copy } = row;
    // The outcome as a value: Jest's `.rejects.toThrow` misreads some driver errors (another realm) now and then.
    const attempt = (data: Record<string, unknown>) =>
      app.strapi.db
        .connection('invoices')
        .insert(data)
        .then(
          () => 'inserted',
          (error: Error) => String(error?.message ?? error)
        );
    expect(await attempt({ ...copy, document_id: `${document_id}x`, issue_key: 'invoice:another' })).toMatch(/unique/i);
    expect(await attempt({ ...copy, document_id: `${document_id}y`, number: 'INV-1999-000001' })).toMatch(/unique/i);
  });

  it('invoices can only be written by the invoicing service', async () => {
    const issued = await invoicing(app).issueForBooking((await paidBooking(app, customer, venue, window())).documentId);
    const row = { document_id: issued.documentId };
    await expect(
      app.strapi.documents(INVOICE).update({ documentId: row.document_id, data: { total: 1 } as never })
    ).rejects.toThrow(/only be changed through its service/);
    await expect(app.strapi.documents(INVOICE).delete({ documentId: row.document_id })).rejects.toThrow(
      /only be changed through its service/
    );
  });
});

describe('credit notes', () => {
  it('issues a credit note per refund in its own series, split like the invoice, idempotent per refund id', async () => {
    const booking = await paidBooking(app, customer, venue, window());
    const invoice = await invoicing(app).issueForBooking(booking.documentId);
    const year = invoice.year;
    const before = await counterOf('CN', year);

    // Half of 392.70 = 196.35: fee 15.00, tax 31.35, subtotal 150.00.
    const half = await invoicing(app).issueCreditNote(booking.documentId, {
      amount: 19635,
      reason: 'Customer cancelled',
      refundId: 'ref-half-1',
    });
    expect(half).toMatchObject({
      kind: 'credit_note',
      number: `CN-${year}-${String(before + 1).padStart(6, '0')}`,
      original_number: invoice.number,
      reason: 'Customer cancelled',
      subtotal: 15000,
      platform_fee: 1500,
      tax: 3135,
      total: 19635,
    });
    const replay = await invoicing(app).issueCreditNote(booking.documentId, {
      amount: 19635,
      reason: 'Customer cancelled',
      refundId: 'ref-half-1',
    });
    expect(replay.documentId).toBe(half.documentId);

    const rest = await invoicing(app).issueCreditNote(booking.documentId, {
      amount: 19635,
      reason: null,
      refundId: 'ref-rest-2',
    });
    expect(rest.number).toBe(`CN-${year}-${String(before + 2).padStart(6, '0')}`);
    // Both notes together credit exactly the invoice.
    expect(half.subtotal + rest.subtotal).toBe(invoice.subtotal);
    expect(half.platform_fee + rest.platform_fee).toBe(invoice.platform_fee);
    expect(half.tax + rest.tax).toBe(invoice.tax);

    await expect(
      invoicing(app).issueCreditNote(booking.documentId, { amount: 1, reason: null, refundId: 'ref-over-3' })
    ).rejects.toMatchObject({ code: 'over_credit' });
    await expect(
      invoicing(app).issueCreditNote(booking.documentId, { amount: -5, reason: null, refundId: 'ref-neg-4' })
    ).rejects.toMatchObject({ code: 'invalid_amount' });
    expect(await counterOf('CN', year)).toBe(before + 2);

    // The JSON list shows the invoice and both credit notes, without storage details.
    const list = await app
      .http()
      .get(app.api(`/bookings/${booking.documentId}/invoices`))
      .set(customer.auth);
    expect(list.status).toBe(200);
    expect(list.body.data.map((d: { number: string }) => d.number)).toEqual([invoice.number, half.number, rest.number]);
    expect(list.body.data[1]).toMatchObject({
      kind: 'credit_note',
      original_number: invoice.number,
      total: 19635,
      pdf_path: `/api/v1/bookings/${booking.documentId}/invoices/${half.number}`,
    });
    expect(JSON.stringify(list.body)).not.toMatch(/issue_key|\/uploads\/|ref-half-1/);
    expect(
      (
        await app
          .http()
          .get(app.api(`/bookings/${booking.documentId}/invoices`))
          .set(stranger.auth)
      ).status
    ).toBe(404);

    // Each document downloads as its own PDF.
    const pdf = await getPdf(app, `/bookings/${booking.documentId}/invoices/${half.number}`, vendor.auth);
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-disposition']).toBe(`attachment; filename="${half.number}.pdf"`);
    const { text } = await pdfText(pdf.body as Buffer);
    expect(text).toContain(`Credit note ${half.number}`);
    expect(text).toContain(`Credits invoice: ${invoice.number}`);
    expect(text).toMatch(/Total credited\s+196\.35 EUR/);
    expect(text).toMatch(/Tax\s+31\.35 EUR/);
    expect((await getPdf(app, `/bookings/${booking.documentId}/invoices/CN-${year}-999999`, customer.auth)).status).toBe(404);
    expect((await getPdf(app, `/bookings/${booking.documentId}/invoices/not-a-number`, customer.auth)).status).toBe(400);
  });

  it('issues credit notes for the succeeded refunds of a booking (what follows payment.refunded)', async () => {
    const booking = await paidBooking(app, customer, venue, window());
    const make = (amount: number, status: string) =>
      app.strapi.documents('api::refund.refund').create({
        data: {
          payment: booking.payment.id,
          booking: booking.id,
          amount,
          currency: 'EUR',
          status,
          kind: 'customer_request',
          initiated_by: 'customer',
          reason: 'Plans changed',
        } as never,
      });
    const done = await make(10000, 'succeeded');
    await make(5000, 'pending');

    const notes = await invoicing(app).issueCreditNotesForRefunds(booking.documentId);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ kind: 'credit_note', total: 10000, reason: 'Plans changed' });
    const again = await invoicing(app).issueCreditNotesForRefunds(booking.documentId);
    expect(again.map((n: { documentId: string }) => n.documentId)).toEqual([notes[0].documentId]);
    // The refund's documentId is its key: the payments flow calling issueCreditNote with it adds nothing.
    const direct = await invoicing(app).issueCreditNote(booking.documentId, {
      amount: 10000,
      reason: 'Plans changed',
      refundId: done.documentId,
    });
    expect(direct.documentId).toBe(notes[0].documentId);
    expect(
      await app.strapi.db.query(INVOICE).count({ where: { booking: { documentId: booking.documentId }, kind: 'credit_note' } })
    ).toBe(1);
  });
});

describe('following the money (event bus)', () => {
  it('a captured payment issues the invoice, a succeeded refund its credit note', async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the running app's own module instance, from dist/
    const { eventBus } = require(`${app.strapi.dirs.dist.root}/src/infra/event-bus`);
    const booking = await paidBooking(app, customer, venue, window());
    const base = {
      booking: booking.documentId,
      venue: venue.documentId,
      customer: customer.id,
      payment: booking.payment.documentId,
      currency: 'EUR',
    };
    const find = (kind: string) =>
      app.strapi.db.query(INVOICE).findMany({ where: { booking: { documentId: booking.documentId }, kind } });
    const eventually = async (check: () => Promise<boolean>) => {
      for (let i = 0; i < 100 && !(await check()); i++) await new Promise((resolve) => setTimeout(resolve, 50));
    };

    eventBus.publish('payment.succeeded', { ...base, amount: booking.total, captured: false }); // an authorization: no invoice yet
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await find('invoice')).toHaveLength(0);
    eventBus.publish('payment.succeeded', { ...base, amount: booking.total, captured: true });
    await eventually(async () => (await find('invoice')).length > 0);
    expect(await find('invoice')).toHaveLength(1);

    await app.strapi.documents('api::refund.refund').create({
      data: {
        payment: booking.payment.id,
        booking: booking.id,
        amount: 5000,
        currency: 'EUR',
        status: 'succeeded',
        kind: 'goodwill',
        initiated_by: 'vendor',
        reason: 'Sorry for the noise',
      } as never,
    });
    eventBus.publish('payment.refunded', { ...base, amount: 5000, automatic: false });
    eventBus.publish('payment.refunded', { ...base, amount: 5000, automatic: false }); // delivered twice
    await eventually(async () => (await find('credit_note')).length > 0);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const notes = await find('credit_note');
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ total: 5000, reason: 'Sorry for the noise' });
  });
});

describe('PDF storage', () => {
  it('keeps the invoice when storing its PDF fails, and produces the PDF on the next download', async () => {
    const booking = await paidBooking(app, customer, venue, window());
    const upload = app.strapi.plugin('upload').service('upload');
    const original = upload.upload;
    upload.upload = async () => {
      throw new Error('storage is down');
    };
    let issued;
    try {
      issued = await invoicing(app).issueForBooking(booking.documentId);
    } finally {
      upload.upload = original;
    }
    expect(issued.number).toMatch(/^INV-\d{4}-\d{6}$/);
    expect(issued.pdf).toBeNull();

    const res = await getPdf(app, `/bookings/${booking.documentId}/invoice`, customer.auth);
    expect(res.status).toBe(200);
    expect((await pdfText(res.body as Buffer)).text).toContain(`Invoice ${issued.number}`);
    const row = await app.strapi.db.query(INVOICE).findOne({ where: { id: issued.id }, populate: { pdf: true } });
    expect(row.pdf).toMatchObject({ mime: 'application/pdf', name: `${issued.number}.pdf` });
    expect(row.number).toBe(issued.number);
  });

  it('concurrent first downloads of an invoice without a PDF store one PDF', async () => {
    const booking = await paidBooking(app, customer, venue, window());
    const issued = await invoicing(app).issueForBooking(booking.documentId, { renderPdf: false });
    expect(issued.pdf).toBeNull();
    const countFiles = () => app.strapi.db.query('plugin::upload.file').count({ where: { name: `${issued.number}.pdf` } });
    const responses = await Promise.all(
      Array.from({ length: 5 }, () => getPdf(app, `/bookings/${booking.documentId}/invoice`, customer.auth))
    );
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(await countFiles()).toBe(1);
  });
});
