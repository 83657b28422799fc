import { startApp, type TestApp } from '../harness/app';
import { createApiToken, createStaff, type ApiToken, type Staff, type StaffRoleName } from '../harness/staff';
import { createCustomer, createVendor, type TestUser } from '../harness/users';

// The shared test machine is slow at times: a boot under load has taken over 3 minutes.
jest.setTimeout(300_000);

/**
 * Who may call the control center's operations routes (both run modes), route by route:
 * - content-api (/api/v1/admin/..., /api/v1/admin-dashboard/...): full-access token everywhere, a custom token only
 *   where granted, a read-only token only on find/findOne, no token 401/403, customers' and vendors' JWTs 403;
 * - admin routes (/control-center/...): each staff role only in its areas (Super Admin everywhere, Platform Manager
 *   all but settings, Moderator moderation, Support tickets), no admin token 401.
 * A request that passes the checks reaches the controller: a missing id answers 404, never 401/403.
 */
let app: TestApp;
let full: ApiToken;
let readOnly: ApiToken;
let customer: TestUser;
let vendorUser: TestUser;
const staff: Partial<Record<StaffRoleName, Staff>> = {};

interface Route {
  method: string;
  path: string;
  handler: string;
}

const OPERATIONS_PREFIXES = [
  '/admin/management/',
  '/admin/moderation/',
  '/admin/settings',
  '/admin/audit',
  '/admin-dashboard/management/',
  '/admin-dashboard/operations/',
];
const OPERATIONS_HANDLERS = /^(users|vendors|venues|reviews|moderation-reports|tickets|settings|audit-log|audit-export)\./;

const routesOf = (type: 'admin' | 'content-api'): Route[] => {
  const plugin = app.strapi.plugin('control-center') as unknown as { routes: Record<string, { routes: Route[] }> };
  return plugin.routes[type].routes.filter(
    (route) =>
      OPERATIONS_HANDLERS.test(route.handler) && (type === 'admin' || OPERATIONS_PREFIXES.some((p) => route.path.startsWith(p)))
  );
};

const concrete = (path: string) => path.replace(':id', 'missing-doc-id').replace(':group', 'system');
const isRead = (route: Route) => route.method === 'GET';
/**
 * What a request that passed authorization answers with no data: lists 200, a missing document 404; a mutation's
 * body is checked before its target (an empty body where a reason or value is required: 400). Never 401/403.
 */
const passed = (route: Route, viaToken: boolean): number[] => {
  if (route.handler === 'tickets.reply' && viaToken) return [403]; // replies are signed by a person
  if (route.method === 'PUT') return [400];
  if (route.method === 'POST') return [400, 404];
  if (route.path.includes(':id')) return [404];
  return [200];
};
const outcome = (route: Route, status: number, expected: number[]) => ({
  route: `${route.method} ${route.path}`,
  ok: expected.includes(status) ? true : status,
});

const call = (route: Route, url: string, auth: Record<string, string> = {}) => {
  const req = app.http()[route.method.toLowerCase() as 'get' | 'post' | 'put'](url).set(auth);
  return route.method === 'GET' ? req : req.send({});
};
const apiUrl = (route: Route) => app.api(concrete(route.path));
const adminUrl = (route: Route) => `/control-center${concrete(route.path)}`;
const areaOf = (route: Route): string => {
  const config = (route as unknown as { config: { policies: ({ config?: { actions: string[] } } | string)[] } }).config;
  const check = config.policies.find((p) => typeof p === 'object') as { config: { actions: string[] } };
  return check.config.actions[0].replace('plugin::control-center.', '');
};

beforeAll(async () => {
  app = await startApp();
  full = await createApiToken(app, 'full-access');
  readOnly = await createApiToken(app, 'read-only');
  customer = await createCustomer(app);
  vendorUser = await createVendor(app);
  for (const role of ['superAdmin', 'platformManager', 'moderator', 'support'] as const)
    staff[role] = await createStaff(app, role);
}, 600_000);
afterAll(async () => {
  await app?.stop();
});

