import { DeleteObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { startApp, type TestApp } from '../harness/app';
import { setSetting } from '../harness/bookings';
import { startS3 } from '../harness/s3';
import { createCustomer, createVendor, type TestUser } from '../harness/users';
import { createVenue, type TestVenue } from '../harness/venues';
import { getPdf, INVOICE, invoicing, paidBooking, pdfText } from './helpers';

/** With S3_* set, invoice PDFs are stored in the bucket (through the upload plugin) and served from there. */
let s3: Awaited<ReturnType<typeof startS3>>;
let app: TestApp;
let customer: TestUser;
let venue: TestVenue;

beforeAll(async () => {
  s3 = await startS3();
  app = await startApp({ env: s3.env });
  venue = await createVenue(app, await createVendor(app));
  customer = await createCustomer(app);
  await setSetting(app, 'booking.max_active_holds_per_customer', 100);
});
afterAll(async () => {
  await app.stop();
  await s3.stop();
});

describe('invoice PDFs on S3', () => {
  it('stores the PDF in the bucket and downloads exactly those bytes', async () => {
    const booking = await paidBooking(app, customer, venue, { day: 3, from: '09:00', to: '11:00' });
    const invoice = await invoicing(app).issueForBooking(booking.documentId);
    expect(invoice.pdf).toMatchObject({ provider: 'aws-s3', mime: 'application/pdf' });
    expect(invoice.pdf.url).toMatch(new RegExp(`^${s3.endpoint}/${s3.bucket}/`));

    const stored = Buffer.from(await (await fetch(invoice.pdf.url)).arrayBuffer());
    const res = await getPdf(app, `/bookings/${booking.documentId}/invoice`, customer.auth);
    expect(res.status).toBe(200);
    expect((res.body as Buffer).equals(stored)).toBe(true);
    const { text } = await pdfText(res.body as Buffer);
    expect(text).toContain(`Invoice ${invoice.number}`);
    expect(text).toMatch(/Total\s+220\.00 EUR/); // 2 h × 100.00 + 10 % fee, no tax
  });

  it('still answers the PDF when the stored object is gone (rendered from the invoice row)', async () => {
    const booking = await paidBooking(app, customer, venue, { day: 4, from: '09:00', to: '11:00' });
    const invoice = await invoicing(app).issueForBooking(booking.documentId);
    // Remove the object behind the upload plugin's back (a lifecycle rule, a manual cleanup …).
    const client = new S3Client({
      endpoint: s3.endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    });
    await client.send(new DeleteObjectCommand({ Bucket: s3.bucket, Key: `${invoice.pdf.hash}${invoice.pdf.ext}` }));
    expect((await fetch(invoice.pdf.url)).status).toBe(404);

    const res = await getPdf(app, `/bookings/${booking.documentId}/invoice`, customer.auth);
    expect(res.status).toBe(200);
    expect((await pdfText(res.body as Buffer)).text).toContain(`Invoice ${invoice.number}`);
    expect(await app.strapi.db.query(INVOICE).count({ where: { booking: { documentId: booking.documentId } } })).toBe(1);
  });
});
