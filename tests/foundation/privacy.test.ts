import { startApp, type TestApp } from '../harness/app';
import { createCustomer, createVendor, type TestUser, type TestVendor } from '../harness/users';
import { createVenue, type TestVenue } from '../harness/venues';

/**
 * Private fields (passwords, tokens, bank/tax data, Stripe ids, raw provider payloads, admin internals)
 * must never reach a client: not directly, not through populate, not through relation filters.
 */
let app: TestApp;
let vendor: TestVendor;
let customer: TestUser;
let venue: TestVenue;

const SECRET_MARKERS = ['DE89370400440532013000', 'TAX-SECRET-42', 'acct_secret_123', 'cus_secret_456', 'ical-token-secret'];

const expectNoSecrets = (body: unknown) => {
  const text = JSON.stringify(body);
  for (const marker of SECRET_MARKERS) expect(text).not.toContain(marker);
  for (const key of [
    '"password"',
    '"resetPasswordToken"',
    '"confirmationToken"',
    '"tax_info"',
    '"bank_details"',
    '"stripe_account_id"',
    '"stripe_customer_id"',
    '"ical_export_token"',
    '"raw"',
    '"createdBy"',
    '"updatedBy"',
  ]) {
    expect(text).not.toContain(key);
  }
};

beforeAll(async () => {
  app = await startApp();
  vendor = await createVendor(app, {
    profile: {
      tax_info: { vat: 'TAX-SECRET-42' },
      bank_details: { iban: 'DE89370400440532013000' },
      stripe_account_id: 'acct_secret_123',
    },
  });
  customer = await createCustomer(app, { stripe_customer_id: 'cus_secret_456' });
  venue = await createVenue(app, vendor, { ical_export_token: 'ical-token-secret' });
});
afterAll(async () => {
  await app.stop();
});

describe('private fields never leave the server', () => {
  it.each([
    '/venues?populate=*',
    '/venues?populate[vendor][populate]=*',
    '/venues?populate[vendor][populate][user][populate]=*',
    '/venues?populate[vendor][populate][documents]=*',
    '/venues?populate[images]=*&populate[amenities]=*&populate[location]=*',
    '/vendor-profiles?populate=*',
    '/vendor-profiles?populate[user]=*',
    '/amenities?populate=*',
  ])('public GET %s', async (path) => {
    const res = await app.http().get(app.api(path));
    expect(res.status).toBeLessThan(500);
    expectNoSecrets(res.body);
  });

  it('the venue document itself is served without its private token', async () => {
    const res = await app.http().get(app.api(`/venues/${venue.documentId}?populate=*`));
    expect(res.status).toBe(200);
    expect(res.body.data.documentId).toBe(venue.documentId);
    expect(res.body.data.vendor.business_name).toBe(vendor.profile.business_name);
    expectNoSecrets(res.body);
  });

  it('signed-in users see no private fields either, including on /users/me', async () => {
    for (const path of [
      '/users/me?populate=*',
      '/venues?populate=*',
      `/venues/${venue.documentId}?populate[vendor][populate]=*`,
    ]) {
      const res = await app.http().get(app.api(path)).set(customer.auth);
      expect(res.status).toBeLessThan(500);
      expectNoSecrets(res.body);
    }
    const me = await app.http().get(app.api('/users/me')).set(customer.auth);
    expect(me.body.email).toBe(customer.email);
  });

  it.each([
    '/venues?filters[vendor][user][password][$startsWith]=$2',
    '/venues?filters[vendor][bank_details][$contains]=DE89',
    '/venues?filters[vendor][stripe_account_id][$eq]=acct_secret_123',
    '/venues?filters[ical_export_token][$eq]=ical-token-secret',
    '/venues?filters[vendor][user][email][$contains]=@',
    '/vendor-profiles?filters[tax_info][$notNull]=true',
    '/venues?sort=vendor.stripe_account_id',
  ])('filtering or sorting on private data is refused: %s', async (path) => {
    const res = await app.http().get(app.api(path));
    // Strapi rejects the key (400) — never a 500 and never an oracle that narrows results.
    expect(res.status).toBe(400);
    expect(res.body.error.name).toBe('ValidationError');
  });

  it('registration and login responses carry no private fields', async () => {
    const reg = await app
      .http()
      .post(app.api('/auth/register'))
      .send({ username: 'privy', email: 'privy@example.test', password: 'long-enough-1' });
    expect(reg.status).toBe(201);
    expectNoSecrets(reg.body);
    const login = await app
      .http()
      .post(app.api('/auth/local'))
      .send({ identifier: 'privy@example.test', password: 'long-enough-1' });
    expect(login.status).toBe(200);
    expectNoSecrets(login.body);
  });
});
