import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  DEFAULT_PREFERENCES,
  NOTIFICATION_EVENT_TYPES,
  resolvePreferences,
  wantsEmail,
  wantsInApp,
} from '../../src/api/account/preferences';
import { plainText as toPlainText } from '../../src/infra/plain-text';
import { startApp, type TestApp } from '../harness/app';
import { createCustomer, createVendor, login, type TestUser, type TestVendor } from '../harness/users';
import { createVenue, type TestVenue } from '../harness/venues';
import { appDir } from '../harness/test-env';

/** Own-account endpoints (contract: Users): profile, avatar, preferences, favourites. */
const USER = 'plugin::users-permissions.user';
const FILE = 'plugin::upload.file';
const HALL_PNG = path.join(appDir, 'src', 'seed', 'images', 'hall.png');

let app: TestApp;
let vendor: TestVendor;
let tmp: string;

beforeAll(async () => {
  app = await startApp();
  vendor = await createVendor(app);
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tofimotia-account-'));
});
afterAll(async () => {
  // Every upload in this suite's fresh database is one of ours: delete them from storage too.
  for (const file of await app.strapi.db.query(FILE).findMany()) await app.strapi.plugin('upload').service('upload').remove(file);
  await app.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const get = (user: TestUser, pathname: string) => app.http().get(app.api(pathname)).set(user.auth);
const put = (user: TestUser, pathname: string, body: unknown) =>
  app
    .http()
    .put(app.api(pathname))
    .set(user.auth)
    .send(body as object);
const post = (user: TestUser, pathname: string, body: unknown) =>
  app
    .http()
    .post(app.api(pathname))
    .set(user.auth)
    .send(body as object);
const del = (user: TestUser, pathname: string) => app.http().delete(app.api(pathname)).set(user.auth);

const userRow = (id: number) =>
  app.strapi.db
    .query(USER)
    .findOne({ where: { id }, populate: { role: true, avatar: true, favorites: { select: ['id', 'documentId'] } } });

const errorPaths = (res: { body: { error?: { details?: { errors?: { path: string[] }[] } } } }) =>
  (res.body.error?.details?.errors ?? []).map((e) => e.path.join('.'));

const expectValidationError = (res: { status: number; body: Record<string, unknown> }) => {
  expect(res.status).toBe(400);
  expect(res.body).toMatchObject({ data: null, error: { status: 400, name: 'ValidationError' } });
};

const PRIVATE_KEYS = [
  '"password"',
  '"resetPasswordToken"',
  '"confirmationToken"',
  '"stripe_customer_id"',
  '"provider"',
  '"blocked"',
  '"preferences"',
  '"id"',
];

describe('authentication', () => {
  it.each([
    ['get', '/users/profile'],
    ['put', '/users/profile'],
    ['post', '/users/profile/avatar'],
    ['get', '/users/preferences'],
    ['put', '/users/preferences'],
    ['get', '/users/favorites'],
    ['post', '/users/favorites'],
    ['delete', '/users/favorites/abc123'],
  ] as const)('%s %s without a token is refused', async (method, pathname) => {
    const res = await app.http()[method](app.api(pathname)).send({});
    expect([401, 403]).toContain(res.status);
  });

  it('a forged token is refused', async () => {
    const res = await app.http().get(app.api('/users/profile')).set('Authorization', 'Bearer not.a.jwt');
    expect([401, 403]).toContain(res.status);
  });
});

describe('GET /users/profile', () => {
  it("returns the caller's own profile without private fields", async () => {
    const customer = await createCustomer(app, {
      first_name: 'Ada',
      last_name: 'Lovelace',
      phone: '+44 20 7946 0000',
      stripe_customer_id: 'cus_secret_789',
    });
    const res = await get(customer, '/users/profile');
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({
      documentId: customer.documentId,
      username: customer.username,
      email: customer.email,
      role: 'customer',
      first_name: 'Ada',
      last_name: 'Lovelace',
      phone: '+44 20 7946 0000',
      bio: null,
      locale: null,
      avatar: null,
      confirmed: true,
      created_at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T.*Z$/),
    });
    const text = JSON.stringify(res.body);
    for (const key of PRIVATE_KEYS) expect(text).not.toContain(key);
    expect(text).not.toContain('cus_secret_789');
  });

  it('shows a vendor as a vendor', async () => {
    const res = await get(vendor, '/users/profile');
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ documentId: vendor.documentId, role: 'vendor' });
  });
});

