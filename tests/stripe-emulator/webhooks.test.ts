import Stripe from 'stripe';
import { createEmulator, type Emulator, type Delivery, type EmulatorEvent } from '../../tools/stripe-emulator';
import { startWebhookReceiver, type WebhookReceiver } from '../../tools/stripe-emulator/testing';

const SECRET = 'whsec_test_emulator_secret';

describe('stripe emulator: webhooks', () => {
  let em: Emulator;
  let stripe: Stripe;
  let receiver: WebhookReceiver;

  const control = async <T = Record<string, unknown>>(path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${em.url}/_emulator${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    expect(res.status).toBe(200);
    return (await res.json()) as T;
  };
  const types = () => receiver.received.map((r) => r.event.type);

  beforeEach(async () => {
    receiver = await startWebhookReceiver();
    em = await createEmulator({ webhook: { url: receiver.url, secret: SECRET, retryDelaysMs: [30, 60], timeoutMs: 2000 } });
    stripe = new Stripe('sk_test_123', { host: '127.0.0.1', port: em.port, protocol: 'http', maxNetworkRetries: 0 });
  });
  afterEach(async () => {
    await em.close();
    await receiver.close();
  });

  it('signs deliveries so stripe.webhooks.constructEvent verifies them; a tampered body fails', async () => {
    const pi = await stripe.paymentIntents.create(
      { amount: 3_000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true, metadata: { booking: 'b1' } },
      { idempotencyKey: 'idem-wh' }
    );
    await receiver.waitFor(() => receiver.ofType('payment_intent.succeeded').length === 1);
    const hit = receiver.ofType('payment_intent.succeeded')[0];
    expect(hit.headers['content-type']).toContain('application/json');
    const sig = String(hit.headers['stripe-signature']);
    expect(sig).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);

    const event = stripe.webhooks.constructEvent(hit.rawBody, sig, SECRET);
    expect(event).toMatchObject({
      object: 'event',
      type: 'payment_intent.succeeded',
      livemode: false,
      api_version: '2026-10-28.endive',
      pending_webhooks: 1,
      request: { id: expect.stringMatching(/^req_/), idempotency_key: 'idem-wh' },
      data: { object: { id: pi.id, status: 'succeeded', metadata: { booking: 'b1' } } },
    });
    expect(event.id).toMatch(/^evt_/);
    expect(event.created).toEqual(expect.any(Number));

    const tampered = hit.rawBody.replace('"amount": 3000', '"amount": 1');
    expect(tampered).not.toBe(hit.rawBody);
    expect(() => stripe.webhooks.constructEvent(tampered, sig, SECRET)).toThrow(Stripe.errors.StripeSignatureVerificationError);
    expect(() => stripe.webhooks.constructEvent(hit.rawBody, sig, 'whsec_wrong')).toThrow(
      Stripe.errors.StripeSignatureVerificationError
    );
    // Events are also retrievable through the API.
    expect((await stripe.events.retrieve(event.id)).type).toBe('payment_intent.succeeded');
  });

  it('emits events on every state change', async () => {
    const cus = await stripe.customers.create();
    const manual = await stripe.paymentIntents.create({
      amount: 5_000,
      currency: 'usd',
      payment_method: 'pm_card_visa',
      confirm: true,
      capture_method: 'manual',
    });
    await stripe.paymentIntents.capture(manual.id);
    await stripe.refunds.create({ payment_intent: manual.id, amount: 1_000 });
    await control(`/payment_intents/${manual.id}/dispute`, { reason: 'product_not_received' });
    await stripe.paymentIntents
      .create({ amount: 5_000, currency: 'usd', payment_method: 'pm_card_chargeDeclined', confirm: true })
      .catch(() => undefined);
    const sca = await stripe.paymentIntents.create({
      amount: 5_000,
      currency: 'usd',
      payment_method: 'pm_card_threeDSecure2Required',
      confirm: true,
    });
    await stripe.paymentIntents.cancel(sca.id);
    await stripe.setupIntents.create({ customer: cus.id, payment_method: 'pm_card_visa', confirm: true });

    const expected = [
      'payment_intent.created',
      'payment_intent.amount_capturable_updated',
      'payment_intent.succeeded',
      'charge.captured',
      'charge.refunded',
      'refund.created',
      'charge.dispute.created',
      'payment_intent.payment_failed',
      'charge.failed',
      'payment_intent.requires_action',
      'payment_intent.canceled',
      'setup_intent.succeeded',
      'payment_method.attached',
    ];
    await receiver.waitFor(() => expected.every((t) => types().includes(t)));
    expect(await em.control.idle(5000)).toBe(true);
    // Every event was delivered exactly once and every delivery succeeded.
    const all = em.control.events();
    expect(receiver.received.map((r) => r.event.id).sort()).toEqual(all.map((e) => e.id).sort());
    const refunded = receiver.ofType('charge.refunded')[0].event;
    expect(refunded.data.object).toMatchObject({ amount_refunded: 1_000, refunded: false });
    expect(refunded.data.previous_attributes).toEqual({ amount_refunded: 0, refunded: false });
    expect(receiver.ofType('charge.dispute.created')[0].event.data.object).toMatchObject({
      object: 'dispute',
      reason: 'product_not_received',
      payment_intent: manual.id,
      status: 'needs_response',
    });
    const deliveries = (await control<{ data: Delivery[] }>('/deliveries')).data;
    expect(deliveries).toHaveLength(all.length);
    expect(deliveries.every((d) => d.status === 'succeeded' && d.status_code === 200 && d.attempts.length === 1)).toBe(true);
  });

  it('retries non-2xx responses with backoff and records every attempt', async () => {
    receiver.respondWith = (i) => (i < 2 ? 500 : 200);
    const cus = await stripe.customers.create();
    await receiver.waitFor((r) => r.length === 3);
    expect(await em.control.idle(5000)).toBe(true);
    const [d] = em.control.deliveries({ type: 'customer.created' });
    expect(d).toMatchObject({ status: 'succeeded', status_code: 200, reason: 'automatic' });
    expect(d.attempts.map((a) => a.status_code)).toEqual([500, 500, 200]);
    expect(receiver.received.every((r) => r.event.data.object.id === cus.id)).toBe(true);
    // Backoff: the gaps grow (30 ms then 60 ms).
    const [a, b, c] = receiver.received.map((r) => r.at);
    expect(b - a).toBeGreaterThanOrEqual(25);
    expect(c - b).toBeGreaterThanOrEqual(55);

    receiver.respondWith = 503;
    await stripe.customers.update(cus.id, { name: 'x' });
    expect(await em.control.idle(5000)).toBe(true);
    const [failed] = em.control.deliveries({ type: 'customer.updated' });
    expect(failed).toMatchObject({ status: 'failed', status_code: 503 });
    expect(failed.attempts).toHaveLength(3);
  });

  it('records connection errors when the endpoint is down', async () => {
    const down = await startWebhookReceiver();
    const deadUrl = down.url;
    await down.close();
    await control('/webhook', { url: deadUrl, retry_delays_ms: [10] });
    await stripe.customers.create();
    expect(await em.control.idle(5000)).toBe(true);
    const [d] = em.control.deliveries();
    expect(d).toMatchObject({ status: 'failed', status_code: null, url: deadUrl });
    expect(d.attempts).toHaveLength(2);
    expect(d.attempts[0].error).toEqual(expect.any(String));
  });

  it('redelivers duplicates and replays events in reverse order through the control API', async () => {
    const pi = await stripe.paymentIntents.create({
      amount: 5_000,
      currency: 'usd',
      payment_method: 'pm_card_visa',
      confirm: true,
      capture_method: 'manual',
    });
    await stripe.paymentIntents.capture(pi.id);
    await receiver.waitFor(() => types().includes('payment_intent.succeeded'));
    expect(await em.control.idle(5000)).toBe(true);
    const events = (await control<{ data: EmulatorEvent[] }>('/events')).data;
    const byType = (t: string) => events.find((e) => e.type === t)?.id;
    const succeeded = byType('payment_intent.succeeded');

    const before = receiver.received.length;
    const dup = await control(`/events/${succeeded}/redeliver`, {});
    expect(dup).toMatchObject({ event_id: succeeded, reason: 'redeliver', status: 'succeeded' });
    expect(receiver.received.slice(before).map((r) => r.event.id)).toEqual([succeeded]);
    expect(receiver.received.filter((r) => r.event.id === succeeded)).toHaveLength(2);
    // The duplicate is byte-identical apart from the fresh signature and still verifies.
    const copies = receiver.received.filter((r) => r.event.id === succeeded);
    expect(copies[1].rawBody).toBe(copies[0].rawBody);
    expect(stripe.webhooks.constructEvent(copies[1].rawBody, String(copies[1].headers['stripe-signature']), SECRET).id).toBe(
      succeeded
    );

    const order = [byType('payment_intent.created'), byType('payment_intent.amount_capturable_updated'), succeeded];
    const mark = receiver.received.length;
    const replay = await control<{ data: Delivery[] }>('/deliver', { event_ids: order, order: 'reverse' });
    expect(replay.data.map((d) => d.event_id)).toEqual([...order].reverse());
    expect(receiver.received.slice(mark).map((r) => r.event.id)).toEqual([...order].reverse());
    expect(em.control.deliveries({ event_id: succeeded }).map((d) => d.reason)).toEqual(['automatic', 'redeliver', 'replay']);
  });

  it('pause simulates an outage; resume flushes the backlog in order', async () => {
    await control('/webhooks/pause', {});
    const pi = await stripe.paymentIntents.create({
      amount: 5_000,
      currency: 'usd',
      payment_method: 'pm_card_visa',
      confirm: true,
    });
    await stripe.refunds.create({ payment_intent: pi.id });
    await new Promise((r) => setTimeout(r, 100));
    expect(receiver.received).toHaveLength(0);
    const queued = (await control<{ data: Delivery[] }>('/deliveries')).data;
    expect(queued.length).toBeGreaterThanOrEqual(4);
    expect(queued.every((d) => d.status === 'queued' && d.attempts.length === 0)).toBe(true);

    const resumed = await control('/webhooks/resume', {});
    expect(resumed).toMatchObject({ paused: false });
    expect(resumed.delivered).toHaveLength(queued.length);
    expect(receiver.received.map((r) => r.event.id)).toEqual(em.control.events().map((e) => e.id));
    expect(types()).toEqual(expect.arrayContaining(['payment_intent.succeeded', 'charge.refunded']));
    expect(em.control.deliveries().every((d) => d.status === 'succeeded' && d.reason === 'resume')).toBe(true);

    // After resuming, delivery is automatic again.
    await stripe.customers.create();
    await receiver.waitFor(() => types().includes('customer.created'));
  });

  it('configures the endpoint at runtime and reset clears all state', async () => {
    await control('/webhook', { url: null });
    await stripe.customers.create();
    expect(em.control.deliveries()).toHaveLength(0);
    expect(em.control.events()[0].pending_webhooks).toBe(0);

    const other = await startWebhookReceiver();
    try {
      const cfg = await control('/webhook', { url: other.url, secret: 'whsec_other' });
      expect(cfg).toMatchObject({ url: other.url, secret: 'whsec_other' });
      await stripe.customers.create({ email: 'late@example.com' });
      await other.waitFor((r) => r.length === 1);
      const hit = other.received[0];
      expect(stripe.webhooks.constructEvent(hit.rawBody, String(hit.headers['stripe-signature']), 'whsec_other').type).toBe(
        'customer.created'
      );
    } finally {
      await other.close();
    }
    await control('/reset', {});
    expect((await stripe.customers.list()).data).toHaveLength(0);
    expect((await control('/events')).data).toHaveLength(0);
  });
});
