import { startApp, type TestApp } from '../harness/app';
import { createApiToken, createStaff, type ApiToken, type Staff } from '../harness/staff';
import { createCustomer, type TestUser } from '../harness/users';

/** System health: measured pings, queue depths, job runs, HTTP figures; both surfaces and their guards. */

let app: TestApp;
let superAdmin: Staff;
let moderator: Staff;
let fullAccess: ApiToken;
let readOnly: ApiToken;
let healthOnly: ApiToken;
let customer: TestUser;

beforeAll(async () => {
  app = await startApp({ env: { CRON_ENABLED: 'false' } });
  superAdmin = await createStaff(app, 'superAdmin');
  moderator = await createStaff(app, 'moderator');
  fullAccess = await createApiToken(app, 'full-access');
  readOnly = await createApiToken(app, 'read-only');
  healthOnly = await createApiToken(app, 'custom', ['plugin::control-center.operations-health.find']);
  customer = await createCustomer(app);
}, 120_000);
afterAll(async () => {
  await app.stop();
});

const cronTasks = () =>
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the running app's own module instance, from dist/
  require(`${app.strapi.dirs.dist.root}/src/cron/tasks`).cronTasks as Record<
    string,
    { task: (a: { strapi: unknown }) => Promise<void> }
  >;

describe('system health', () => {
  it('reports measured database and Redis pings, queue depths, job runs and per-route latency', async () => {
    await cronTasks().analyticsRollups.task({ strapi: app.strapi });
    for (let i = 0; i < 5; i += 1) await app.http().get(app.api('/admin/analytics/bookings')).set(fullAccess.auth);
    const res = await app.http().get('/control-center/health').set(superAdmin.auth);
    expect(res.status).toBe(200);
    const health = res.body.data;
    expect(health.database.status).toBe('up');
    expect(health.database.latency_ms).toEqual(expect.any(Number));
    expect(health.database.client).toBe(app.database.client === 'postgres' ? 'postgres' : 'sqlite');
    if (process.env.REDIS_URL) {
      expect(health.redis.status).toBe('up');
      expect(health.redis.latency_ms).toEqual(expect.any(Number));
    } else expect(health.redis).toEqual({ status: 'disabled', latency_ms: null });
    const mail = health.queues.find((q: { name: string }) => q.name === 'mail');
    expect(mail).toMatchObject({ kind: process.env.REDIS_URL ? 'bullmq' : 'memory' });
    for (const key of ['waiting', 'active', 'delayed', 'failed']) expect(mail[key]).toBeGreaterThanOrEqual(0);
    const job = health.jobs.find((j: { name: string }) => j.name === 'analytics-rollups');
    expect(job).toMatchObject({ last_status: 'ok', last_error: null });
    expect(Date.now() - Date.parse(job.last_finished_at)).toBeLessThan(60_000);
    const route = health.http.routes.find(
      (r: { route: string; method: string }) => r.method === 'GET' && r.route.endsWith('/admin/analytics/bookings')
    );
    expect(route.requests).toBeGreaterThanOrEqual(5);
    expect(route.p50_ms).toBeGreaterThan(0);
    expect(route.p95_ms).toBeGreaterThanOrEqual(route.p50_ms);
    expect(route.error_rate).toBe(0);
    expect(health.status).toBe('ok');
  });

  it('a failing job run is recorded as failed with its error, and the next success clears the status', async () => {
    const rollups = app.strapi.plugin('control-center').service('analyticsRollups') as { refresh: () => Promise<unknown> };
    const original = rollups.refresh;
    rollups.refresh = async () => {
      throw new Error('rollup exploded');
    };
    try {
      await cronTasks().analyticsRollups.task({ strapi: app.strapi });
    } finally {
      rollups.refresh = original;
    }
    let res = await app.http().get(app.api('/admin-dashboard/operations/health')).set(fullAccess.auth);
    let job = res.body.data.jobs.find((j: { name: string }) => j.name === 'analytics-rollups');
    expect(job).toMatchObject({ last_status: 'failed', last_error: 'rollup exploded' });
    expect(job.last_success_at).not.toBeNull();
    await cronTasks().analyticsRollups.task({ strapi: app.strapi });
    res = await app.http().get(app.api('/admin-dashboard/operations/health')).set(fullAccess.auth);
    job = res.body.data.jobs.find((j: { name: string }) => j.name === 'analytics-rollups');
    expect(job).toMatchObject({ last_status: 'ok', last_error: null });
  });

  it('content-api health: full-access, read-only and a health-scoped token read; others are refused', async () => {
    const path = app.api('/admin-dashboard/operations/health');
    for (const token of [fullAccess, readOnly, healthOnly]) expect((await app.http().get(path).set(token.auth)).status).toBe(200);
    expect([401, 403]).toContain((await app.http().get(path)).status);
    expect((await app.http().get(path).set(customer.auth)).status).toBe(403);
    expect((await app.http().get(app.api('/admin/analytics/revenue')).set(healthOnly.auth)).status).toBe(403);
  });

  it('admin health needs the dashboard permission', async () => {
    expect((await app.http().get('/control-center/health').set(moderator.auth)).status).toBe(403);
    expect((await app.http().get('/control-center/health')).status).toBe(401);
  });
});