describe('PUT /users/profile', () => {
  it('updates the given fields only and stores them', async () => {
    const customer = await createCustomer(app, { last_name: 'Keep' });
    const res = await put(customer, '/users/profile', { first_name: '  Grace ', phone: '(555) 123-4567', locale: 'de-at' });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ first_name: 'Grace', last_name: 'Keep', phone: '(555) 123-4567', locale: 'de-AT' });
    const row = await userRow(customer.id);
    expect(row).toMatchObject({ first_name: 'Grace', last_name: 'Keep', phone: '(555) 123-4567', locale: 'de-AT' });
  });

  it('stores the bio as plain text: no markup survives', async () => {
    const customer = await createCustomer(app);
    const bio =
      '<p>Hello <b>world</b></p><script>alert(1)</script><img src=x onerror=alert(1)> & 1 < 2 <scr<b>ipt>x</script> <a href="javascript:x">link</a><svg onload=alert(1)';
    const res = await put(customer, '/users/profile', { bio });
    expect(res.status).toBe(200);
    const row = await userRow(customer.id);
    expect(row.bio).toBe(res.body.data.bio);
    expect(row.bio).not.toMatch(/<[A-Za-z/!?]/);
    expect(row.bio).toContain('Hello world');
    expect(row.bio).toContain('& 1 < 2');
    expect(row.bio).not.toContain('alert(1)</');
    expect(toPlainText('<b>a</b> < b > c')).toBe('a < b > c');
  });

  it('clears fields with null or an empty string', async () => {
    const customer = await createCustomer(app, { first_name: 'X', phone: '+1 555 0100', bio: 'hi', locale: 'fr' });
    const res = await put(customer, '/users/profile', { first_name: '', phone: null, bio: null, locale: '' });
    expect(res.status).toBe(200);
    expect(await userRow(customer.id)).toMatchObject({ first_name: null, phone: null, bio: null, locale: null });
  });

  it('an empty body changes nothing', async () => {
    const customer = await createCustomer(app, { first_name: 'Same' });
    const res = await put(customer, '/users/profile', {});
    expect(res.status).toBe(200);
    expect(res.body.data.first_name).toBe('Same');
  });

  it.each([
    ['first_name', 'x'.repeat(81)],
    ['last_name', 'x'.repeat(81)],
    ['phone', 'call me maybe'],
    ['phone', '12'],
    ['phone', '+'.padEnd(41, '1')],
    ['bio', 'x'.repeat(1001)],
    ['locale', 'not a locale'],
    ['locale', 'en-'],
    ['locale', 'x'.repeat(17)],
    ['username', 'ab'],
    ['email', 'not-an-email'],
    ['first_name', 5],
    ['bio', { html: true }],
    ['avatar', 1],
    ['avatar', 'abc123'],
    ['avatar', { id: 1 }],
  ])('rejects %s = %j naming the field', async (field, value) => {
    const customer = await createCustomer(app);
    const res = await put(customer, '/users/profile', { [field]: value });
    expectValidationError(res);
    expect(errorPaths(res)).toContain(field);
  });

  it.each([
    ['role', { role: 1 }],
    ['role name', { role: 'vendor' }],
    ['role connect', { role: { connect: [1] } }],
    ['confirmed', { confirmed: false }],
    ['blocked', { blocked: true }],
    ['provider', { provider: 'google' }],
    ['password', { password: 'new-password-1' }],
    ['stripe_customer_id', { stripe_customer_id: 'cus_evil' }],
    ['vendor_profile', { vendor_profile: 1 }],
    ['id', { id: 1 }],
    ['documentId', { documentId: 'abc' }],
    ['preferences', { preferences: { currency: 'USD' } }],
    ['favorites', { favorites: [1] }],
    ['resetPasswordToken', { resetPasswordToken: 'x' }],
  ])('mass assignment of %s is a 400 and changes nothing', async (_label, extra) => {
    const customer = await createCustomer(app, { first_name: 'Before', stripe_customer_id: 'cus_original' });
    const before = await userRow(customer.id);
    const res = await put(customer, '/users/profile', { first_name: 'After', ...extra });
    expectValidationError(res);
    const after = await userRow(customer.id);
    expect(after).toEqual(before);
    expect(after.first_name).toBe('Before');
    expect(after.role.type).toBe('authenticated');
    expect(after.stripe_customer_id).toBe('cus_original');
    // The old password still works.
    expect((await login(app, customer.email, customer.password)).status).toBe(200);
  });

  it('never answers bad bodies with a 5xx', async () => {
    const customer = await createCustomer(app);
    const malformed = await app
      .http()
      .put(app.api('/users/profile'))
      .set(customer.auth)
      .set('Content-Type', 'application/json')
      .send('{"first_name":');
    expect(malformed.status).toBe(400);
    for (const body of [
      [],
      ['first_name'],
      'text',
      42,
      null,
      { first_name: null, bio: ['a'] },
      { locale: 7 },
      { username: { $ne: null } },
    ]) {
      const res = await app
        .http()
        .put(app.api('/users/profile'))
        .set(customer.auth)
        .set('Content-Type', 'application/json')
        .send(JSON.stringify(body));
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    }
  });
});

