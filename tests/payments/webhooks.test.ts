import crypto from 'node:crypto';
import { signPayload } from '../../tools/stripe-emulator';
import { bookingRow, createBooking, localTime, setSetting } from '../harness/bookings';
import { payBooking, paymentRow, processPayment, startPaymentsApp, WEBHOOK_SECRET, type PaymentsApp } from '../harness/payments';
import { createCustomer, createVendor, type TestUser, type TestVendor } from '../harness/users';
import { createVenue, type TestVenue } from '../harness/venues';

const ZONE = 'Europe/Berlin';
const MINUTE = 60_000;
let ctx: PaymentsApp;
let vendor: TestVendor;
let venue: TestVenue;
let requestVenue: TestVenue;
let customer: TestUser;
let other: TestUser;

const book = async (user: TestUser, day: number, from: string, to: string, target: TestVenue = venue) => {
  const res = await createBooking(ctx.app, user, {
    venue: target.documentId,
    start: localTime(ZONE, day, from),
    end: localTime(ZONE, day, to),
    guests: 4,
  });
  if (res.status !== 201) throw new Error(`booking failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.data as { documentId: string; total_amount: number; hold_expires_at: string };
};

const webhook = (body: string, signature?: string) => {
  const req = ctx.app.http().post(ctx.app.api('/payments/webhook')).set('Content-Type', 'application/json');
  return (signature ? req.set('Stripe-Signature', signature) : req).send(body);
};

const processedEvents = () =>
  ctx.app.strapi.db.connection('payment_webhook_events').count<{ count: string | number }[]>('* as count').first();

/** Domain events published while `work` runs. */
const eventsDuring = async (names: string[], work: () => Promise<unknown>) => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the running app's own module instance, from dist/
  const { eventBus } = require(`${ctx.app.strapi.dirs.dist.root}/src/infra/event-bus`);
  const seen: Array<{ name: string; payload: Record<string, unknown> }> = [];
  const stops = names.map((name) => eventBus.subscribe(name, (payload: Record<string, unknown>) => seen.push({ name, payload })));
  try {
    await work();
    await new Promise((resolve) => setTimeout(resolve, 50));
  } finally {
    stops.forEach((stop: () => void) => stop());
  }
  return seen;
};

const engine = () => ctx.app.strapi.service('api::booking.booking-engine');
const reconcile = (now = Date.now() + 10 * MINUTE) => ctx.app.strapi.plugin('payments').service('reconciliation').run({ now });

beforeAll(async () => {
  ctx = await startPaymentsApp();
  vendor = await createVendor(ctx.app);
  venue = await createVenue(ctx.app, vendor);
  requestVenue = await createVenue(ctx.app, vendor, { booking_mode: 'request', cancellation_policy: 'flexible' });
  customer = await createCustomer(ctx.app);
  other = await createCustomer(ctx.app);
  await setSetting(ctx.app, 'booking.max_active_holds_per_customer', 100);
});
afterAll(async () => {
  await ctx?.stop();
});

describe('webhook signatures', () => {
  const payload = () =>
    JSON.stringify({
      id: `evt_${crypto.randomBytes(6).toString('hex')}`,
      object: 'event',
      type: 'payment_intent.succeeded',
      created: Math.floor(Date.now() / 1000),
      data: { object: { id: 'pi_forged', object: 'payment_intent', metadata: {} } },
    });

  it.each([
    ['missing', (_body: string) => undefined],
    ['signed with another secret', (body: string) => signPayload(body, 'whsec_wrong')],
    ['stale (older than 300 s)', (body: string) => signPayload(body, WEBHOOK_SECRET, Math.floor(Date.now() / 1000) - 301)],
    ['malformed', (_body: string) => 't=abc,v1=nothex'],
  ])('a %s signature → 400 and nothing changes', async (_label, sign) => {
    const before = await processedEvents();
    const body = payload();
    const res = await webhook(body, sign(body));
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ name: 'ValidationError', details: { reason: 'INVALID_SIGNATURE' } });
    expect(await processedEvents()).toEqual(before);
  });

  it('a body changed after signing is refused', async () => {
    const body = payload();
    const res = await webhook(body.replace('pi_forged', 'pi_forgee'), signPayload(body, WEBHOOK_SECRET));
    expect(res.status).toBe(400);
  });

  it('a correctly signed event about an unknown intent is acknowledged and remembered', async () => {
    const intent = await ctx.stripe.paymentIntents.create({ amount: 500, currency: 'eur' });
    const body = JSON.stringify({
      id: `evt_${crypto.randomBytes(6).toString('hex')}`,
      object: 'event',
      type: 'payment_intent.created',
      created: Math.floor(Date.now() / 1000),
      data: { object: { id: intent.id, object: 'payment_intent' } },
    });
    const res = await webhook(body, signPayload(body, WEBHOOK_SECRET));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ received: true, outcome: 'unknown_intent' });
  });
});

describe('webhook event ids', () => {
  it('are forgotten after the retention period by housekeeping, not before', async () => {
    const count = async () => Number((await processedEvents())?.count ?? 0);
    const before = await count();
    expect(before).toBeGreaterThan(0);
    const webhooks = ctx.app.strapi.plugin('payments').service('webhooks');
    expect(await webhooks.purgeOlderThan(Date.now() - 30 * 24 * 3600 * 1000)).toBe(0);
    expect(await count()).toBe(before);
    expect(await webhooks.purgeOlderThan(Date.now() + 1000)).toBe(before);
    expect(await count()).toBe(0);
  });
});

describe('each event applied once, in any order', () => {
  it('the same succeeded event delivered 3× concurrently has one effect', async () => {
    const booking = await book(customer, 10, '10:00', '12:00');
    ctx.em.control.pauseWebhooks();
    const { intentId } = await payBooking(ctx, customer, booking.documentId);
    const [succeeded] = ctx.em.control
      .events({ type: 'payment_intent.succeeded' })
      .filter((event) => event.data.object.id === intentId);
    await ctx.em.control.resumeWebhooks({ flush: false });

    const seen = await eventsDuring(['payment.succeeded', 'booking.updated'], () =>
      Promise.all([1, 2, 3].map(() => ctx.em.control.redeliver(succeeded.id)))
    );
    const deliveries = ctx.em.control.deliveries({ event_id: succeeded.id }).filter((d) => d.reason === 'redeliver');
    expect(deliveries.map((d) => d.status_code)).toEqual([200, 200, 200]);
    expect(seen.filter((e) => e.name === 'payment.succeeded')).toHaveLength(1);
    expect(seen.filter((e) => e.name === 'booking.updated' && e.payload.status === 'confirmed')).toHaveLength(1);
    expect(await bookingRow(ctx.app, booking.documentId)).toMatchObject({ status: 'confirmed', payment_status: 'paid' });
    const rows = await ctx.app.strapi.db.connection('payment_webhook_events').where({ event_id: succeeded.id });
    expect(rows).toHaveLength(1);
  });

  it('a read overtaken by a newer one (it waited for the lock) does not move the payment backwards', async () => {
    const booking = await book(customer, 21, '10:00', '12:00');
    const processed = await processPayment(ctx, customer, booking.documentId);
    const sync = ctx.app.strapi.plugin('payments').service('payment-sync');
    const old = await sync.read(processed.body.data.payment_intent_id); // requires_payment_method
    await ctx.stripe.paymentIntents.confirm(processed.body.data.payment_intent_id, { payment_method: 'pm_card_visa' });
    await ctx.em.control.idle(10_000);
    expect(await paymentRow(ctx, booking.documentId)).toMatchObject({ status: 'succeeded' });

    const seen = await eventsDuring(['payment.succeeded', 'booking.updated'], async () => {
      await sync.apply(old);
      await reconcile();
    });
    expect(await paymentRow(ctx, booking.documentId)).toMatchObject({
      status: 'succeeded',
      amount_captured: booking.total_amount,
    });
    expect(await bookingRow(ctx.app, booking.documentId)).toMatchObject({ status: 'confirmed', payment_status: 'paid' });
    expect(seen).toEqual([]);
  });

  it('events replayed in reverse order converge on the provider state', async () => {
    const booking = await book(customer, 11, '10:00', '12:00');
    ctx.em.control.pauseWebhooks();
    const { intentId } = await payBooking(ctx, customer, booking.documentId, 'pm_card_chargeDeclined');
    await ctx.stripe.paymentIntents.confirm(intentId, { payment_method: 'pm_card_visa' });
    const ids = ctx.em.control
      .events()
      .filter((event) => event.data.object.id === intentId || event.data.object.payment_intent === intentId)
      .map((event) => event.id);
    await ctx.em.control.resumeWebhooks({ flush: false });
    expect(ids.length).toBeGreaterThanOrEqual(3);

    // succeeded arrives first, the earlier payment_failed afterwards: the booking stays paid.
    await ctx.em.control.deliver(ids, 'reverse');
    expect(await bookingRow(ctx.app, booking.documentId)).toMatchObject({ status: 'confirmed', payment_status: 'paid' });
    expect(await paymentRow(ctx, booking.documentId)).toMatchObject({ status: 'succeeded', failure_reason: null });
  });
});

describe('money arriving after the hold ran out', () => {
  it('confirms the booking when its time is still free', async () => {
    const booking = await book(customer, 12, '10:00', '12:00');
    const processed = await processPayment(ctx, customer, booking.documentId);
    await engine().runMaintenance({ now: Date.parse(booking.hold_expires_at) + MINUTE });
    expect(await bookingRow(ctx.app, booking.documentId)).toMatchObject({ status: 'expired' });

    await ctx.stripe.paymentIntents.confirm(processed.body.data.payment_intent_id, { payment_method: 'pm_card_visa' });
    await ctx.em.control.idle(10_000);
    expect(await bookingRow(ctx.app, booking.documentId)).toMatchObject({ status: 'confirmed', payment_status: 'paid' });
  });

  it('refunds automatically (and says so) when someone else took the time', async () => {
    const booking = await book(customer, 13, '10:00', '12:00');
    const processed = await processPayment(ctx, customer, booking.documentId);
    await engine().runMaintenance({ now: Date.parse(booking.hold_expires_at) + MINUTE });
    const taken = await book(other, 13, '10:00', '12:00');
    expect(taken.documentId).not.toBe(booking.documentId);

    const seen = await eventsDuring(['payment.refunded', 'payment.succeeded'], async () => {
      await ctx.stripe.paymentIntents.confirm(processed.body.data.payment_intent_id, { payment_method: 'pm_card_visa' });
      await ctx.em.control.idle(10_000);
    });
    expect(await bookingRow(ctx.app, booking.documentId)).toMatchObject({
      status: 'expired',
      payment_status: 'refunded',
      refunded_amount: booking.total_amount,
    });
    const payment = await paymentRow(ctx, booking.documentId);
    expect(payment).toMatchObject({ status: 'refunded', refunded_amount: booking.total_amount });
    expect(payment.refunds).toEqual([
      expect.objectContaining({ kind: 'slot_gone', status: 'succeeded', amount: booking.total_amount, initiated_by: 'system' }),
    ]);
    expect(seen.filter((e) => e.name === 'payment.refunded')).toEqual([
      {
        name: 'payment.refunded',
        payload: expect.objectContaining({ booking: booking.documentId, automatic: true, amount: booking.total_amount }),
      },
    ]);
    expect(seen.filter((e) => e.name === 'payment.succeeded')).toHaveLength(0);
    const stripeRefunds = await ctx.stripe.refunds.list({ payment_intent: processed.body.data.payment_intent_id });
    expect(stripeRefunds.data.map((r) => r.amount)).toEqual([booking.total_amount]);
    expect(await bookingRow(ctx.app, taken.documentId)).toMatchObject({ status: 'pending_payment' });
  });
});

describe('reconciliation', () => {
  it('repairs a booking whose webhook never came', async () => {
    const booking = await book(customer, 14, '10:00', '12:00');
    ctx.em.control.pauseWebhooks();
    await payBooking(ctx, customer, booking.documentId);
    expect(await bookingRow(ctx.app, booking.documentId)).toMatchObject({ status: 'pending_payment' });

    const report = await reconcile();
    await ctx.em.control.resumeWebhooks({ flush: false });
    expect(report).toMatchObject({ errors: 0 });
    expect(report.changed).toBeGreaterThanOrEqual(1);
    expect(await bookingRow(ctx.app, booking.documentId)).toMatchObject({ status: 'confirmed', payment_status: 'paid' });
    // Nothing left to repair on the next round.
    expect((await reconcile()).changed).toBe(0);
  });

  it('cancels the unpaid intent of a booking that ended more than an hour ago, not sooner', async () => {
    const booking = await book(customer, 22, '10:00', '12:00');
    const processed = await processPayment(ctx, customer, booking.documentId);
    const intentId = processed.body.data.payment_intent_id;
    await engine().runMaintenance({ now: Date.parse(booking.hold_expires_at) + MINUTE });
    expect(await bookingRow(ctx.app, booking.documentId)).toMatchObject({ status: 'expired' });

    expect((await reconcile(Date.now() + 10 * MINUTE)).abandoned).toBe(0);
    expect((await ctx.stripe.paymentIntents.retrieve(intentId)).status).toBe('requires_payment_method');
    const report = await reconcile(Date.now() + 2 * 60 * MINUTE);
    expect(report).toMatchObject({ abandoned: 1, errors: 0 });
    expect((await ctx.stripe.paymentIntents.retrieve(intentId)).status).toBe('canceled');
    expect(await paymentRow(ctx, booking.documentId)).toMatchObject({ status: 'canceled' });
    expect((await reconcile(Date.now() + 3 * 60 * MINUTE)).abandoned).toBe(0);
  });

  it('POST /payments/verify applies the provider state on demand', async () => {
    const booking = await book(customer, 15, '10:00', '12:00');
    ctx.em.control.pauseWebhooks();
    await payBooking(ctx, customer, booking.documentId);
    const res = await ctx.app
      .http()
      .post(ctx.app.api('/payments/verify'))
      .set(customer.auth)
      .send({ booking: booking.documentId });
    await ctx.em.control.resumeWebhooks({ flush: false });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      payment: { status: 'succeeded' },
      booking: { status: 'confirmed', payment_status: 'paid' },
    });
  });
});

describe('request-to-book: authorize, then the vendor decides', () => {
  const approve = (id: string, who: TestUser = vendor) =>
    ctx.app
      .http()
      .post(ctx.app.api(`/vendor-dashboard/bookings/requests/${id}/approve`))
      .set(who.auth)
      .send({});
  const decline = (id: string) =>
    ctx.app
      .http()
      .post(ctx.app.api(`/vendor-dashboard/bookings/requests/${id}/decline`))
      .set(vendor.auth)
      .send({ reason: 'Private event' });

  it('approval captures the authorization and confirms the booking', async () => {
    const booking = await book(customer, 16, '10:00', '12:00', requestVenue);
    const { intentId, processed } = await payBooking(ctx, customer, booking.documentId);
    expect(processed.capture_method).toBe('manual');
    expect(await bookingRow(ctx.app, booking.documentId)).toMatchObject({ status: 'requested', payment_status: 'authorized' });
    expect((await ctx.stripe.paymentIntents.retrieve(intentId)).status).toBe('requires_capture');

    expect((await approve(booking.documentId, customer)).status).toBe(403); // not a vendor at all
    expect((await approve(booking.documentId, await createVendor(ctx.app))).status).toBe(404); // not this venue's vendor
    expect((await ctx.stripe.paymentIntents.retrieve(intentId)).status).toBe('requires_capture');
    const res = await approve(booking.documentId);
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ status: 'confirmed', payment_status: 'paid' });
    const intent = await ctx.stripe.paymentIntents.retrieve(intentId);
    expect(intent).toMatchObject({ status: 'succeeded', amount_received: booking.total_amount });
  });

  it('an authorization found on an already confirmed booking is captured on the next sync', async () => {
    const booking = await book(customer, 20, '10:00', '12:00', requestVenue);
    const { intentId } = await payBooking(ctx, customer, booking.documentId);
    // Confirmed without going through payments (e.g. approved while the authorization was still in flight).
    await engine().approve({ kind: 'user', userId: vendor.id, role: 'vendor' }, booking.documentId);
    const res = await ctx.app
      .http()
      .post(ctx.app.api('/payments/verify'))
      .set(customer.auth)
      .send({ booking: booking.documentId });
    expect(res.status).toBe(200);
    await ctx.em.control.idle(10_000);
    expect((await ctx.stripe.paymentIntents.retrieve(intentId)).status).toBe('succeeded');
    expect(await bookingRow(ctx.app, booking.documentId)).toMatchObject({ status: 'confirmed', payment_status: 'paid' });
  });

  it('a request without an authorized payment cannot be approved (409)', async () => {
    const booking = await book(customer, 17, '10:00', '12:00', requestVenue);
    const res = await approve(booking.documentId);
    expect(res.status).toBe(409);
    expect(res.body.error.details.reason).toBe('PAYMENT_NOT_AUTHORIZED');
    expect(await bookingRow(ctx.app, booking.documentId)).toMatchObject({ status: 'requested' });
  });

  it('decline releases the authorization', async () => {
    const booking = await book(customer, 18, '10:00', '12:00', requestVenue);
    const { intentId } = await payBooking(ctx, customer, booking.documentId);
    const res = await decline(booking.documentId);
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ status: 'rejected', payment_status: 'unpaid' });
    expect((await ctx.stripe.paymentIntents.retrieve(intentId)).status).toBe('canceled');
    expect(await paymentRow(ctx, booking.documentId)).toMatchObject({ status: 'canceled', amount_captured: 0 });
  });
});

describe('disputes', () => {
  it('charge.dispute.created flags the payment once and tells the platform', async () => {
    const booking = await book(customer, 19, '10:00', '12:00');
    const { intentId } = await payBooking(ctx, customer, booking.documentId);
    const seen = await eventsDuring(['payment.disputed'], async () => {
      ctx.em.control.dispute(intentId, { reason: 'fraudulent' });
      await ctx.em.control.idle(10_000);
      const [created] = ctx.em.control
        .events({ type: 'charge.dispute.created' })
        .filter((e) => e.data.object.payment_intent === intentId);
      await ctx.em.control.redeliver(created.id);
    });
    expect(await paymentRow(ctx, booking.documentId)).toMatchObject({ disputed: true });
    expect(seen).toEqual([
      { name: 'payment.disputed', payload: expect.objectContaining({ booking: booking.documentId, reason: 'fraudulent' }) },
    ]);
  });
});