describe('content-api routes (API tokens)', () => {
  it('covers every documented tree', () => {
    const paths = routesOf('content-api').map((route) => `${route.method} ${route.path}`);
    expect(paths).toEqual(
      expect.arrayContaining([
        'GET /admin/management/vendors',
        'POST /admin/management/vendors/:id/approve',
        'POST /admin/management/vendors/:id/reject',
        'POST /admin/management/vendors/:id/suspend',
        'POST /admin/management/vendors/:id/reinstate',
        'POST /admin/management/venues/:id/approve',
        'POST /admin/management/venues/:id/reject',
        'POST /admin/management/venues/:id/feature',
        'POST /admin/management/venues/:id/unfeature',
        'POST /admin/management/users/:id/block',
        'POST /admin/management/users/:id/unblock',
        'GET /admin/management/users',
        'GET /admin/management/venues',
        'POST /admin/moderation/reviews/:id/hide',
        'POST /admin/moderation/reviews/:id/restore',
        'POST /admin/moderation/reports/:id/resolve',
        'GET /admin/settings/:group',
        'PUT /admin/settings/:group',
        'GET /admin-dashboard/management/vendors',
        'GET /admin-dashboard/operations/tickets',
        'POST /admin-dashboard/operations/tickets/:id/assign',
        'POST /admin-dashboard/operations/tickets/:id/reply',
        'POST /admin-dashboard/operations/tickets/:id/status',
        'GET /admin/audit',
        'GET /admin/audit/export',
      ])
    );
    expect(paths.length).toBe(55);
  });

  it('full-access token: every route reaches its controller', async () => {
    for (const route of routesOf('content-api')) {
      const res = await call(route, apiUrl(route), full.auth);
      expect(outcome(route, res.status, passed(route, true))).toEqual(outcome(route, 0, [0]));
    }
  });

  it('read-only token: reads pass, every mutation is 403', async () => {
    for (const route of routesOf('content-api')) {
      const res = await call(route, apiUrl(route), readOnly.auth);
      expect(outcome(route, res.status, isRead(route) ? passed(route, true) : [403])).toEqual(outcome(route, 0, [0]));
    }
  });

  it('no token, a customer or a vendor: refused everywhere', async () => {
    for (const route of routesOf('content-api')) {
      expect([401, 403]).toContain((await call(route, apiUrl(route))).status);
      expect((await call(route, apiUrl(route), customer.auth)).status).toBe(403);
      expect((await call(route, apiUrl(route), vendorUser.auth)).status).toBe(403);
    }
  });

  it('custom token with one scope: allowed there, 403 elsewhere', async () => {
    const vendorsFind = await createApiToken(app, 'custom', ['plugin::control-center.vendors.find']);
    expect((await app.http().get(app.api('/admin/management/vendors')).set(vendorsFind.auth)).status).toBe(200);
    expect((await app.http().get(app.api('/admin-dashboard/management/vendors')).set(vendorsFind.auth)).status).toBe(200);
    expect((await app.http().get(app.api('/admin/management/venues')).set(vendorsFind.auth)).status).toBe(403);
    expect((await app.http().get(app.api('/admin/management/vendors/x1')).set(vendorsFind.auth)).status).toBe(403);
    expect((await app.http().post(app.api('/admin/management/vendors/x1/approve')).set(vendorsFind.auth)).status).toBe(403);
    expect((await app.http().get(app.api('/admin/settings/fees')).set(vendorsFind.auth)).status).toBe(403);

    const approver = await createApiToken(app, 'custom', ['plugin::control-center.vendors.approve']);
    const pending = await createVendor(app, { status: 'pending' });
    const approve = (token: ApiToken) =>
      app
        .http()
        .post(app.api(`/admin/management/vendors/${pending.profile.documentId}/approve`))
        .set(token.auth)
        .send({});
    expect((await approve(vendorsFind)).status).toBe(403);
    expect((await approve(approver)).status).toBe(200);
    expect(
      (
        await app
          .http()
          .post(app.api(`/admin/management/vendors/${pending.profile.documentId}/suspend`))
          .set(approver.auth)
          .send({ reason: 'x' })
      ).status
    ).toBe(403);
    expect((await app.http().get(app.api('/admin/management/vendors')).set(approver.auth)).status).toBe(403);

    const settingsWriter = await createApiToken(app, 'custom', ['plugin::control-center.settings.update']);
    const put = await app
      .http()
      .put(app.api('/admin/settings/policies'))
      .set(settingsWriter.auth)
      .send({ 'support.reopen_days': 21 });
    expect(put.status).toBe(200);
    expect((await app.http().get(app.api('/admin/settings/policies')).set(settingsWriter.auth)).status).toBe(403);
  });
});

describe('admin routes (staff roles)', () => {
  const allowed: Record<StaffRoleName, string[]> = {
    superAdmin: ['users', 'vendors', 'venues', 'moderation', 'tickets', 'settings', 'audit'],
    platformManager: ['users', 'vendors', 'venues', 'moderation', 'tickets', 'audit'],
    moderator: ['moderation'],
    support: ['tickets'],
  };

  it.each(Object.keys(allowed) as StaffRoleName[])('%s reaches only its areas', async (role) => {
    const who = staff[role] as Staff;
    for (const route of routesOf('admin')) {
      const res = await call(route, adminUrl(route), who.auth);
      const expected = allowed[role].includes(areaOf(route)) ? passed(route, false) : [403];
      expect({ role, ...outcome(route, res.status, expected) }).toEqual({ role, ...outcome(route, 0, [0]) });
    }
  });

  it('no admin token, an API token or a user JWT: 401', async () => {
    for (const route of routesOf('admin')) {
      expect((await call(route, adminUrl(route))).status).toBe(401);
      expect((await call(route, adminUrl(route), full.auth)).status).toBe(401);
      expect((await call(route, adminUrl(route), customer.auth)).status).toBe(401);
    }
  });
});