describe('PUT /users/profile — email and username', () => {
  it('needs current_password to change the email', async () => {
    const customer = await createCustomer(app);
    const res = await put(customer, '/users/profile', { email: 'new-address@example.test' });
    expectValidationError(res);
    expect(errorPaths(res)).toContain('current_password');
    expect((await userRow(customer.id)).email).toBe(customer.email);
  });

  it('rejects a wrong current_password', async () => {
    const customer = await createCustomer(app);
    const res = await put(customer, '/users/profile', {
      email: 'new-address2@example.test',
      current_password: 'wrong-password-1',
    });
    expectValidationError(res);
    expect(errorPaths(res)).toContain('current_password');
    expect((await userRow(customer.id)).email).toBe(customer.email);
  });

  it('changes the email with the right current_password (lower-cased); the new email logs in', async () => {
    const customer = await createCustomer(app);
    const res = await put(customer, '/users/profile', {
      email: 'Fresh.Address@Example.test',
      current_password: customer.password,
      first_name: 'Renamed',
    });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ email: 'fresh.address@example.test', first_name: 'Renamed' });
    expect((await userRow(customer.id)).email).toBe('fresh.address@example.test');
    expect((await login(app, 'fresh.address@example.test', customer.password)).status).toBe(200);
  });

  it('an unchanged email needs no password', async () => {
    const customer = await createCustomer(app);
    const res = await put(customer, '/users/profile', { email: customer.email.toUpperCase(), first_name: 'Same Email' });
    expect(res.status).toBe(200);
    expect(res.body.data.email).toBe(customer.email);
  });

  it('current_password alone is rejected', async () => {
    const customer = await createCustomer(app);
    const res = await put(customer, '/users/profile', { current_password: customer.password });
    expectValidationError(res);
    expect(errorPaths(res)).toContain('current_password');
  });

  it("rejects another account's email, case-insensitively", async () => {
    const [a, b] = [await createCustomer(app), await createCustomer(app)];
    const res = await put(a, '/users/profile', { email: b.email.toUpperCase(), current_password: a.password });
    expectValidationError(res);
    expect(errorPaths(res)).toContain('email');
    expect((await userRow(a.id)).email).toBe(a.email);
  });

  it("changes the username, but not to another account's username or email", async () => {
    const [a, b] = [await createCustomer(app), await createCustomer(app)];
    const ok = await put(a, '/users/profile', { username: `${a.username}-renamed` });
    expect(ok.status).toBe(200);
    expect((await userRow(a.id)).username).toBe(`${a.username}-renamed`);

    for (const username of [b.username, b.username.toUpperCase(), b.email]) {
      const clash = await put(a, '/users/profile', { username });
      expectValidationError(clash);
      expect(errorPaths(clash)).toContain('username');
    }
    expect((await userRow(a.id)).username).toBe(`${a.username}-renamed`);
    // Keeping one's own username is not a clash.
    expect((await put(a, '/users/profile', { username: `${a.username}-renamed` })).status).toBe(200);
  });
});

