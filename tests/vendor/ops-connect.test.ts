import { signPayload } from '../../tools/stripe-emulator';
import { startPaymentsApp, WEBHOOK_SECRET, type PaymentsApp } from '../harness/payments';
import { createCustomer, createVendor, type TestUser, type TestVendor } from '../harness/users';

/**
 * profile/bank-info = Stripe Connect onboarding against the Stripe emulator: the account is created once (also
 * under concurrent calls), the onboarding link completes, the signed `account.updated` webhook sets the status,
 * a late older event does not overwrite it, and no bank details ever come back.
 */

describe('vendor dashboard: Stripe Connect onboarding (bank-info)', () => {
  let ctx: PaymentsApp;
  let vendor: TestVendor;
  let other: TestVendor;
  let pending: TestVendor;
  let customer: TestUser;

  const get = (user: TestUser, p: string) => ctx.app.http().get(ctx.app.api(p)).set(user.auth);
  const post = (user: TestUser, p: string, body: Record<string, unknown> = {}) =>
    ctx.app.http().post(ctx.app.api(p)).set(user.auth).send(body);
  const accountsOf = (vendorDocumentId: string) =>
    [...ctx.em.state.objects.values()].filter(
      (e) => e.obj.object === 'account' && (e.obj.metadata as Record<string, string>)?.vendor === vendorDocumentId
    );

  beforeAll(async () => {
    ctx = await startPaymentsApp();
    vendor = await createVendor(ctx.app);
    other = await createVendor(ctx.app);
    pending = await createVendor(ctx.app, { status: 'pending' });
    customer = await createCustomer(ctx.app);
  }, 240_000);

  afterAll(async () => {
    await ctx?.stop();
  });

  it('account → link → account.updated → status, created once under concurrent calls', async () => {
    const before = await get(vendor, '/vendor-dashboard/profile/bank-info');
    expect(before.status).toBe(200);
    expect(before.body.data).toEqual({
      connected: false,
      charges_enabled: false,
      payouts_enabled: false,
      details_submitted: false,
      requirements_due: [],
      disabled_reason: null,
      updated_at: null,
    });

    const calls = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        post(vendor, i % 2 ? '/vendor/profile/bank-info' : '/vendor-dashboard/profile/bank-info')
      )
    );
    for (const res of calls) {
      expect(res.status).toBe(200);
      expect(res.body.data).toMatchObject({ connected: true, charges_enabled: false, payouts_enabled: false });
      expect(res.body.data.requirements_due).toEqual(expect.arrayContaining(['external_account']));
      expect(res.body.data.onboarding_url).toContain('/connect/onboard/acct_');
    }
    expect(accountsOf(vendor.profile.documentId)).toHaveLength(1);
    const accountId = accountsOf(vendor.profile.documentId)[0].obj.id;
    const rows = await ctx.app.strapi.db
      .connection('vendor_connect_accounts')
      .where({ vendor_document_id: vendor.profile.documentId });
    expect(rows.map((r: { stripe_account_id: string }) => r.stripe_account_id)).toEqual([accountId]);
    // Not the payment destination before it can take charges.
    const profileBefore = await ctx.app.strapi.db
      .query('api::vendor-profile.vendor-profile')
      .findOne({ where: { id: vendor.profile.id } });
    expect(profileBefore.stripe_account_id).toBeFalsy();

    // The vendor follows the link: Stripe completes onboarding and sends account.updated (signed) to the app.
    const followed = await fetch(calls[0].body.data.onboarding_url, { redirect: 'manual' });
    expect(followed.status).toBe(302);
    await ctx.em.control.idle(10_000);
    const deliveries = ctx.em.control.deliveries({ type: 'account.updated' });
    expect(deliveries.map((d) => [d.status, d.status_code])).toEqual([['succeeded', 200]]);

    const after = await get(vendor, '/vendor/profile/bank-info');
    expect(after.body.data).toMatchObject({
      connected: true,
      charges_enabled: true,
      payouts_enabled: true,
      details_submitted: true,
      requirements_due: [],
      disabled_reason: null,
    });
    expect(after.body.data.updated_at).toEqual(expect.any(String));
    const profile = await ctx.app.strapi.db
      .query('api::vendor-profile.vendor-profile')
      .findOne({ where: { id: vendor.profile.id } });
    expect(profile).toMatchObject({ stripe_account_id: accountId, payouts_enabled: true });

    // Another onboarding call reuses the account (fresh link, no new account).
    const again = await post(vendor, '/vendor-dashboard/profile/bank-info', { return_url: 'https://vendor.example/done' });
    expect(again.status).toBe(200);
    expect(accountsOf(vendor.profile.documentId)).toHaveLength(1);

    // Nothing bank-like ever leaves: no external accounts, routing or account numbers; the status has no account id
    // (only the emulator's onboarding URL carries it, as a path segment of Stripe's hosted page).
    for (const body of [after.body, again.body, ...calls.map((c) => c.body)]) {
      const text = JSON.stringify(body);
      for (const secret of ['external_accounts', 'bank_account', 'routing_number', 'account_number', 'iban', 'bank_details'])
        expect(text).not.toContain(secret);
    }
    expect(JSON.stringify(after.body)).not.toContain(accountId);

    // Redelivery is a duplicate; an older event arriving late does not overwrite the newer status.
    const event = ctx.em.control.events({ type: 'account.updated' })[0];
    await ctx.em.control.redeliver(event.id);
    await ctx.em.control.idle(10_000);
    const stale = JSON.stringify({
      id: 'evt_stale_1',
      object: 'event',
      type: 'account.updated',
      created: event.created - 60,
      data: {
        object: {
          id: accountId,
          object: 'account',
          charges_enabled: false,
          payouts_enabled: false,
          details_submitted: false,
          requirements: { currently_due: ['external_account'], past_due: [] },
        },
      },
    });
    const late = await ctx.app
      .http()
      .post(ctx.app.api('/payments/webhook'))
      .set('Content-Type', 'application/json')
      .set('Stripe-Signature', signPayload(stale, WEBHOOK_SECRET))
      .send(stale);
    expect(late.status).toBe(200);
    expect(late.body).toMatchObject({ received: true, outcome: 'stale' });
    expect((await get(vendor, '/vendor/profile/bank-info')).body.data).toMatchObject({
      charges_enabled: true,
      payouts_enabled: true,
    });

    // A forged signature changes nothing.
    const forged = await ctx.app
      .http()
      .post(ctx.app.api('/payments/webhook'))
      .set('Content-Type', 'application/json')
      .set('Stripe-Signature', signPayload(stale.replace('evt_stale_1', 'evt_forged'), 'whsec_wrong'))
      .send(stale.replace('evt_stale_1', 'evt_forged'));
    expect(forged.status).toBe(400);
  });

  it('own status only; pending vendors and customers refused; 400 with field names', async () => {
    expect((await get(other, '/vendor-dashboard/profile/bank-info')).body.data.connected).toBe(false);
    expect((await get(pending, '/vendor-dashboard/profile/bank-info')).status).toBe(403);
    expect((await post(pending, '/vendor/profile/bank-info')).status).toBe(403);
    expect((await get(customer, '/vendor/profile/bank-info')).status).toBe(403);
    expect((await ctx.app.http().post(ctx.app.api('/vendor/profile/bank-info')).send({})).status).toBe(403);
    const badUrl = await post(other, '/vendor-dashboard/profile/bank-info', { return_url: 'javascript:alert(1)' });
    expect(badUrl.status).toBe(400);
    expect(badUrl.body.error.details.errors[0].path).toEqual(['return_url']);
    const forbidden = await post(other, '/vendor-dashboard/profile/bank-info', { bank_account: { iban: 'DE00' } });
    expect(forbidden.status).toBe(400);
    expect(accountsOf(other.profile.documentId)).toHaveLength(0);
  });
});
