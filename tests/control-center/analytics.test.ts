import { startApp, type TestApp } from '../harness/app';
import { createApiToken, createStaff, type ApiToken, type Staff } from '../harness/staff';
import { createCustomer, type TestUser } from '../harness/users';
import { seedActivity } from './analytics-fixtures';

/** The analytics routes: both surfaces, token scopes, staff roles, query validation, CSV export. */

let app: TestApp;
let customer: TestUser;
const staff = {} as Record<'superAdmin' | 'platformManager' | 'moderator' | 'support', Staff>;
let fullAccess: ApiToken;
let readOnly: ApiToken;
let revenueOnly: ApiToken;

const today = new Date().toISOString().slice(0, 10);
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString();

beforeAll(async () => {
  app = await startApp({ env: { CRON_ENABLED: 'false' } });
  await seedActivity(app, 30, daysAgo(20), new Date().toISOString());
  customer = await createCustomer(app);
  for (const role of ['superAdmin', 'platformManager', 'moderator', 'support'] as const)
    staff[role] = await createStaff(app, role);
  fullAccess = await createApiToken(app, 'full-access');
  readOnly = await createApiToken(app, 'read-only');
  revenueOnly = await createApiToken(app, 'custom', ['plugin::control-center.analytics-revenue.find']);
}, 180_000);
afterAll(async () => {
  await app.stop();
});

const REPORTS = ['revenue', 'bookings', 'user-growth'];
const CONTENT_PATHS = REPORTS.flatMap((r) => [`/admin/analytics/${r}`, `/admin-dashboard/metrics/${r}`]);

describe('content-api analytics (API tokens)', () => {
  it.each(CONTENT_PATHS)('full-access token reads %s', async (path) => {
    const res = await app.http().get(app.api(path)).query({ interval: 'week' }).set(fullAccess.auth);
    expect(res.status).toBe(200);
    expect(Array.isArray(res.body.data.series)).toBe(true);
    expect(res.body.data.series[0]).toHaveProperty('period_start');
    expect(res.body.meta).toMatchObject({ timezone: 'UTC', currency: 'EUR', to: today, interval: 'week' });
    expect(res.body.data.previous.totals).toBeDefined();
  });

  it.each(CONTENT_PATHS)('read-only token reads %s', async (path) => {
    const res = await app.http().get(app.api(path)).set(readOnly.auth);
    expect(res.status).toBe(200);
  });

  it.each(CONTENT_PATHS)('no token: %s is refused', async (path) => {
    const res = await app.http().get(app.api(path));
    expect([401, 403]).toContain(res.status);
    expect(res.body.data).toBeNull();
  });

  it.each(CONTENT_PATHS)('a customer JWT gets 403 on %s', async (path) => {
    const res = await app.http().get(app.api(path)).set(customer.auth);
    expect(res.status).toBe(403);
  });

  it('a custom token with only the revenue scope reads revenue (both trees) and nothing else', async () => {
    for (const path of ['/admin/analytics/revenue', '/admin-dashboard/metrics/revenue']) {
      expect((await app.http().get(app.api(path)).set(revenueOnly.auth)).status).toBe(200);
    }
    for (const path of CONTENT_PATHS.filter((p) => !p.endsWith('/revenue')).concat('/admin-dashboard/operations/health')) {
      expect((await app.http().get(app.api(path)).set(revenueOnly.auth)).status).toBe(403);
    }
  });

  it('figures add up: the series sums to the totals, money is integers, the bookings have a status breakdown', async () => {
    const from = daysAgo(20).slice(0, 10);
    const revenue = await app.http().get(app.api('/admin/analytics/revenue')).query({ from, to: today }).set(fullAccess.auth);
    const sum = (key: string) => revenue.body.data.series.reduce((n: number, p: Record<string, number>) => n + p[key], 0);
    for (const key of ['gross', 'fees', 'refunds', 'net', 'payouts']) {
      expect(sum(key)).toBe(revenue.body.data.totals[key]);
      expect(Number.isInteger(revenue.body.data.totals[key])).toBe(true);
    }
    expect(revenue.body.data.totals.net).toBe(revenue.body.data.totals.gross - revenue.body.data.totals.refunds);
    const bookings = await app.http().get(app.api('/admin/analytics/bookings')).query({ from, to: today }).set(fullAccess.auth);
    expect(bookings.body.data.totals.created).toBe(30);
    expect(bookings.body.data.totals.by_city.map((c: { city: string }) => c.city).sort()).toEqual(['Berlin', 'Paris']);
    const growth = await app.http().get(app.api('/admin/analytics/user-growth')).query({ from, to: today }).set(fullAccess.auth);
    expect(growth.body.data.totals.active_users).toBe(3);
    expect(growth.body.data.totals.vendors_by_status.approved).toBeGreaterThanOrEqual(1);
  });

  it.each([
    [{ from: '2026-05-02', to: '2026-05-01' }, 'to'],
    [{ from: '2023-01-01', to: '2026-01-01' }, 'from'],
    [{ interval: 'year' }, 'interval'],
    [{ from: '2026-02-30' }, 'from'],
    [{ to: '01/05/2026' }, 'to'],
    [{ timezone: 'Mars/Olympus_Mons' }, 'timezone'],
    [{ currency: 'eur' }, 'currency'],
    [{ format: 'xml' }, 'format'],
    [{ colour: 'blue' }, ''],
  ])('bad query %j → 400 naming %s', async (query, field) => {
    const res = await app.http().get(app.api('/admin/analytics/revenue')).query(query).set(fullAccess.auth);
    expect(res.status).toBe(400);
    expect(res.body.error.name).toBe('ValidationError');
    if (field) expect(JSON.stringify(res.body.error.details)).toContain(field);
  });

  it('CSV export is streamed with one line per period', async () => {
    const from = daysAgo(6).slice(0, 10);
    const res = await app
      .http()
      .get(app.api('/admin/analytics/revenue'))
      .query({ from, to: today, format: 'csv' })
      .set(readOnly.auth)
      .buffer(true)
      .parse((response, done) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString()));
        response.on('end', () => done(null, text));
      });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.headers['content-disposition']).toContain(`revenue_${from}_${today}.csv`);
    const lines = (res.body as string).trim().split('\n');
    expect(lines[0]).toBe('period_start,period_end,gross,fees,refunds,net,payouts,currency,timezone');
    expect(lines).toHaveLength(8);
    expect(lines[1].startsWith(`${from},${from},`)).toBe(true);
  });
});