describe('POST /users/profile/avatar', () => {
  const upload = (user: TestUser, file: string, options: { filename?: string; contentType?: string; field?: string } = {}) =>
    app
      .http()
      .post(app.api('/users/profile/avatar'))
      .set(user.auth)
      .attach(options.field ?? 'file', file, {
        filename: options.filename ?? path.basename(file),
        contentType: options.contentType ?? 'image/png',
      });

  const fileCount = () => app.strapi.db.query(FILE).count();

  it('stores a PNG as the avatar, replaces the previous one and removes it on null', async () => {
    const customer = await createCustomer(app);
    const first = await upload(customer, HALL_PNG);
    expect(first.status).toBe(200);
    expect(first.body.data.avatar).toEqual({
      url: expect.stringMatching(/\.png$/),
      alt: 'Profile picture',
      width: expect.any(Number),
      height: expect.any(Number),
      sizes: expect.any(Object),
    });
    const firstRow = await userRow(customer.id);
    expect(firstRow.avatar).toMatchObject({ mime: 'image/png', ext: '.png', url: first.body.data.avatar.url });
    const firstFileId = firstRow.avatar.id;

    const count = await fileCount();
    const second = await app
      .http()
      .post(app.api('/users/profile/avatar'))
      .set(customer.auth)
      .field('alt', 'Me at the <b>beach</b>')
      .attach('file', HALL_PNG, { filename: 'me.png', contentType: 'image/png' });
    expect(second.status).toBe(200);
    expect(second.body.data.avatar.alt).toBe('Me at the beach');
    const secondRow = await userRow(customer.id);
    expect(secondRow.avatar.id).not.toBe(firstFileId);
    expect(await app.strapi.db.query(FILE).findOne({ where: { id: firstFileId } })).toBeNull();
    expect(await fileCount()).toBe(count);

    const removed = await put(customer, '/users/profile', { avatar: null });
    expect(removed.status).toBe(200);
    expect(removed.body.data.avatar).toBeNull();
    expect((await userRow(customer.id)).avatar).toBeNull();
    expect(await app.strapi.db.query(FILE).findOne({ where: { id: secondRow.avatar.id } })).toBeNull();
  });

  it('names the stored file by its detected type, not by the client filename', async () => {
    const customer = await createCustomer(app);
    const res = await upload(customer, HALL_PNG, { filename: 'evil.html', contentType: 'text/html' });
    expect(res.status).toBe(200);
    const row = await userRow(customer.id);
    expect(row.avatar).toMatchObject({ ext: '.png', mime: 'image/png' });
    expect(row.avatar.url).not.toContain('.html');
  });

  it('leaves no multipart temp files behind, accepted or rejected', async () => {
    const customer = await createCustomer(app);
    // Sizes no other file in the temp directory is likely to have (a PNG tolerates bytes after IEND).
    const padded = path.join(tmp, 'padded.png');
    fs.writeFileSync(padded, Buffer.concat([fs.readFileSync(HALL_PNG), Buffer.alloc(7_919)]));
    const junk = path.join(tmp, 'junk.txt');
    fs.writeFileSync(junk, 'j'.repeat(7_907));
    const sizes = new Set([fs.statSync(padded).size, fs.statSync(junk).size]);
    const started = Date.now() - 1_000;
    expect((await upload(customer, padded)).status).toBe(200);
    expectValidationError(await upload(customer, junk, { contentType: 'text/plain' }));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const leftovers = fs.readdirSync(os.tmpdir(), { withFileTypes: true }).filter((entry) => {
      if (!entry.isFile()) return false;
      const stat = fs.statSync(path.join(os.tmpdir(), entry.name), { throwIfNoEntry: false });
      return stat !== undefined && stat.mtimeMs >= started && sizes.has(stat.size);
    });
    expect(leftovers.map((entry) => entry.name)).toEqual([]);
  });

  it('rejects a non-image, also when it claims to be a PNG', async () => {
    const customer = await createCustomer(app);
    const text = path.join(tmp, 'notes.txt');
    fs.writeFileSync(text, 'just some text, not an image\n');
    const count = await fileCount();
    for (const options of [{ contentType: 'text/plain' }, { filename: 'fake.png', contentType: 'image/png' }]) {
      const res = await upload(customer, text, options);
      expectValidationError(res);
      expect(errorPaths(res)).toContain('file');
    }
    const svg = path.join(tmp, 'pic.svg');
    fs.writeFileSync(svg, '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>');
    expectValidationError(await upload(customer, svg, { contentType: 'image/svg+xml' }));
    expect(await fileCount()).toBe(count);
    expect((await userRow(customer.id)).avatar).toBeNull();
  });

  it('rejects a PNG signature with garbage behind it', async () => {
    const customer = await createCustomer(app);
    const broken = path.join(tmp, 'broken.png');
    fs.writeFileSync(broken, Buffer.concat([fs.readFileSync(HALL_PNG).subarray(0, 8), Buffer.from('garbage'.repeat(20))]));
    const res = await upload(customer, broken);
    expectValidationError(res);
    expect((await userRow(customer.id)).avatar).toBeNull();
  });

  it('rejects files over 5 MB', async () => {
    const customer = await createCustomer(app);
    const big = path.join(tmp, 'big.png');
    fs.writeFileSync(big, Buffer.concat([fs.readFileSync(HALL_PNG), Buffer.alloc(5 * 1024 * 1024)]));
    const res = await upload(customer, big);
    expect([400, 413]).toContain(res.status);
    expect(res.body.error.name).toMatch(/ValidationError|PayloadTooLargeError/);
    expect((await userRow(customer.id)).avatar).toBeNull();
  });

  it('rejects a request without a file, with the wrong field, or with unknown fields', async () => {
    const customer = await createCustomer(app);
    expectValidationError(await post(customer, '/users/profile/avatar', { file: 'data:image/png;base64,AAAA' }));
    expectValidationError(await upload(customer, HALL_PNG, { field: 'files' }));
    const extra = await app
      .http()
      .post(app.api('/users/profile/avatar'))
      .set(customer.auth)
      .field('role', 'admin')
      .attach('file', HALL_PNG);
    expectValidationError(extra);
    const two = await app
      .http()
      .post(app.api('/users/profile/avatar'))
      .set(customer.auth)
      .attach('file', HALL_PNG)
      .attach('file', HALL_PNG);
    expectValidationError(two);
    expect((await userRow(customer.id)).avatar).toBeNull();
  });
});

