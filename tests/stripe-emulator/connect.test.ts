import Stripe from 'stripe';
import { type Emulator } from '../../tools/stripe-emulator';
import { freshEmulator } from './fresh-emulator';

describe('stripe emulator: Connect', () => {
  let em: Emulator;
  let stripe: Stripe;

  beforeEach(async () => {
    ({ em, stripe } = await freshEmulator());
  });
  afterEach(() => em.close());

  it('creates an express account, an onboarding link, and enables it via the link or control API', async () => {
    const acct = await stripe.accounts.create({
      type: 'express',
      country: 'DE',
      email: 'venue@example.com',
      capabilities: { card_payments: { requested: true }, transfers: { requested: true } },
    });
    expect(acct).toMatchObject({
      object: 'account',
      type: 'express',
      country: 'DE',
      charges_enabled: false,
      payouts_enabled: false,
      details_submitted: false,
    });
    expect(acct.id).toMatch(/^acct_/);

    const link = await stripe.accountLinks.create({
      account: acct.id,
      type: 'account_onboarding',
      refresh_url: 'https://app.test/refresh',
      return_url: 'https://app.test/return',
    });
    expect(link).toMatchObject({ object: 'account_link', url: expect.stringContaining(acct.id) });
    expect(link.expires_at).toBeGreaterThan(link.created);

    // Following the link "completes onboarding" and redirects to return_url.
    const res = await fetch(link.url, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('https://app.test/return');
    expect(await stripe.accounts.retrieve(acct.id)).toMatchObject({
      charges_enabled: true,
      payouts_enabled: true,
      details_submitted: true,
      capabilities: { card_payments: 'active', transfers: 'active' },
    });

    const std = await stripe.accounts.create({ type: 'standard' });
    await fetch(`${em.url}/_emulator/accounts/${std.id}/enable`, { method: 'POST' });
    expect((await stripe.accounts.retrieve(std.id)).charges_enabled).toBe(true);
    expect(em.control.events({ type: 'account.updated' }).map((e) => e.account)).toEqual([acct.id, std.id]);
  });

  it('destination charge with application fee transfers amount − fee on capture', async () => {
    const acct = await stripe.accounts.create({ type: 'express' });
    em.control.enableAccount(acct.id);
    const pi = await stripe.paymentIntents.create({
      amount: 20_000,
      currency: 'eur',
      payment_method: 'pm_card_visa',
      confirm: true,
      capture_method: 'manual',
      application_fee_amount: 2_400,
      transfer_data: { destination: acct.id },
      transfer_group: 'booking_42',
    });
    expect(pi).toMatchObject({
      status: 'requires_capture',
      application_fee_amount: 2_400,
      transfer_data: { destination: acct.id },
    });
    expect((await stripe.transfers.list()).data).toHaveLength(0);

    await stripe.paymentIntents.capture(pi.id);
    const transfers = await stripe.transfers.list({ destination: acct.id });
    expect(transfers.data).toHaveLength(1);
    expect(transfers.data[0]).toMatchObject({
      object: 'transfer',
      amount: 17_600,
      currency: 'eur',
      destination: acct.id,
      source_transaction: pi.latest_charge,
      transfer_group: 'booking_42',
    });
    expect(transfers.data[0].id).toMatch(/^tr_/);
    expect(await stripe.charges.retrieve(pi.latest_charge as string)).toMatchObject({
      transfer: transfers.data[0].id,
      application_fee_amount: 2_400,
    });

    // Partial capture: the fee stays, the transfer shrinks.
    const partial = await stripe.paymentIntents.create({
      amount: 10_000,
      currency: 'eur',
      payment_method: 'pm_card_visa',
      confirm: true,
      capture_method: 'manual',
      application_fee_amount: 1_000,
      transfer_data: { destination: acct.id },
    });
    await stripe.paymentIntents.capture(partial.id, { amount_to_capture: 6_000 });
    expect((await stripe.transfers.list({ destination: acct.id })).data[0].amount).toBe(5_000);

    // Automatic capture transfers immediately.
    await stripe.paymentIntents.create({
      amount: 5_000,
      currency: 'eur',
      payment_method: 'pm_card_visa',
      confirm: true,
      application_fee_amount: 500,
      transfer_data: { destination: acct.id },
    });
    expect((await stripe.transfers.list({ destination: acct.id })).data.map((t) => t.amount)).toEqual([4_500, 5_000, 17_600]);

    await expect(
      stripe.paymentIntents.create({ amount: 5_000, currency: 'eur', transfer_data: { destination: 'acct_missing' } })
    ).rejects.toMatchObject({ param: 'transfer_data[destination]' });
    await expect(
      stripe.paymentIntents.create({
        amount: 5_000,
        currency: 'eur',
        application_fee_amount: 6_000,
        transfer_data: { destination: acct.id },
      })
    ).rejects.toMatchObject({ param: 'application_fee_amount' });
  });

  it('creates manual transfers and payouts on the connected account', async () => {
    const acct = await stripe.accounts.create({ type: 'express' });
    const tr = await stripe.transfers.create({
      amount: 7_000,
      currency: 'usd',
      destination: acct.id,
      metadata: { booking: 'b9' },
    });
    expect(tr).toMatchObject({ amount: 7_000, destination: acct.id, metadata: { booking: 'b9' }, reversed: false });
    expect((await stripe.transfers.retrieve(tr.id)).id).toBe(tr.id);
    await expect(stripe.transfers.create({ amount: 1, currency: 'usd', destination: 'acct_nope' })).rejects.toMatchObject({
      param: 'destination',
    });

    const po = await stripe.payouts.create({ amount: 5_000, currency: 'usd' }, { stripeAccount: acct.id });
    expect(po).toMatchObject({ object: 'payout', amount: 5_000, status: 'pending' });
    expect(po.id).toMatch(/^po_/);
    expect((await stripe.payouts.list({}, { stripeAccount: acct.id })).data.map((p) => p.id)).toEqual([po.id]);
    expect((await stripe.payouts.list()).data).toHaveLength(0);
    await expect(stripe.payouts.retrieve(po.id)).rejects.toMatchObject({ code: 'resource_missing' });

    await fetch(`${em.url}/_emulator/payouts/${po.id}/paid`, { method: 'POST' });
    expect((await stripe.payouts.retrieve(po.id, {}, { stripeAccount: acct.id })).status).toBe('paid');
    const paid = em.control.events({ type: 'payout.paid' });
    expect(paid).toHaveLength(1);
    expect(paid[0]).toMatchObject({ account: acct.id, data: { object: { id: po.id } } });
  });
});
