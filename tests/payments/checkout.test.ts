import { bookingRow, createBooking, localTime, setSetting } from '../harness/bookings';
import { payBooking, paymentRow, processPayment, startPaymentsApp, type PaymentsApp } from '../harness/payments';
import { createCustomer, createVendor, type TestUser, type TestVendor } from '../harness/users';
import { createVenue, type TestVenue } from '../harness/venues';

const ZONE = 'Europe/Berlin';
let ctx: PaymentsApp;
let vendor: TestVendor;
let venue: TestVenue;
let customer: TestUser;
let stranger: TestUser;

const book = async (user: TestUser, day: number, from: string, to: string, target: TestVenue = venue) => {
  const res = await createBooking(ctx.app, user, { venue: target.documentId, start: localTime(ZONE, day, from), end: localTime(ZONE, day, to), guests: 4 });
  if (res.status !== 201) throw new Error(`booking failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.data as { documentId: string; total_amount: number };
};

beforeAll(async () => {
  ctx = await startPaymentsApp();
  vendor = await createVendor(ctx.app);
  venue = await createVenue(ctx.app, vendor, { cancellation_policy: 'moderate' });
  customer = await createCustomer(ctx.app);
  stranger = await createCustomer(ctx.app);
  await setSetting(ctx.app, 'booking.max_active_holds_per_customer', 100);
});
afterAll(async () => {
  await ctx?.stop();
});

describe('instant booking paid end to end', () => {
  it('process → card confirmed at Stripe → webhook → booking confirmed and paid', async () => {
    const booking = await book(customer, 10, '10:00', '12:00');
    const { intentId, processed } = await payBooking(ctx, customer, booking.documentId);
    expect(processed).toMatchObject({ amount: booking.total_amount, currency: 'EUR', capture_method: 'automatic', status: 'requires_payment_method' });
    expect(processed.client_secret).toMatch(/^pi_.+_secret_/);

    const row = await bookingRow(ctx.app, booking.documentId);
    expect(row).toMatchObject({ status: 'confirmed', payment_status: 'paid' });
    const payment = await paymentRow(ctx, booking.documentId);
    expect(payment).toMatchObject({ transaction_id: intentId, status: 'succeeded', amount: booking.total_amount, amount_captured: booking.total_amount });
    const deliveries = ctx.em.control.deliveries({ type: 'payment_intent.succeeded' });
    expect(deliveries.some((d) => d.status === 'succeeded' && d.status_code === 200)).toBe(true);
  });

  it('a second process call returns the same PaymentIntent', async () => {
    const booking = await book(customer, 11, '10:00', '12:00');
    const first = await processPayment(ctx, customer, booking.documentId);
    const second = await processPayment(ctx, customer, booking.documentId);
    expect(first.status).toBe(200);
    expect(second.body.data.payment_intent_id).toBe(first.body.data.payment_intent_id);
    const count = await ctx.app.strapi.db.query('api::payment.payment').count({ where: { booking: { documentId: booking.documentId } } });
    expect(count).toBe(1);
  });

  it("another customer cannot pay, verify or refund someone's booking (404)", async () => {
    const booking = await book(customer, 12, '10:00', '12:00');
    const api = (path: string) => ctx.app.http().post(ctx.app.api(path)).set(stranger.auth);
    expect((await api('/payments/process').send({ booking: booking.documentId })).status).toBe(404);
    expect((await api('/payments/verify').send({ booking: booking.documentId })).status).toBe(404);
    expect((await api('/payments/refund').send({ booking: booking.documentId, reason: 'mine' })).status).toBe(404);
  });
});