describe('preferences', () => {
  it('GET returns the defaults for a new user', async () => {
    const customer = await createCustomer(app);
    const res = await get(customer, '/users/preferences');
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual(DEFAULT_PREFERENCES);
    expect(res.body.data).toMatchObject({ currency: 'EUR', locale: 'en', timezone: 'UTC' });
    expect(Object.keys(res.body.data.notifications).sort()).toEqual([...NOTIFICATION_EVENT_TYPES].sort());
    expect(res.body.data.notifications.booking_confirmed).toEqual({ in_app: true, email: true });
    expect(res.body.data.notifications.system_announcement).toEqual({ in_app: true, email: false });
  });

  it('PUT merges partial updates deeply and stores only the overrides', async () => {
    const customer = await createCustomer(app);
    const first = await put(customer, '/users/preferences', {
      currency: 'USD',
      notifications: { booking_confirmed: { email: false } },
    });
    expect(first.status).toBe(200);
    expect(first.body.data.currency).toBe('USD');
    expect(first.body.data.notifications.booking_confirmed).toEqual({ in_app: true, email: false });

    const second = await put(customer, '/users/preferences', {
      timezone: 'europe/berlin',
      locale: 'pt-br',
      notifications: { booking_confirmed: { in_app: false }, system_announcement: { email: true } },
    });
    expect(second.status).toBe(200);
    expect(second.body.data).toMatchObject({ currency: 'USD', timezone: 'Europe/Berlin', locale: 'pt-BR' });
    expect(second.body.data.notifications.booking_confirmed).toEqual({ in_app: false, email: false });
    expect(second.body.data.notifications.system_announcement).toEqual({ in_app: true, email: true });
    expect(second.body.data.notifications.payment_received).toEqual({ in_app: true, email: true });

    const row = await userRow(customer.id);
    expect(row.preferences).toEqual({
      currency: 'USD',
      timezone: 'Europe/Berlin',
      notifications: { booking_confirmed: { in_app: false, email: false }, system_announcement: { email: true } },
    });
    // One locale per user: the profile shows the same one.
    expect(row.locale).toBe('pt-BR');
    expect((await get(customer, '/users/profile')).body.data.locale).toBe('pt-BR');
    expect((await get(customer, '/users/preferences')).body.data).toEqual(second.body.data);
  });

  it.each([
    ['timezone', { timezone: 'Mars/Olympus_Mons' }],
    ['timezone', { timezone: '+02:00' }],
    ['currency', { currency: 'usd' }],
    ['currency', { currency: 'XYZ' }],
    ['currency', { currency: 'EURO' }],
    ['locale', { locale: '??' }],
    ['notifications', { notifications: { party_started: { email: true } } }],
    ['notifications.booking_confirmed', { notifications: { booking_confirmed: { sms: true } } }],
    ['notifications.booking_confirmed.email', { notifications: { booking_confirmed: { email: 'yes' } } }],
    ['notifications', { notifications: ['booking_confirmed'] }],
    ['', { theme: 'dark' }],
  ])('rejects bad %s and changes nothing', async (field, body) => {
    const customer = await createCustomer(app, { preferences: { currency: 'GBP' } });
    const res = await put(customer, '/users/preferences', body);
    expectValidationError(res);
    expect(errorPaths(res)).toContain(field);
    expect((await userRow(customer.id)).preferences).toEqual({ currency: 'GBP' });
  });

  it('never answers bad bodies with a 5xx', async () => {
    const customer = await createCustomer(app);
    for (const body of [
      '[]',
      '"x"',
      '{"notifications":null}',
      '{"notifications":{"booking_confirmed":null}}',
      '{"timezone":5}',
      '{"currency":',
    ]) {
      const res = await app
        .http()
        .put(app.api('/users/preferences'))
        .set(customer.auth)
        .set('Content-Type', 'application/json')
        .send(body);
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    }
  });

  it('tolerates malformed stored json (falls back to defaults) and keeps keys it does not own', async () => {
    const customer = await createCustomer(app, {
      preferences: {
        currency: 12,
        timezone: 'Nowhere/Land',
        notifications: { booking_confirmed: { email: 'no' }, bogus: {} },
        onboarding_done: true,
      },
    });
    const res = await get(customer, '/users/preferences');
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual(DEFAULT_PREFERENCES);
    await put(customer, '/users/preferences', { notifications: { booking_reminder: { email: false } } }).expect(200);
    expect((await userRow(customer.id)).preferences).toMatchObject({
      onboarding_done: true,
      notifications: { booking_reminder: { email: false } },
    });
  });

  it('resolvePreferences / wantsEmail / wantsInApp (pure helpers for notifications)', () => {
    const prefs = resolvePreferences(
      { notifications: { booking_confirmed: { email: false }, review_received: { in_app: false } } },
      'fr'
    );
    expect(prefs.locale).toBe('fr');
    expect(wantsEmail(prefs, 'booking_confirmed')).toBe(false);
    expect(wantsInApp(prefs, 'booking_confirmed')).toBe(true);
    expect(wantsInApp(prefs, 'review_received')).toBe(false);
    expect(wantsEmail(prefs, 'payment_received')).toBe(true);
    expect(wantsEmail(prefs, 'system_announcement')).toBe(false);
    expect(wantsEmail(prefs, 'not_a_known_event')).toBe(false);
    expect(wantsInApp(prefs, 'not_a_known_event')).toBe(true);
    expect(resolvePreferences(null)).toEqual(DEFAULT_PREFERENCES);
    expect(resolvePreferences('garbage')).toEqual(DEFAULT_PREFERENCES);
  });
});

