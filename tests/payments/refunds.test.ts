import { bookingRow, createBooking, localTime, setSetting } from '../harness/bookings';
import { describeWith } from '../harness/services';
import { payBooking, paymentRow, startPaymentsApp, type PaymentsApp } from '../harness/payments';
import { createCustomer, createVendor, type TestUser, type TestVendor } from '../harness/users';
import { createVenue, type TestVenue } from '../harness/venues';

const ZONE = 'Europe/Berlin';
const HOUR = 3_600_000;
let ctx: PaymentsApp;
let vendor: TestVendor;
let moderate: TestVenue;
let customer: TestUser;
let day = 20;

const paidBooking = async (target: TestVenue = moderate, user: TestUser = customer) => {
  const res = await createBooking(ctx.app, user, {
    venue: target.documentId,
    start: localTime(ZONE, day, '10:00'),
    end: localTime(ZONE, day, '12:00'),
    guests: 4,
  });
  day += 1;
  if (res.status !== 201) throw new Error(`booking failed: ${res.status} ${JSON.stringify(res.body)}`);
  const booking = res.body.data as { documentId: string; total_amount: number; start_datetime: string };
  const { intentId } = await payBooking(ctx, user, booking.documentId);
  return { ...booking, intentId };
};

const refund = (user: { auth: Record<string, string> }, body: Record<string, unknown>) =>
  ctx.app.http().post(ctx.app.api('/payments/refund')).set(user.auth).send(body);

const stripeRefunds = async (intentId: string) => (await ctx.stripe.refunds.list({ payment_intent: intentId })).data;
const bookingPayments = () => ctx.app.strapi.plugin('payments').service('booking-payments');
const customerActor = () => ({ kind: 'user' as const, userId: customer.id, role: 'customer' as const });

beforeAll(async () => {
  ctx = await startPaymentsApp();
  vendor = await createVendor(ctx.app);
  moderate = await createVenue(ctx.app, vendor, { cancellation_policy: 'moderate' });
  customer = await createCustomer(ctx.app);
  await setSetting(ctx.app, 'booking.max_active_holds_per_customer', 100);
});
afterAll(async () => {
  await ctx?.stop();
});

describe('cancellation refunds by policy tier (moderate: 100 % ≥ 120 h, 50 % ≥ 24 h, else 0)', () => {
  // 2 h × 100.00 + 10 % fee = 220.00
  it.each([
    ['exactly 120 h before start', 22000, 120 * HOUR],
    ['1 ms inside 120 h', 11000, 120 * HOUR - 1],
    ['exactly 24 h before start', 11000, 24 * HOUR],
    ['1 ms inside 24 h', 0, 24 * HOUR - 1],
  ])('%s → refund %i', async (_label, expected, before) => {
    const booking = await paidBooking();
    const now = Date.parse(booking.start_datetime) - before;
    const result = await bookingPayments().cancel(customerActor(), booking.documentId, 'plans changed', { now });
    expect(result.refund).toMatchObject({ amount: expected, status: expected > 0 ? 'refunded' : 'none' });
    expect((await stripeRefunds(booking.intentId)).map((r) => r.amount)).toEqual(expected > 0 ? [expected] : []);
    const row = await bookingRow(ctx.app, booking.documentId);
    expect(row).toMatchObject({
      status: 'cancelled',
      refund_due: 0,
      refunded_amount: expected,
      payment_status: expected === 0 ? 'paid' : expected === booking.total_amount ? 'refunded' : 'partially_refunded',
    });
  });

  it('the vendor cancelling refunds everything, through POST /bookings/:id/cancel', async () => {
    const booking = await paidBooking();
    const res = await ctx.app
      .http()
      .post(ctx.app.api(`/bookings/${booking.documentId}/cancel`))
      .set(vendor.auth)
      .send({ reason: 'Flooded' });
    expect(res.status).toBe(200);
    expect(res.body.data.refund).toMatchObject({
      amount: booking.total_amount,
      basis: 'vendor_cancelled',
      status: 'refunded',
      refund: { status: 'succeeded' },
    });
    expect(await paymentRow(ctx, booking.documentId)).toMatchObject({
      status: 'refunded',
      refunded_amount: booking.total_amount,
    });
  });
});

