import { startApp, type TestApp } from '../harness/app';
import { localTime } from '../harness/bookings';
import { createApiToken, createStaff, type ApiToken, type Staff } from '../harness/staff';
import { createVendor } from '../harness/users';
import { createVenue, type TestVenue } from '../harness/venues';

// The shared test machine is slow at times: a boot under load has taken over 3 minutes.
jest.setTimeout(300_000);

/**
 * Settings through the control center (both run modes): typed validation per key (unknown keys or a bad value: 400
 * and nothing changes), versioning (version counter + one audit row per changed key with old and new value and who),
 * and the change applying at once: a quote after a fee change shows the new fee.
 */
let app: TestApp;
let token: ApiToken;
let admin: Staff;
let venue: TestVenue;

const ZONE = 'Europe/Berlin';
const url = (group: string) => app.api(`/admin/settings/${group}`);
const put = (group: string, body: unknown) =>
  app
    .http()
    .put(url(group))
    .set(token.auth)
    .send(body as object);
const row = (key: string) => app.strapi.db.query('api::system-setting.system-setting').findOne({ where: { key } });
const settingAudit = (key: string) =>
  app.strapi.db.query('api::admin-action.admin-action').findMany({ where: { target_id: key }, orderBy: { id: 'asc' } });
const quote = () =>
  app
    .http()
    .get(app.api(`/venues/${venue.documentId}/quote`))
    .query({ start: localTime(ZONE, 7, '10:00'), end: localTime(ZONE, 7, '12:00'), guests: 2 });

beforeAll(async () => {
  app = await startApp();
  token = await createApiToken(app, 'full-access');
  admin = await createStaff(app, 'superAdmin');
  venue = await createVenue(app, await createVendor(app));
}, 600_000);
afterAll(async () => {
  await app?.stop();
});

describe('reading', () => {
  it('returns each group with values, descriptions and versions', async () => {
    const res = await app.http().get(url('fees')).set(token.auth);
    expect(res.status).toBe(200);
    expect(res.body.data.group).toBe('fees');
    expect(res.body.data.settings.map((s: { key: string }) => s.key)).toEqual(['fees.platform_fee_percent', 'fees.tax_percent']);
    expect(res.body.data.settings[0]).toMatchObject({ value: 10, version: 1, description: expect.any(String) });
    const policies = await app.http().get(url('policies')).set(token.auth);
    expect(policies.body.data.settings.map((s: { key: string }) => s.key)).toContain('policies.cancellation');
    const system = await app.http().get(url('system')).set(token.auth);
    expect(system.body.data.settings.map((s: { key: string }) => s.key)).toContain('booking.hold_minutes');
    expect((await app.http().get(url('secrets')).set(token.auth)).status).toBe(400);
  });
});

describe('validation: 400 and nothing changes', () => {
  const cases: [string, string, unknown, string[]][] = [
    ['fee above 50', 'fees', { 'fees.platform_fee_percent': 51 }, ['fees.platform_fee_percent']],
    ['negative fee', 'fees', { 'fees.platform_fee_percent': -1 }, ['fees.platform_fee_percent']],
    ['fee as text', 'fees', { 'fees.platform_fee_percent': '12' }, ['fees.platform_fee_percent']],
    ['unknown key', 'fees', { 'fees.platform_fee_percent': 12, 'fees.secret': 1 }, []],
    ['key of another group', 'fees', { 'booking.hold_minutes': 20 }, []],
    ['empty body', 'fees', {}, []],
    ['hold minutes 0', 'system', { 'booking.hold_minutes': 0 }, ['booking.hold_minutes']],
    ['fractional hold minutes', 'system', { 'booking.hold_minutes': 7.5 }, ['booking.hold_minutes']],
    ['granularity not dividing a day', 'system', { 'booking.granularity_minutes': 7 }, ['booking.granularity_minutes']],
    ['rate limit as text', 'system', { 'rate_limits.auth_per_minute': 'many' }, ['rate_limits.auth_per_minute']],
    ['review window 0', 'policies', { 'reviews.window_days': 0 }, ['reviews.window_days']],
  ];

  it.each(cases)('%s', async (_name, group, body, path) => {
    const before = await app.http().get(url(group)).set(token.auth);
    const res = await put(group, body);
    expect(res.status).toBe(400);
    expect(res.body.error.name).toBe('ValidationError');
    if (path.length) expect(res.body.error.details.errors[0].path).toEqual(path);
    const after = await app.http().get(url(group)).set(token.auth);
    expect(after.body.data).toEqual(before.body.data);
  });

  it('cancellation tiers must be monotonic, distinct and reach 0 hours; one bad key fails the whole update', async () => {
    const base = (await row('policies.cancellation')).value;
    const bad = [
      {
        ...base,
        moderate: [
          { min_hours_before: 48, refund_percent: 50 },
          { min_hours_before: 0, refund_percent: 80 },
        ],
      },
      { ...base, moderate: [{ min_hours_before: 48, refund_percent: 100 }] },
      {
        ...base,
        moderate: [
          { min_hours_before: 0, refund_percent: 100 },
          { min_hours_before: 0, refund_percent: 50 },
        ],
      },
      { ...base, moderate: [{ min_hours_before: 0, refund_percent: 120 }] },
      { flexible: base.flexible },
    ];
    for (const value of bad) {
      const res = await put('policies', { 'policies.cancellation': value, 'support.reopen_days': 9 });
      expect(res.status).toBe(400);
      expect(res.body.error.details.errors[0].path[0]).toBe('policies.cancellation');
    }
    expect((await row('support.reopen_days')).value).toBe(30);
    expect((await row('policies.cancellation')).value).toEqual(base);
    expect(await settingAudit('support.reopen_days')).toEqual([]);
  });
});

