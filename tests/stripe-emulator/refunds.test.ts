import Stripe from 'stripe';
import { type Emulator } from '../../tools/stripe-emulator';
import { freshEmulator } from './fresh-emulator';

describe('stripe emulator: refunds', () => {
  let em: Emulator;
  let stripe: Stripe;

  beforeEach(async () => {
    ({ em, stripe } = await freshEmulator());
  });
  afterEach(() => em.close());

  it('partial refund, then the remainder, then over-refund is rejected', async () => {
    const pi = await stripe.paymentIntents.create({
      amount: 10_000,
      currency: 'usd',
      payment_method: 'pm_card_visa',
      confirm: true,
    });
    const r1 = await stripe.refunds.create({
      payment_intent: pi.id,
      amount: 3_000,
      reason: 'requested_by_customer',
      metadata: { booking: 'b1' },
    });
    expect(r1).toMatchObject({
      object: 'refund',
      amount: 3_000,
      status: 'succeeded',
      payment_intent: pi.id,
      charge: pi.latest_charge,
      reason: 'requested_by_customer',
      metadata: { booking: 'b1' },
    });
    expect(r1.id).toMatch(/^re_/);
    expect(await stripe.charges.retrieve(pi.latest_charge as string)).toMatchObject({ amount_refunded: 3_000, refunded: false });

    const over = await stripe.refunds.create({ payment_intent: pi.id, amount: 7_001 }).catch((e) => e);
    expect(over).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(over).toMatchObject({ statusCode: 400, code: 'amount_too_large', param: 'amount' });

    const r2 = await stripe.refunds.create({ charge: pi.latest_charge as string });
    expect(r2.amount).toBe(7_000);
    expect(await stripe.charges.retrieve(pi.latest_charge as string)).toMatchObject({ amount_refunded: 10_000, refunded: true });

    await expect(stripe.refunds.create({ payment_intent: pi.id, amount: 1 })).rejects.toMatchObject({
      code: 'charge_already_refunded',
    });
    expect((await stripe.refunds.retrieve(r1.id)).amount).toBe(3_000);
    const listed = await stripe.refunds.list({ payment_intent: pi.id });
    expect(listed.data.map((r) => r.id)).toEqual([r2.id, r1.id]);
  });

  it('refunds only what was captured and refuses PaymentIntents without a successful charge', async () => {
    const held = await stripe.paymentIntents.create({
      amount: 10_000,
      currency: 'usd',
      payment_method: 'pm_card_visa',
      confirm: true,
      capture_method: 'manual',
    });
    await expect(stripe.refunds.create({ payment_intent: held.id })).rejects.toBeInstanceOf(
      Stripe.errors.StripeInvalidRequestError
    );
    await stripe.paymentIntents.capture(held.id, { amount_to_capture: 6_000 });
    await expect(stripe.refunds.create({ payment_intent: held.id, amount: 6_001 })).rejects.toMatchObject({
      code: 'amount_too_large',
    });
    expect((await stripe.refunds.create({ payment_intent: held.id })).amount).toBe(6_000);
    await expect(stripe.refunds.create({ payment_intent: 'pi_missing' })).rejects.toMatchObject({
      code: 'resource_missing',
      param: 'payment_intent',
    });
  });
});