describe('POST /payments/refund', () => {
  it('a customer gets the policy amount (the booking is cancelled); choosing another amount → 400', async () => {
    const booking = await paidBooking();
    const wrong = await refund(customer, { booking: booking.documentId, amount: 1, reason: 'please' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.details).toMatchObject({ reason: 'REFUND_NOT_ALLOWED', policy_amount: booking.total_amount });
    expect(await bookingRow(ctx.app, booking.documentId)).toMatchObject({ status: 'confirmed' });

    const res = await refund(customer, { booking: booking.documentId, reason: 'please' });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      booking: { status: 'cancelled', payment_status: 'refunded' },
      refund: { status: 'refunded' },
    });
    const again = await refund(customer, { booking: booking.documentId, reason: 'again' });
    expect(again.status).toBe(409);
    expect(again.body.error.details.reason).toBe('NOTHING_TO_REFUND');
  });

  it('a vendor refunds any part of what remains without cancelling; more than remains → 400 and nothing moves', async () => {
    const booking = await paidBooking();
    const part = await refund(vendor, { booking: booking.documentId, amount: 5000, reason: 'Goodwill' });
    expect(part.status).toBe(200);
    expect(part.body.data).toMatchObject({
      booking: { status: 'confirmed', payment_status: 'partially_refunded', refunded_amount: 5000 },
    });

    const over = await refund(vendor, {
      booking: booking.documentId,
      amount: booking.total_amount - 5000 + 1,
      reason: 'Too much',
    });
    expect(over.status).toBe(400);
    expect(over.body.error.details).toMatchObject({ reason: 'OVER_REFUND', remaining: booking.total_amount - 5000 });
    expect((await stripeRefunds(booking.intentId)).map((r) => r.amount)).toEqual([5000]);

    const rest = await refund(vendor, { booking: booking.documentId, reason: 'The rest' });
    expect(rest.status).toBe(200);
    expect(await paymentRow(ctx, booking.documentId)).toMatchObject({
      status: 'refunded',
      refunded_amount: booking.total_amount,
    });
  });

  it('a retried refund with the same Idempotency-Key refunds once and replays the answer', async () => {
    const booking = await paidBooking();
    const send = () =>
      ctx.app
        .http()
        .post(ctx.app.api('/payments/refund'))
        .set({ ...vendor.auth, 'Idempotency-Key': `refund-${booking.documentId}` })
        .send({ booking: booking.documentId, amount: 3000, reason: 'Late start' });
    const first = await send();
    const again = await send();
    expect(first.status).toBe(200);
    expect(again.status).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    expect((await stripeRefunds(booking.intentId)).map((r) => r.amount)).toEqual([3000]);
  });

  it('rejects bad input with 400', async () => {
    const booking = await paidBooking();
    for (const body of [
      { booking: booking.documentId },
      { booking: booking.documentId, reason: 'x', amount: -5 },
      { booking: booking.documentId, reason: 'x', amount: 1.5 },
      { booking: booking.documentId, reason: 'x', extra: 1 },
    ]) {
      expect((await refund(vendor, body)).status).toBe(400);
    }
  });
});

describe('the provider failing during a cancellation', () => {
  it('leaves the refund due, and the reconciliation job pays it once Stripe is back', async () => {
    const booking = await paidBooking();
    ctx.em.control.startOutage({ method: 'POST', path: '/v1/refunds' });
    const res = await ctx.app
      .http()
      .post(ctx.app.api(`/bookings/${booking.documentId}/cancel`))
      .set(vendor.auth)
      .send({ reason: 'Closed' });
    expect(res.status).toBe(200);
    expect(res.body.data.refund).toMatchObject({ amount: booking.total_amount, status: 'due' });
    expect(await bookingRow(ctx.app, booking.documentId)).toMatchObject({
      status: 'cancelled',
      refund_due: booking.total_amount,
    });

    ctx.em.control.endOutage();
    const report = await ctx.app.strapi
      .plugin('payments')
      .service('reconciliation')
      .run({ now: Date.now() + 5 * 60_000 });
    expect(report.errors).toBe(0);
    expect(await bookingRow(ctx.app, booking.documentId)).toMatchObject({ refund_due: 0, payment_status: 'refunded' });
    expect((await stripeRefunds(booking.intentId)).map((r) => r.amount)).toEqual([booking.total_amount]);
    // Running again pays nothing twice.
    await ctx.app.strapi
      .plugin('payments')
      .service('reconciliation')
      .run({ now: Date.now() + 10 * 60_000 });
    expect(await stripeRefunds(booking.intentId)).toHaveLength(1);
  });
});

describe('Stripe Connect', () => {
  it('charges on behalf of the vendor: platform fee as application fee, the rest transferred', async () => {
    const connectVendor = await createVendor(ctx.app);
    const account = await ctx.stripe.accounts.create({ type: 'express', country: 'DE' });
    await ctx.app.strapi.db
      .query('api::vendor-profile.vendor-profile')
      .update({ where: { id: connectVendor.profile.id }, data: { stripe_account_id: account.id } });
    const venue = await createVenue(ctx.app, connectVendor, { cancellation_policy: 'flexible' });
    const booking = await paidBooking(venue);

    const intent = await ctx.stripe.paymentIntents.retrieve(booking.intentId);
    expect(intent.application_fee_amount).toBe(2000); // 10 % of 200.00
    expect(intent.transfer_data?.destination).toBe(account.id);
    const transfers = await ctx.stripe.transfers.list({ destination: account.id });
    expect(transfers.data.map((t) => t.amount)).toEqual([booking.total_amount - 2000]);
    expect(await paymentRow(ctx, booking.documentId)).toMatchObject({ platform_fee: 2000, status: 'succeeded' });
  });
});

describeWith(['postgres'])('concurrent refunds (PostgreSQL row locks)', () => {
  it('ten simultaneous partial refunds never add up to more than was paid', async () => {
    const booking = await paidBooking();
    const results = await Promise.all(
      Array.from({ length: 10 }, () => refund(vendor, { booking: booking.documentId, amount: 5000, reason: 'race' }))
    );
    const ok = results.filter((r) => r.status === 200).length;
    expect(results.every((r) => r.status === 200 || r.status === 400 || r.status === 409)).toBe(true);
    expect(ok).toBe(Math.floor(booking.total_amount / 5000));
    const refunded = (await stripeRefunds(booking.intentId)).reduce((sum, r) => sum + r.amount, 0);
    expect(refunded).toBe(ok * 5000);
    expect(refunded).toBeLessThanOrEqual(booking.total_amount);
    expect(await paymentRow(ctx, booking.documentId)).toMatchObject({ refunded_amount: refunded });
  });
});
