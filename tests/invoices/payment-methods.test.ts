import { startPaymentsApp, type PaymentsApp } from '../harness/payments';
import { createCustomer, createVendor, type TestUser } from '../harness/users';
import { staffToken } from './helpers';

/** Saved payment methods against the Stripe emulator: one Stripe customer per user, SetupIntents, list, delete. */
let ctx: PaymentsApp;
let alice: TestUser;
let bob: TestUser;

const list = (user: TestUser) => ctx.app.http().get(ctx.app.api('/users/payment-methods')).set(user.auth);
const setup = (user: TestUser) => ctx.app.http().post(ctx.app.api('/users/payment-methods/setup')).set(user.auth).send({});
const remove = (user: TestUser, id: string) =>
  ctx.app
    .http()
    .delete(ctx.app.api(`/users/payment-methods/${id}`))
    .set(user.auth);
const storedCustomer = async (user: TestUser) =>
  (
    await ctx.app.strapi.db
      .query('plugin::users-permissions.user')
      .findOne({ where: { id: user.id }, select: ['stripe_customer_id'] })
  ).stripe_customer_id;

/** What Stripe.js does in the browser: confirm the SetupIntent with a card. */
const saveCard = async (user: TestUser, card = 'pm_card_visa') => {
  const res = await setup(user);
  expect(res.status).toBe(200);
  const confirmed = await ctx.stripe.setupIntents.confirm(res.body.data.setup_intent_id, { payment_method: card });
  expect(confirmed.status).toBe('succeeded');
  return confirmed.payment_method as string;
};

beforeAll(async () => {
  ctx = await startPaymentsApp();
  alice = await createCustomer(ctx.app);
  bob = await createCustomer(ctx.app);
});
afterAll(async () => {
  await ctx.stop();
});

describe('/users/payment-methods', () => {
  it('lists nothing before the first setup, and creates no Stripe customer for it', async () => {
    const res = await list(alice);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ data: [], meta: {} });
    expect(await storedCustomer(alice)).toBeNull();
  });

  it('setup creates the Stripe customer once (also for concurrent first setups) and returns a SetupIntent', async () => {
    const [first, second] = await Promise.all([setup(alice), setup(alice)]);
    expect(first.status).toBe(200);
    expect(first.body.data).toEqual({
      client_secret: expect.stringMatching(/^seti_.+_secret_/),
      setup_intent_id: expect.stringMatching(/^seti_/),
      customer: expect.stringMatching(/^cus_/),
    });
    expect(second.body.data.customer).toBe(first.body.data.customer);
    expect(await storedCustomer(alice)).toBe(first.body.data.customer);
    const third = await setup(alice);
    expect(third.body.data.customer).toBe(first.body.data.customer);
    expect(third.body.data.setup_intent_id).not.toBe(first.body.data.setup_intent_id);
    const customers = await ctx.stripe.customers.list({ limit: 100 });
    expect(customers.data.filter((c) => c.metadata.user_id === String(alice.id))).toHaveLength(1);
    const intent = await ctx.stripe.setupIntents.retrieve(first.body.data.setup_intent_id);
    expect(intent).toMatchObject({ customer: first.body.data.customer, usage: 'off_session', status: 'requires_payment_method' });
  });

  it('lists a card saved through a confirmed SetupIntent (brand, last4, expiry, default flag only), then deletes it', async () => {
    const pm = await saveCard(alice);
    const res = await list(alice);
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual([
      {
        id: pm,
        type: 'card',
        brand: 'visa',
        last4: '4242',
        exp_month: expect.any(Number),
        exp_year: expect.any(Number),
        is_default: false,
        created_at: expect.any(String),
      },
    ]);
    expect(JSON.stringify(res.body)).not.toMatch(/fingerprint|billing_details|"customer"/);

    await ctx.stripe.customers.update(await storedCustomer(alice), { invoice_settings: { default_payment_method: pm } });
    expect((await list(alice)).body.data[0].is_default).toBe(true);

    const deleted = await remove(alice, pm);
    expect(deleted.status).toBe(200);
    expect(deleted.body).toEqual({ data: { id: pm, removed: true }, meta: {} });
    expect((await list(alice)).body.data).toEqual([]);
    expect((await ctx.stripe.paymentMethods.retrieve(pm)).customer).toBeNull();
  });

  it("refuses to delete another user's card or a card attached to no one (404), and malformed ids (400)", async () => {
    const alicesCard = await saveCard(alice, 'pm_card_mastercard');
    // Bob without a Stripe customer, then with one.
    expect((await remove(bob, alicesCard)).status).toBe(404);
    await saveCard(bob);
    const res = await remove(bob, alicesCard);
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ data: null, error: { status: 404, name: 'NotFoundError' } });
    expect((await remove(bob, 'pm_card_visa')).status).toBe(404);
    expect((await remove(bob, 'pm_doesnotexist123')).status).toBe(404);
    expect((await remove(bob, 'card_123')).status).toBe(400);
    // Still Alice's.
    expect((await list(alice)).body.data.map((m: { id: string }) => m.id)).toContain(alicesCard);
    expect((await ctx.stripe.paymentMethods.retrieve(alicesCard)).customer).toBe(await storedCustomer(alice));
  });

  it('works for vendors too; anonymous callers and API tokens are refused', async () => {
    const vendor = await createVendor(ctx.app);
    expect((await list(vendor)).status).toBe(200);
    expect((await ctx.app.http().get(ctx.app.api('/users/payment-methods'))).status).toBe(403);
    const staff = await staffToken(ctx.app, 'pm-staff');
    expect((await ctx.app.http().get(ctx.app.api('/users/payment-methods')).set(staff)).status).toBe(403);
  });
});
