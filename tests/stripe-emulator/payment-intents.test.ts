import Stripe from 'stripe';
import { type Emulator } from '../../tools/stripe-emulator';
import { freshEmulator } from './fresh-emulator';

describe('stripe emulator: PaymentIntents', () => {
  let em: Emulator;
  let stripe: Stripe;

  beforeEach(async () => {
    ({ em, stripe } = await freshEmulator());
  });
  afterEach(() => em.close());

  const charge = async (pi: Stripe.PaymentIntent) => stripe.charges.retrieve(pi.latest_charge as string);

  it('automatic capture: requires_payment_method → succeeded with a captured latest_charge', async () => {
    const customer = await stripe.customers.create({ email: 'guest@example.com' });
    const created = await stripe.paymentIntents.create({
      amount: 12_500,
      currency: 'EUR',
      customer: customer.id,
      metadata: { booking: 'bk_1' },
      automatic_payment_methods: { enabled: true },
    });
    expect(created).toMatchObject({
      object: 'payment_intent',
      status: 'requires_payment_method',
      currency: 'eur',
      amount_received: 0,
      latest_charge: null,
      metadata: { booking: 'bk_1' },
    });
    expect(created.id).toMatch(/^pi_/);
    expect(created.client_secret).toMatch(new RegExp(`^${created.id}_secret_\\w+$`));

    const updated = await stripe.paymentIntents.update(created.id, { amount: 13_000, metadata: { note: 'x' } });
    expect(updated).toMatchObject({ amount: 13_000, metadata: { booking: 'bk_1', note: 'x' } });

    const confirmed = await stripe.paymentIntents.confirm(created.id, { payment_method: 'pm_card_visa' });
    expect(confirmed).toMatchObject({
      status: 'succeeded',
      amount_received: 13_000,
      amount_capturable: 0,
      last_payment_error: null,
    });
    expect(confirmed.payment_method).toMatch(/^pm_/);
    const ch = await charge(confirmed);
    expect(ch).toMatchObject({
      id: expect.stringMatching(/^ch_/),
      amount: 13_000,
      amount_captured: 13_000,
      amount_refunded: 0,
      refunded: false,
      captured: true,
      status: 'succeeded',
      payment_intent: created.id,
      customer: customer.id,
    });

    const expanded = await stripe.paymentIntents.retrieve(created.id, { expand: ['latest_charge', 'customer'] });
    expect((expanded.latest_charge as Stripe.Charge).amount_captured).toBe(13_000);
    expect((expanded.customer as Stripe.Customer).email).toBe('guest@example.com');

    await expect(stripe.paymentIntents.update(created.id, { amount: 1 })).rejects.toMatchObject({
      code: 'payment_intent_unexpected_state',
    });
    await expect(stripe.paymentIntents.cancel(created.id)).rejects.toMatchObject({ code: 'payment_intent_unexpected_state' });
    expect((await stripe.paymentIntents.update(created.id, { metadata: { after: 'ok' } })).metadata).toMatchObject({
      after: 'ok',
    });
  });

  it('manual capture: requires_capture → partial capture within amount_capturable', async () => {
    const pi = await stripe.paymentIntents.create({
      amount: 10_000,
      currency: 'usd',
      payment_method: 'pm_card_mastercard',
      confirm: true,
      capture_method: 'manual',
    });
    expect(pi).toMatchObject({ status: 'requires_capture', amount_capturable: 10_000, amount_received: 0 });
    expect(await charge(pi)).toMatchObject({ captured: false, amount_captured: 0 });

    await expect(stripe.paymentIntents.capture(pi.id, { amount_to_capture: 10_001 })).rejects.toMatchObject({
      type: 'StripeInvalidRequestError',
      param: 'amount_to_capture',
    });
    const captured = await stripe.paymentIntents.capture(pi.id, { amount_to_capture: 8_000 });
    expect(captured).toMatchObject({ status: 'succeeded', amount_received: 8_000, amount_capturable: 0 });
    expect(await charge(captured)).toMatchObject({ captured: true, amount_captured: 8_000 });
    await expect(stripe.paymentIntents.capture(pi.id)).rejects.toMatchObject({ code: 'payment_intent_unexpected_state' });
  });

  it('cancels an uncaptured PaymentIntent and a fresh one', async () => {
    const held = await stripe.paymentIntents.create({
      amount: 5_000,
      currency: 'usd',
      payment_method: 'pm_card_visa',
      confirm: true,
      capture_method: 'manual',
    });
    const canceled = await stripe.paymentIntents.cancel(held.id, { cancellation_reason: 'requested_by_customer' });
    expect(canceled).toMatchObject({ status: 'canceled', cancellation_reason: 'requested_by_customer', amount_capturable: 0 });
    expect(canceled.canceled_at).toEqual(expect.any(Number));
    expect(await charge(canceled)).toMatchObject({ refunded: true, amount_refunded: 5_000 });

    const fresh = await stripe.paymentIntents.create({ amount: 5_000, currency: 'usd' });
    expect((await stripe.paymentIntents.cancel(fresh.id)).status).toBe('canceled');
    await expect(stripe.paymentIntents.confirm(fresh.id, { payment_method: 'pm_card_visa' })).rejects.toMatchObject({
      code: 'payment_intent_unexpected_state',
    });
  });

  it('confirming without a payment method is an invalid request', async () => {
    const pi = await stripe.paymentIntents.create({ amount: 5_000, currency: 'usd' });
    await expect(stripe.paymentIntents.confirm(pi.id)).rejects.toMatchObject({
      type: 'StripeInvalidRequestError',
      param: 'payment_method',
    });
  });

  it.each([
    ['pm_card_chargeDeclined', 'card_declined', 'generic_decline'],
    ['pm_card_chargeDeclinedInsufficientFunds', 'card_declined', 'insufficient_funds'],
    ['pm_card_chargeDeclinedExpiredCard', 'expired_card', 'expired_card'],
    ['pm_card_chargeDeclinedIncorrectCvc', 'incorrect_cvc', 'incorrect_cvc'],
    ['pm_card_chargeDeclinedFraudulent', 'card_declined', 'fraudulent'],
  ])('%s declines with StripeCardError (%s / %s) and leaves requires_payment_method', async (pm, code, declineCode) => {
    const pi = await stripe.paymentIntents.create({ amount: 4_200, currency: 'usd' });
    const err = await stripe.paymentIntents.confirm(pi.id, { payment_method: pm }).catch((e) => e);
    expect(err).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(err).toMatchObject({ statusCode: 402, code, decline_code: declineCode });
    expect(err.payment_intent).toMatchObject({ id: pi.id, status: 'requires_payment_method' });

    const after = await stripe.paymentIntents.retrieve(pi.id);
    expect(after).toMatchObject({ status: 'requires_payment_method', payment_method: null, amount_received: 0 });
    expect(after.last_payment_error).toMatchObject({ type: 'card_error', code, decline_code: declineCode });
    expect(await charge(after)).toMatchObject({ status: 'failed', paid: false, failure_code: code });

    // The customer retries with a good card.
    expect((await stripe.paymentIntents.confirm(pi.id, { payment_method: 'pm_card_visa' })).status).toBe('succeeded');
  });

  it('3DS cards require action; the control API completes or fails authentication', async () => {
    for (const pm of ['pm_card_threeDSecure2Required', 'pm_card_authenticationRequired']) {
      const pi = await stripe.paymentIntents.create({
        amount: 9_900,
        currency: 'usd',
        payment_method: pm,
        confirm: true,
        capture_method: 'manual',
      });
      expect(pi.status).toBe('requires_action');
      expect(pi.next_action?.type).toBe('use_stripe_sdk');
      const res = await fetch(`${em.url}/_emulator/payment_intents/${pi.id}/complete_action`, { method: 'POST' });
      expect(res.status).toBe(200);
      expect(await stripe.paymentIntents.retrieve(pi.id)).toMatchObject({ status: 'requires_capture', amount_capturable: 9_900 });
    }

    const auto = await stripe.paymentIntents.create({
      amount: 1_000,
      currency: 'usd',
      payment_method: 'pm_card_threeDSecure2Required',
      confirm: true,
      return_url: 'https://app.test/return',
    });
    expect(auto.next_action).toMatchObject({
      type: 'redirect_to_url',
      redirect_to_url: { return_url: 'https://app.test/return' },
    });
    em.control.completeAction(auto.id, 'fail');
    const failed = await stripe.paymentIntents.retrieve(auto.id);
    expect(failed).toMatchObject({
      status: 'requires_payment_method',
      last_payment_error: { code: 'payment_intent_authentication_failure' },
    });
    // Re-confirming with another card from requires_action/requires_payment_method works.
    expect((await stripe.paymentIntents.confirm(auto.id, { payment_method: 'pm_card_visa' })).status).toBe('succeeded');
  });

  it('off-session confirmation of an SCA card declines with authentication_required', async () => {
    const err = await stripe.paymentIntents
      .create({
        amount: 1_000,
        currency: 'usd',
        payment_method: 'pm_card_authenticationRequired',
        confirm: true,
        off_session: true,
      })
      .catch((e) => e);
    expect(err).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(err.code).toBe('authentication_required');
  });

  it('lists PaymentIntents by customer', async () => {
    const a = await stripe.customers.create();
    const b = await stripe.customers.create();
    const p1 = await stripe.paymentIntents.create({ amount: 1_000, currency: 'usd', customer: a.id });
    const p2 = await stripe.paymentIntents.create({ amount: 2_000, currency: 'usd', customer: a.id });
    await stripe.paymentIntents.create({ amount: 3_000, currency: 'usd', customer: b.id });
    const listed = await stripe.paymentIntents.list({ customer: a.id });
    expect(listed.data.map((p) => p.id)).toEqual([p2.id, p1.id]);
    expect(listed.has_more).toBe(false);
    expect((await stripe.paymentIntents.list()).data).toHaveLength(3);
  });
});
