import { bookingRow, createBooking, localTime, setSetting } from '../harness/bookings';
import { eventually } from '../harness/smtp';
import { getPdf, pdfText } from '../invoices/helpers';
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
  const res = await createBooking(ctx.app, user, {
    venue: target.documentId,
    start: localTime(ZONE, day, from),
    end: localTime(ZONE, day, to),
    guests: 4,
  });
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
    expect(processed).toMatchObject({
      amount: booking.total_amount,
      currency: 'EUR',
      capture_method: 'automatic',
      status: 'requires_payment_method',
    });
    expect(processed.client_secret).toMatch(/^pi_.+_secret_/);

    const row = await bookingRow(ctx.app, booking.documentId);
    expect(row).toMatchObject({ status: 'confirmed', payment_status: 'paid' });
    const payment = await paymentRow(ctx, booking.documentId);
    expect(payment).toMatchObject({
      transaction_id: intentId,
      status: 'succeeded',
      amount: booking.total_amount,
      amount_captured: booking.total_amount,
    });
    const deliveries = ctx.em.control.deliveries({ type: 'payment_intent.succeeded' });
    expect(deliveries.some((d) => d.status === 'succeeded' && d.status_code === 200)).toBe(true);
  });

  it('the paid booking gets its invoice (issued from the payment event) and a credit note for a refund', async () => {
    const booking = await book(customer, 18, '10:00', '13:00');
    await payBooking(ctx, customer, booking.documentId);
    // Issued after the commit by the invoicing subscriber: no download needed to create it.
    const invoice = await eventually(() =>
      ctx.app.strapi.db
        .query('api::invoice.invoice')
        .findOne({ where: { booking: { documentId: booking.documentId }, kind: 'invoice' } })
    );
    const year = new Date(invoice.issued_at).getUTCFullYear();
    expect(invoice.number).toMatch(new RegExp(`^INV-${year}-\\d{6}$`));
    expect(invoice).toMatchObject({ total: booking.total_amount, subtotal: 30000, platform_fee: 3000, tax: 0, currency: 'EUR' });

    const res = await getPdf(ctx.app, `/bookings/${booking.documentId}/invoice`, customer.auth);
    expect(res.status).toBe(200);
    const { text } = await pdfText(res.body as Buffer);
    expect(text).toContain(`Invoice ${invoice.number}`);
    expect(text).toMatch(/Platform fee\s+30\.00 EUR/);
    expect(text).toMatch(/Total\s+330\.00 EUR/);
    expect((await getPdf(ctx.app, `/bookings/${booking.documentId}/invoice`, stranger.auth)).status).toBe(404);

    const refund = await ctx.app
      .http()
      .post(ctx.app.api('/payments/refund'))
      .set(vendor.auth)
      .send({ booking: booking.documentId, amount: 3300, reason: 'Late start' });
    expect(refund.status).toBe(200);
    const credit = await eventually(() =>
      ctx.app.strapi.db
        .query('api::invoice.invoice')
        .findOne({ where: { booking: { documentId: booking.documentId }, kind: 'credit_note' } })
    );
    expect(credit.number).toMatch(new RegExp(`^CN-${year}-\\d{6}$`));
    expect(credit.total).toBe(3300);
  });

  it('a second process call returns the same PaymentIntent', async () => {
    const booking = await book(customer, 11, '10:00', '12:00');
    const first = await processPayment(ctx, customer, booking.documentId);
    const second = await processPayment(ctx, customer, booking.documentId);
    expect(first.status).toBe(200);
    expect(second.body.data.payment_intent_id).toBe(first.body.data.payment_intent_id);
    const count = await ctx.app.strapi.db
      .query('api::payment.payment')
      .count({ where: { booking: { documentId: booking.documentId } } });
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

describe('declined and 3-D Secure cards', () => {
  it('a declined card leaves the booking held with payment_status failed; another card then pays it', async () => {
    const booking = await book(customer, 13, '10:00', '12:00');
    const { intentId, confirmed } = await payBooking(
      ctx,
      customer,
      booking.documentId,
      'pm_card_chargeDeclinedInsufficientFunds'
    );
    expect(confirmed).toMatchObject({ type: 'StripeCardError', decline_code: 'insufficient_funds' });
    expect(await bookingRow(ctx.app, booking.documentId)).toMatchObject({ status: 'pending_payment', payment_status: 'failed' });
    expect(await paymentRow(ctx, booking.documentId)).toMatchObject({ status: 'failed', failure_reason: 'insufficient_funds' });

    await ctx.stripe.paymentIntents.confirm(intentId, { payment_method: 'pm_card_visa' });
    await ctx.em.control.idle(10_000);
    expect(await bookingRow(ctx.app, booking.documentId)).toMatchObject({ status: 'confirmed', payment_status: 'paid' });
  });

  it('a card that needs authentication waits in requires_action until the customer completes it', async () => {
    const booking = await book(customer, 14, '10:00', '12:00');
    const { intentId } = await payBooking(ctx, customer, booking.documentId, 'pm_card_threeDSecure2Required');
    expect(await paymentRow(ctx, booking.documentId)).toMatchObject({ status: 'requires_action' });
    expect(await bookingRow(ctx.app, booking.documentId)).toMatchObject({ status: 'pending_payment', payment_status: 'unpaid' });
    ctx.em.control.completeAction(intentId);
    await ctx.em.control.idle(10_000);
    expect(await bookingRow(ctx.app, booking.documentId)).toMatchObject({ status: 'confirmed', payment_status: 'paid' });
  });
});

describe('payments as compensating steps', () => {
  it('the hold running out between creating the intent and recording it cancels the intent (409)', async () => {
    const booking = await book(customer, 15, '10:00', '12:00');
    const { strapi } = ctx.app;
    let calls = 0;
    // The first look at the clock is before the intent is created, the second one when recording it: 20 minutes later.
    const clock = () => Date.now() + (calls++ === 0 ? 0 : 20 * 60_000);
    const actor = { kind: 'user' as const, userId: customer.id, role: 'customer' as const };
    await expect(
      strapi.plugin('payments').service('checkout').process(actor, booking.documentId, { clock })
    ).rejects.toMatchObject({ code: 'not_payable' });

    const intents = await ctx.stripe.paymentIntents.list({ limit: 100 });
    const created = intents.data.find((intent) => intent.metadata.booking === booking.documentId);
    expect(created?.status).toBe('canceled');
    expect(await paymentRow(ctx, booking.documentId)).toBeNull();
  });
});

describe('Idempotency-Key on POST /payments/process', () => {
  it('replays the first answer', async () => {
    const booking = await book(customer, 16, '10:00', '12:00');
    const headers = { 'Idempotency-Key': `pay-${booking.documentId}` };
    const first = await processPayment(ctx, customer, booking.documentId, headers);
    const again = await processPayment(ctx, customer, booking.documentId, headers);
    expect(again.status).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
  });
});

describe('GET /payments/history', () => {
  it("lists the caller's payments, newest first, and a vendor's received ones", async () => {
    const res = await ctx.app.http().get(ctx.app.api('/payments/history')).set(customer.auth);
    expect(res.status).toBe(200);
    expect(res.body.meta.pagination.total).toBeGreaterThanOrEqual(4);
    const times = res.body.data.map((p: { created_at: string }) => Date.parse(p.created_at));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(res.body.data[0]).not.toHaveProperty('raw');
    expect(JSON.stringify(res.body)).not.toMatch(/stripe_account_id|stripe_charge_id|client_secret/);

    const none = await ctx.app.http().get(ctx.app.api('/payments/history')).set(stranger.auth);
    expect(none.body.data).toEqual([]);
    const received = await ctx.app.http().get(ctx.app.api('/payments/history?scope=received')).set(vendor.auth);
    expect(received.body.meta.pagination.total).toBe(res.body.meta.pagination.total);
    expect((await ctx.app.http().get(ctx.app.api('/payments/history?scope=received')).set(customer.auth)).status).toBe(403);
    expect((await ctx.app.http().get(ctx.app.api('/payments/history?pageSize=500')).set(customer.auth)).status).toBe(400);
    expect((await ctx.app.http().get(ctx.app.api('/payments/history'))).status).toBe(403);
  });
});

describe('database invariants', () => {
  it('a second payment row for the same PaymentIntent is refused by a unique index', async () => {
    const booking = await book(customer, 17, '10:00', '12:00');
    const processed = await processPayment(ctx, customer, booking.documentId);
    const row = await ctx.app.strapi.db
      .connection('payments')
      .where({ transaction_id: processed.body.data.payment_intent_id })
      .first();
    const { id: _id, document_id: _doc, ...copy } = row;
    const inserted = await ctx.app.strapi.db
      .connection('payments')
      .insert({ ...copy, document_id: 'duplicate-row' })
      .then(
        () => 'inserted',
        (error: Error) => error.message
      );
    expect(inserted).toMatch(/unique|UNIQUE/);
  });
});