describe('changes', () => {
  it('versions each changed key with one audit row (old → new, who); unchanged values are skipped', async () => {
    const res = await app
      .http()
      .put('/control-center/settings/policies')
      .set(admin.auth)
      .send({ 'reviews.window_days': 21, 'support.reopen_days': 30 });
    expect(res.status).toBe(200);
    expect(res.body.meta.changed).toEqual(['reviews.window_days']);
    const setting = res.body.data.settings.find((s: { key: string }) => s.key === 'reviews.window_days');
    expect(setting).toMatchObject({ value: 21, version: 2, updated_by: admin.email });
    const again = await put('policies', { 'reviews.window_days': 22 });
    expect(again.body.data.settings.find((s: { key: string }) => s.key === 'reviews.window_days')).toMatchObject({
      value: 22,
      version: 3,
      updated_by: expect.stringMatching(/^api-token:\d+$/),
    });
    const audit = await settingAudit('reviews.window_days');
    expect(audit).toHaveLength(2);
    expect(audit[0]).toMatchObject({ action_type: 'settings.update', target_type: 'system-setting', admin_id: admin.id });
    expect(audit[0].action_data).toMatchObject({ before: { value: 14, version: 1 }, after: { value: 21, version: 2 } });
    expect(audit[1].action_data).toMatchObject({ before: { value: 21, version: 2 }, after: { value: 22, version: 3 } });
    expect(audit[1].api_token_id).toEqual(expect.any(Number));
    expect(await settingAudit('support.reopen_days')).toEqual([]);
  });

  it('accepts valid monotonic cancellation tiers', async () => {
    const base = (await row('policies.cancellation')).value;
    const value = {
      ...base,
      moderate: [
        { min_hours_before: 0, refund_percent: 25 },
        { min_hours_before: 72, refund_percent: 100 },
        { min_hours_before: 24, refund_percent: 50 },
      ],
    };
    const res = await put('policies', { 'policies.cancellation': value });
    expect(res.status).toBe(200);
    expect((await row('policies.cancellation')).value).toEqual(value);
  });

  it('a quote right after a fee change shows the new fee', async () => {
    const before = await quote();
    expect(before.status).toBe(200);
    const subtotal = before.body.data.subtotal - before.body.data.discount;
    expect(before.body.data.platform_fee).toBe(Math.round(subtotal * 0.1));
    expect((await put('fees', { 'fees.platform_fee_percent': 12.5, 'fees.tax_percent': 19 })).status).toBe(200);
    const after = await quote();
    expect(after.body.data.platform_fee).toBe(Math.round(subtotal * 0.125));
    expect(after.body.data.tax).toBeGreaterThan(0);
    expect(after.body.data.total_amount).toBe(subtotal + after.body.data.platform_fee + after.body.data.tax);
  });
});
