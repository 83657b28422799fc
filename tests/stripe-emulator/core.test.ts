import Stripe from 'stripe';
import { parseForm, type Emulator } from '../../tools/stripe-emulator';
import { freshEmulator } from './fresh-emulator';

/** Wire format, auth, idempotency, errors, lists — the plumbing every resource relies on. */
describe('stripe emulator: protocol', () => {
  let em: Emulator;
  let stripe: Stripe;

  beforeEach(async () => {
    ({ em, stripe } = await freshEmulator());
  });
  afterEach(() => em.close());

  it('decodes Stripe form encoding (nested keys, indexed and [] arrays, metadata kept as an object)', () => {
    expect(
      parseForm(
        'amount=100&metadata[booking]=b1&metadata[0]=zero&payment_method_types[]=card&expand[0]=a&expand[1]=b&transfer_data[destination]=acct_1'
      )
    ).toEqual({
      amount: '100',
      metadata: { booking: 'b1', 0: 'zero' },
      payment_method_types: ['card'],
      expand: ['a', 'b'],
      transfer_data: { destination: 'acct_1' },
    });
    expect(parseForm('__proto__[polluted]=1&a[__proto__][x]=1')).toEqual({ a: {} });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('simulates an outage for matching requests until it ends (503 → StripeAPIError)', async () => {
    em.control.startOutage({ method: 'POST', path: '/v1/refunds' });
    await expect(stripe.refunds.create({ payment_intent: 'pi_x' })).rejects.toMatchObject({
      type: 'StripeAPIError',
      statusCode: 503,
    });
    await expect(stripe.customers.create({ email: 'a@b.test' })).resolves.toMatchObject({ object: 'customer' });
    em.control.endOutage();
    await expect(stripe.refunds.create({ payment_intent: 'pi_x' })).rejects.toMatchObject({ type: 'StripeInvalidRequestError' });
  });

  it('rejects missing or non-test API keys with StripeAuthenticationError', async () => {
    const bad = new Stripe('pk_test_123', { host: '127.0.0.1', port: em.port, protocol: 'http', maxNetworkRetries: 0 });
    await expect(bad.customers.list()).rejects.toMatchObject({
      type: 'StripeAuthenticationError',
      statusCode: 401,
      code: 'api_key_invalid',
    });
    const live = new Stripe('sk_live_123', { host: '127.0.0.1', port: em.port, protocol: 'http', maxNetworkRetries: 0 });
    await expect(live.customers.create()).rejects.toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
    const res = await fetch(`${em.url}/v1/customers`);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({
      error: expect.objectContaining({ type: 'invalid_request_error', message: expect.stringContaining('API key') }),
    });
  });

  it('replays an idempotent request and rejects the key with different params', async () => {
    const first = await stripe.customers.create({ email: 'a@example.com' }, { idempotencyKey: 'key-1' });
    const again = await stripe.customers.create({ email: 'a@example.com' }, { idempotencyKey: 'key-1' });
    expect(again.id).toBe(first.id);
    expect(again.lastResponse.headers['idempotent-replayed']).toBe('true');
    expect(first.lastResponse.headers['idempotent-replayed']).toBeUndefined();
    expect((await stripe.customers.list()).data).toHaveLength(1);

    const err = await stripe.customers.create({ email: 'b@example.com' }, { idempotencyKey: 'key-1' }).catch((e) => e);
    expect(err).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect(err.statusCode).toBe(400);
    // The same key on another connected account is a different key.
    const acct = await stripe.accounts.create({ type: 'express' });
    const scoped = await stripe.customers.create({ email: 'b@example.com' }, { idempotencyKey: 'key-1', stripeAccount: acct.id });
    expect(scoped.id).not.toBe(first.id);
  });

  it('replays a card decline under the same idempotency key without a second attempt', async () => {
    const params = { amount: 2000, currency: 'usd', payment_method: 'pm_card_chargeDeclined', confirm: true };
    const e1 = await stripe.paymentIntents.create(params, { idempotencyKey: 'decline-1' }).catch((e) => e);
    const e2 = await stripe.paymentIntents.create(params, { idempotencyKey: 'decline-1' }).catch((e) => e);
    expect(e1).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(e2).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(e2.headers['idempotent-replayed']).toBe('true');
    expect(e2.payment_intent.id).toBe(e1.payment_intent.id);
    expect((await stripe.charges.list()).data).toHaveLength(1);
  });

  it('returns resource_missing as StripeInvalidRequestError, unknown routes as 404', async () => {
    const err = await stripe.paymentIntents.retrieve('pi_nope').catch((e) => e);
    expect(err).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(err).toMatchObject({ statusCode: 404, code: 'resource_missing', param: 'id' });
    const res = await fetch(`${em.url}/v1/not_a_thing`, { headers: { Authorization: 'Bearer sk_test_1' } });
    expect(res.status).toBe(404);
    const missing = await stripe.paymentIntents.create({ currency: 'usd' } as Stripe.PaymentIntentCreateParams).catch((e) => e);
    expect(missing).toMatchObject({ type: 'StripeInvalidRequestError', code: 'parameter_missing', param: 'amount' });
    const small = await stripe.paymentIntents.create({ amount: 10, currency: 'usd' }).catch((e) => e);
    expect(small).toMatchObject({ code: 'amount_too_small' });
  });

  it('scopes objects to the Stripe-Account header and refuses unknown accounts', async () => {
    const acct = await stripe.accounts.create({ type: 'standard' });
    const cus = await stripe.customers.create({ name: 'Connected' }, { stripeAccount: acct.id });
    await expect(stripe.customers.retrieve(cus.id)).rejects.toMatchObject({ code: 'resource_missing' });
    expect((await stripe.customers.retrieve(cus.id, {}, { stripeAccount: acct.id })).id).toBe(cus.id);
    await expect(stripe.customers.list({}, { stripeAccount: 'acct_missing' })).rejects.toBeInstanceOf(
      Stripe.errors.StripePermissionError
    );
  });

  it('paginates lists newest first with has_more, starting_after and auto-pagination', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i += 1) ids.push((await stripe.customers.create({ email: `c${i}@example.com` })).id);
    const page1 = await stripe.customers.list({ limit: 2 });
    expect(page1).toMatchObject({ object: 'list', has_more: true, url: '/v1/customers' });
    expect(page1.data.map((c) => c.id)).toEqual([ids[4], ids[3]]);
    const page2 = await stripe.customers.list({ limit: 2, starting_after: ids[3] });
    expect(page2.data.map((c) => c.id)).toEqual([ids[2], ids[1]]);
    const allIds = await stripe.customers.list({ limit: 2 }).autoPagingToArray({ limit: 100 });
    expect(allIds.map((c) => c.id)).toEqual([...ids].reverse());
    const filtered = await stripe.customers.list({ email: 'c1@example.com' });
    expect(filtered.data.map((c) => c.id)).toEqual([ids[1]]);
  });
});