describe('favorites', () => {
  let venueA: TestVenue;
  let venueB: TestVenue;
  let pendingVenue: TestVenue;
  let suspendedVendorVenue: TestVenue;

  beforeAll(async () => {
    venueA = await createVenue(app, vendor);
    venueB = await createVenue(app, vendor);
    pendingVenue = await createVenue(app, vendor, { status: 'pending_approval' });
    suspendedVendorVenue = await createVenue(app, await createVendor(app, { status: 'suspended' }));
  });

  const favoriteIds = async (user: TestUser) =>
    ((await userRow(user.id)).favorites as { documentId: string }[]).map((v) => v.documentId);

  it('adds a public venue once: 201, then 200, never a duplicate', async () => {
    const customer = await createCustomer(app);
    const first = await post(customer, '/users/favorites', { venue: venueA.documentId });
    expect(first.status).toBe(201);
    expect(first.body.data).toMatchObject({ documentId: venueA.documentId, name: venueA.name, slug: venueA.slug });
    const again = await post(customer, '/users/favorites', { venue: venueA.documentId });
    expect(again.status).toBe(200);
    expect(again.body.data.documentId).toBe(venueA.documentId);
    expect(await favoriteIds(customer)).toEqual([venueA.documentId]);
  });

  it('concurrent adds of the same venue leave one link', async () => {
    const customer = await createCustomer(app);
    const results = await Promise.all([1, 2, 3].map(() => post(customer, '/users/favorites', { venue: venueB.documentId })));
    for (const res of results) expect([200, 201]).toContain(res.status);
    expect(await favoriteIds(customer)).toEqual([venueB.documentId]);
  });

  it('lists favourites in the public venue shape, newest first, paginated', async () => {
    const customer = await createCustomer(app);
    await post(customer, '/users/favorites', { venue: venueA.documentId }).expect(201);
    await post(customer, '/users/favorites', { venue: venueB.documentId }).expect(201);

    const res = await get(customer, '/users/favorites');
    expect(res.status).toBe(200);
    expect(res.body.meta.pagination).toEqual({ page: 1, pageSize: 25, pageCount: 1, total: 2 });
    expect(res.body.data.map((v: { documentId: string }) => v.documentId)).toEqual([venueB.documentId, venueA.documentId]);
    const venue = res.body.data[1];
    expect(Object.keys(venue).sort()).toEqual(
      [
        'amenities',
        'booking_mode',
        'buffer_minutes',
        'cancellation_policy',
        'capacity',
        'currency',
        'description',
        'documentId',
        'featured',
        'images',
        'location',
        'max_hours',
        'min_hours',
        'name',
        'notice_hours',
        'price_per_hour',
        'rating',
        'slug',
        'timezone',
        'vendor',
      ].sort()
    );
    expect(venue).toMatchObject({
      documentId: venueA.documentId,
      location: { city: 'Berlin', country: 'DE' },
      vendor: { documentId: vendor.profile.documentId, business_name: vendor.profile.business_name },
      rating: { average: 0, count: 0 },
    });
    expect(JSON.stringify(res.body)).not.toContain('ical_export_token');

    const page2 = await get(customer, '/users/favorites?page=2&pageSize=1');
    expect(page2.status).toBe(200);
    expect(page2.body.meta.pagination).toEqual({ page: 2, pageSize: 1, pageCount: 2, total: 2 });
    expect(page2.body.data.map((v: { documentId: string }) => v.documentId)).toEqual([venueA.documentId]);
    const beyond = await get(customer, '/users/favorites?page=9');
    expect(beyond.body.data).toEqual([]);
  });

  it.each(['pageSize=101', 'pageSize=0', 'page=0', 'page=abc', 'sort=name', 'populate=*'])('rejects ?%s', async (query) => {
    const customer = await createCustomer(app);
    expectValidationError(await get(customer, `/users/favorites?${query}`));
  });

  it('hides favourites whose venue stopped being public, and shows them again later', async () => {
    const customer = await createCustomer(app);
    const venue = await createVenue(app, vendor);
    await post(customer, '/users/favorites', { venue: venue.documentId }).expect(201);
    await app.strapi.db.query('api::venue.venue').update({ where: { id: venue.id }, data: { status: 'suspended' } });
    const hidden = await get(customer, '/users/favorites');
    expect(hidden.body.data).toEqual([]);
    expect(hidden.body.meta.pagination.total).toBe(0);
    await app.strapi.db.query('api::venue.venue').update({ where: { id: venue.id }, data: { status: 'approved' } });
    expect((await get(customer, '/users/favorites')).body.data.map((v: { documentId: string }) => v.documentId)).toEqual([
      venue.documentId,
    ]);
  });

  it('answers 404 for unknown or non-public venues, 400 for a malformed body', async () => {
    const customer = await createCustomer(app);
    for (const venue of ['doesnotexist123', pendingVenue.documentId, suspendedVendorVenue.documentId]) {
      const res = await post(customer, '/users/favorites', { venue });
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ data: null, error: { status: 404, name: 'NotFoundError' } });
    }
    for (const body of [{}, { venue: 5 }, { venue: venueA.id }, { venue: '../etc' }, { venue: venueA.documentId, user: 1 }, []]) {
      expectValidationError(await post(customer, '/users/favorites', body));
    }
    expect(await favoriteIds(customer)).toEqual([]);
  });

  it('deletes a favourite; deleting again is still 200; an unknown venue is 404', async () => {
    const customer = await createCustomer(app);
    await post(customer, '/users/favorites', { venue: venueA.documentId }).expect(201);
    await post(customer, '/users/favorites', { venue: venueB.documentId }).expect(201);

    const res = await del(customer, `/users/favorites/${venueA.documentId}`);
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({ venue: venueA.documentId, favorite: false, removed: true });
    expect(await favoriteIds(customer)).toEqual([venueB.documentId]);

    const again = await del(customer, `/users/favorites/${venueA.documentId}`);
    expect(again.status).toBe(200);
    expect(again.body.data.removed).toBe(false);

    expect((await del(customer, '/users/favorites/doesnotexist123')).status).toBe(404);
    expectValidationError(await del(customer, `/users/favorites/${'x'.repeat(65)}`));
    expect(await favoriteIds(customer)).toEqual([venueB.documentId]);
  });

  it('a favourite that became non-public can still be removed', async () => {
    const customer = await createCustomer(app);
    const venue = await createVenue(app, vendor);
    await post(customer, '/users/favorites', { venue: venue.documentId }).expect(201);
    await app.strapi.db.query('api::venue.venue').update({ where: { id: venue.id }, data: { status: 'suspended' } });
    const res = await del(customer, `/users/favorites/${venue.documentId}`);
    expect(res.status).toBe(200);
    expect(res.body.data.removed).toBe(true);
    expect(await favoriteIds(customer)).toEqual([]);
  });

  it('vendors have favourites too', async () => {
    const res = await post(vendor, '/users/favorites', { venue: venueA.documentId });
    expect(res.status).toBe(201);
    expect((await get(vendor, '/users/favorites')).body.meta.pagination.total).toBe(1);
  });
});

