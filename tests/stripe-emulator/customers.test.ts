import Stripe from 'stripe';
import { type Emulator } from '../../tools/stripe-emulator';
import { freshEmulator } from './fresh-emulator';

describe('stripe emulator: customers, SetupIntents, PaymentMethods', () => {
  let em: Emulator;
  let stripe: Stripe;

  beforeEach(async () => {
    ({ em, stripe } = await freshEmulator());
  });
  afterEach(() => em.close());

  it('creates, retrieves, updates and deletes customers', async () => {
    const cus = await stripe.customers.create({ email: 'host@example.com', name: 'Host', metadata: { user: '7' } });
    expect(cus).toMatchObject({
      object: 'customer',
      email: 'host@example.com',
      name: 'Host',
      metadata: { user: '7' },
      livemode: false,
    });
    expect(cus.id).toMatch(/^cus_/);
    const updated = await stripe.customers.update(cus.id, { name: 'Hostess', metadata: { user: '', tier: 'gold' } });
    expect(updated).toMatchObject({ name: 'Hostess', metadata: { tier: 'gold' } });
    expect(updated.metadata).not.toHaveProperty('user');
    expect((await stripe.customers.retrieve(cus.id)) as Stripe.Customer).toMatchObject({ name: 'Hostess' });
    expect(await stripe.customers.del(cus.id)).toMatchObject({ id: cus.id, object: 'customer', deleted: true });
    expect(await stripe.customers.retrieve(cus.id)).toMatchObject({ id: cus.id, deleted: true });
    await expect(stripe.customers.update(cus.id, { name: 'x' })).rejects.toMatchObject({ code: 'resource_missing' });
    await expect(stripe.customers.retrieve('cus_missing')).rejects.toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
  });

  it('SetupIntent for a customer: client secret, confirm attaches the card, setup_intent.succeeded', async () => {
    const cus = await stripe.customers.create({ email: 'guest@example.com' });
    const si = await stripe.setupIntents.create({ customer: cus.id, usage: 'off_session', metadata: { purpose: 'deposit' } });
    expect(si).toMatchObject({
      object: 'setup_intent',
      status: 'requires_payment_method',
      customer: cus.id,
      usage: 'off_session',
    });
    expect(si.client_secret).toMatch(new RegExp(`^${si.id}_secret_\\w+$`));
    expect(si.id).toMatch(/^seti_/);

    const confirmed = await stripe.setupIntents.confirm(si.id, { payment_method: 'pm_card_mastercard' });
    expect(confirmed.status).toBe('succeeded');
    const pm = await stripe.paymentMethods.retrieve(confirmed.payment_method as string);
    expect(pm).toMatchObject({ customer: cus.id, type: 'card', card: { brand: 'mastercard', last4: '4444' } });
    expect(em.control.events({ type: 'setup_intent.succeeded' }).map((e) => e.data.object.id)).toEqual([si.id]);

    // The saved card pays off-session.
    const pi = await stripe.paymentIntents.create({
      amount: 2_500,
      currency: 'usd',
      customer: cus.id,
      payment_method: pm.id,
      confirm: true,
      off_session: true,
    });
    expect(pi.status).toBe('succeeded');

    const sca = await stripe.setupIntents.create({
      customer: cus.id,
      payment_method: 'pm_card_authenticationRequired',
      confirm: true,
    });
    expect(sca.status).toBe('requires_action');
    em.control.completeAction(sca.id);
    expect((await stripe.setupIntents.retrieve(sca.id)).status).toBe('succeeded');

    const declined = await stripe.setupIntents
      .confirm((await stripe.setupIntents.create({ customer: cus.id })).id, { payment_method: 'pm_card_chargeDeclined' })
      .catch((e) => e);
    expect(declined).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect((await stripe.setupIntents.list({ customer: cus.id })).data).toHaveLength(3);
  });

  it('attaches, lists and detaches payment methods', async () => {
    const cus = await stripe.customers.create();
    const visa = await stripe.paymentMethods.attach('pm_card_visa', { customer: cus.id });
    expect(visa).toMatchObject({ object: 'payment_method', customer: cus.id, card: { brand: 'visa', last4: '4242' } });
    expect(visa.id).toMatch(/^pm_(?!card_)/);
    const created = await stripe.paymentMethods.create({
      type: 'card',
      card: { number: '5555555555554444', exp_month: 12, exp_year: 2040, cvc: '123' },
    } as unknown as Stripe.PaymentMethodCreateParams);
    await stripe.paymentMethods.attach(created.id, { customer: cus.id });

    const listed = await stripe.paymentMethods.list({ customer: cus.id, type: 'card' });
    expect(listed.data.map((p) => p.id).sort()).toEqual([visa.id, created.id].sort());
    expect((await stripe.customers.listPaymentMethods(cus.id)).data).toHaveLength(2);

    await stripe.customers.update(cus.id, { invoice_settings: { default_payment_method: visa.id } });
    const detached = await stripe.paymentMethods.detach(visa.id);
    expect(detached.customer).toBeNull();
    expect(((await stripe.customers.retrieve(cus.id)) as Stripe.Customer).invoice_settings.default_payment_method).toBeNull();
    expect((await stripe.paymentMethods.list({ customer: cus.id, type: 'card' })).data.map((p) => p.id)).toEqual([created.id]);
    await expect(stripe.paymentMethods.detach(visa.id)).rejects.toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);

    const other = await stripe.customers.create();
    await expect(stripe.paymentMethods.attach(created.id, { customer: other.id })).rejects.toBeInstanceOf(
      Stripe.errors.StripeInvalidRequestError
    );
    await expect(stripe.paymentMethods.attach('pm_card_visa', { customer: 'cus_missing' })).rejects.toMatchObject({
      code: 'resource_missing',
      param: 'customer',
    });
    await expect(stripe.paymentMethods.retrieve('pm_missing')).rejects.toMatchObject({ statusCode: 404 });
  });
});