describe('admin routes (/control-center, admin RBAC)', () => {
  const ADMIN_PATHS = [...REPORTS.map((r) => `/control-center/analytics/${r}`), '/control-center/health'];

  it.each(ADMIN_PATHS)('Super Admin and Platform Manager read %s', async (path) => {
    for (const role of ['superAdmin', 'platformManager'] as const) {
      const res = await app.http().get(path).set(staff[role].auth);
      expect(res.status).toBe(200);
      expect(res.body.data).toBeDefined();
    }
  });

  it.each(ADMIN_PATHS)('Moderator and Support get 403 on %s; no token 401', async (path) => {
    for (const role of ['moderator', 'support'] as const) {
      expect((await app.http().get(path).set(staff[role].auth)).status).toBe(403);
    }
    expect((await app.http().get(path)).status).toBe(401);
    // An API token is not an admin session.
    expect((await app.http().get(path).set(fullAccess.auth)).status).toBe(401);
  });

  it.each(REPORTS)('CSV export of %s needs the reports permission', async (report) => {
    const path = `/control-center/reports/analytics/${report}`;
    for (const role of ['superAdmin', 'platformManager'] as const) {
      const res = await app.http().get(path).query({ interval: 'month' }).set(staff[role].auth);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toContain('text/csv');
    }
    for (const role of ['moderator', 'support'] as const)
      expect((await app.http().get(path).set(staff[role].auth)).status).toBe(403);
  });

  it('the dashboard routes do not export CSV, an unknown report is 404, bad queries are 400', async () => {
    const csv = await app.http().get('/control-center/analytics/revenue').query({ format: 'csv' }).set(staff.superAdmin.auth);
    expect(csv.status).toBe(400);
    expect((await app.http().get('/control-center/reports/analytics/payroll').set(staff.superAdmin.auth)).status).toBe(404);
    const bad = await app
      .http()
      .get('/control-center/analytics/bookings')
      .query({ interval: 'hour' })
      .set(staff.platformManager.auth);
    expect(bad.status).toBe(400);
  });
});