describe("one user never sees or changes another's data", () => {
  it('profiles, preferences and favourites are per caller', async () => {
    const venue = await createVenue(app, vendor);
    const [alice, bob] = [await createCustomer(app, { first_name: 'Alice' }), await createCustomer(app, { first_name: 'Bob' })];
    await post(alice, '/users/favorites', { venue: venue.documentId }).expect(201);
    await put(alice, '/users/preferences', { currency: 'CHF' }).expect(200);

    expect((await get(bob, '/users/profile')).body.data).toMatchObject({ documentId: bob.documentId, first_name: 'Bob' });
    expect((await get(bob, '/users/favorites')).body.meta.pagination.total).toBe(0);
    expect((await get(bob, '/users/preferences')).body.data.currency).toBe('EUR');

    // Bob "removing" Alice's favourite only touches Bob's own list.
    const res = await del(bob, `/users/favorites/${venue.documentId}`);
    expect(res.status).toBe(200);
    expect(res.body.data.removed).toBe(false);
    await put(bob, '/users/profile', { first_name: 'Bobby' }).expect(200);

    const aliceRow = await userRow(alice.id);
    expect(aliceRow.first_name).toBe('Alice');
    expect(aliceRow.favorites.map((v: { documentId: string }) => v.documentId)).toEqual([venue.documentId]);
    expect(aliceRow.preferences).toEqual({ currency: 'CHF' });
  });

  it('the users-permissions /users/:id routes do not shadow the account routes', async () => {
    const customer = await createCustomer(app);
    const res = await get(customer, '/users/profile');
    expect(res.status).toBe(200);
    expect(res.body.data.documentId).toBe(customer.documentId);
  });
});
