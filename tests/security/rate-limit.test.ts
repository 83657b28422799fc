import crypto from 'node:crypto';
import { startApp, type TestApp } from '../harness/app';
import { startInstance, type TestInstance } from '../harness/instance';
import { databaseUrl } from '../harness/postgres';
import { describeWith } from '../harness/services';
import { createCustomer } from '../harness/users';

// Every call a different client address (TEST-NET ranges), so no two cases ever share a bucket.
let lastHost = 0;
const ip = () => {
  lastHost += 1;
  return `198.51.${100 + Math.floor(lastHost / 250)}.${(lastHost % 250) + 1}`;
};
const login = (app: TestApp, identifier: string, from: string) =>
  app.http().post(app.api('/auth/login')).set('X-Forwarded-For', from).send({ identifier, password: 'wrong-password' });

describe('rate limits (one instance)', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startApp({ env: { RATE_LIMIT: 'on', TRUST_PROXY: '1', RATE_LIMIT_PREFIX: `t:${crypto.randomUUID()}` } });
    await app.strapi.db
      .query('api::system-setting.system-setting')
      .update({ where: { key: 'rate_limits.general_per_minute' }, data: { value: 20 } });
  });
  afterAll(async () => {
    await app.stop();
  });

  it('refuses the 6th login attempt from one IP with 429 RateLimitError, Retry-After and X-RateLimit-*', async () => {
    const from = ip();
    for (let i = 0; i < 5; i += 1) {
      const res = await login(app, `someone${i}@example.test`, from);
      expect(res.status).toBe(401);
    }
    const sixth = await login(app, 'someone-else@example.test', from);
    expect(sixth.status).toBe(429);
    expect(sixth.body).toMatchObject({
      data: null,
      error: { status: 429, name: 'RateLimitError', details: { scope: 'auth-ip' } },
    });
    expect(Number(sixth.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(sixth.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(sixth.headers['x-ratelimit-limit']).toBe('5');
    expect(sixth.headers['x-ratelimit-remaining']).toBe('0');
  });

  it('counts per identifier too: rotating IPs does not help', async () => {
    for (let i = 0; i < 5; i += 1) expect((await login(app, 'target@example.test', ip())).status).toBe(401);
    const res = await login(app, 'TARGET@example.test', ip());
    expect(res.status).toBe(429);
    expect(res.body.error.details.scope).toBe('auth-id');
  });

  it.each([
    ['/auth/refresh-token', { refreshToken: 'x'.repeat(40) }, 401],
    ['/auth/reset-password', { code: 'guess', password: 'long-enough-1', passwordConfirmation: 'long-enough-1' }, 400],
    ['/auth/forgot-password', { email: 'victim@example.test' }, 200],
  ])('brute force on %s is cut off after 5 attempts per minute', async (path, body, answer) => {
    const from = ip();
    const statuses: number[] = [];
    for (let i = 0; i < 6; i += 1)
      statuses.push((await app.http().post(app.api(path)).set('X-Forwarded-For', from).send(body)).status);
    expect(statuses).toEqual([answer, answer, answer, answer, answer, 429]);
  });

  it('limits anonymous traffic per IP and signed-in traffic per user', async () => {
    const from = ip();
    const statuses = [];
    for (let i = 0; i < 21; i += 1)
      statuses.push((await app.http().get(app.api('/amenities')).set('X-Forwarded-For', from)).status);
    expect(statuses.slice(0, 20).every((s) => s === 200)).toBe(true);
    expect(statuses[20]).toBe(429);
    // The same IP, signed in, has its own (user) budget.
    const user = await createCustomer(app);
    expect((await app.http().get(app.api('/amenities')).set('X-Forwarded-For', from).set(user.auth)).status).toBe(200);
    // Health probes are never limited.
    expect((await app.http().get(app.api('/health')).set('X-Forwarded-For', from)).status).toBe(200);
  });

  it('a forged token does not spend another user’s budget', async () => {
    const res = await app
      .http()
      .get(app.api('/amenities'))
      .set('Authorization', 'Bearer forged.token.value')
      .set('X-Forwarded-For', ip());
    expect(res.status).toBeLessThan(500);
  });
});

// A short window (RATE_LIMIT_WINDOW_MS) so the client below can honour Retry-After in real time. With
// PostgreSQL + Redis the counters live in Redis, so this runs once per store (memory, then Redis).
describe('Retry-After tells the truth', () => {
  let app: TestApp;
  beforeAll(async () => {
    const env = {
      RATE_LIMIT: 'on',
      TRUST_PROXY: '1',
      RATE_LIMIT_PREFIX: `t:${crypto.randomUUID()}`,
      // Long enough for six bcrypt logins on a loaded 2-core machine (3 s was not: the window reset mid-test).
      RATE_LIMIT_WINDOW_MS: '8000',
    };
    app = await startApp({ env });
  });
  afterAll(async () => {
    await app.stop();
  });

  it('a client that waits exactly Retry-After after the auth budget refused it gets in; the 429 names the auth budget', async () => {
    const from = ip();
    // The usual case: one person mistyping their password, so the per-IP and per-identifier budgets run out together.
    for (let i = 0; i < 5; i += 1) expect((await login(app, 'mistyped@example.test', from)).status).toBe(401);
    const refused = await login(app, 'mistyped@example.test', from);
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers['retry-after']);
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(8);
    expect(refused.body.error.details).toMatchObject({ scope: expect.stringMatching(/^auth-(ip|id)$/), retry_after: retryAfter });
    expect(refused.headers['x-ratelimit-limit']).toBe('5');
    expect(refused.headers['x-ratelimit-remaining']).toBe('0');
    const reset = Number(refused.headers['x-ratelimit-reset']);
    expect(Number.isInteger(reset)).toBe(true);
    expect(Math.abs(reset - (Date.now() / 1000 + retryAfter))).toBeLessThanOrEqual(1.5);

    // Coming back early is refused, and never with Retry-After: 0.
    const early = await login(app, 'mistyped@example.test', from);
    expect(early.status).toBe(429);
    expect(Number(early.headers['retry-after'])).toBeGreaterThanOrEqual(1);

    await new Promise((resolve) => setTimeout(resolve, retryAfter * 1000));
    expect((await login(app, 'mistyped@example.test', from)).status).toBe(401);
  });
});

describe('client IP without trusted proxies', () => {
  it('ignores X-Forwarded-For when TRUST_PROXY is 0', async () => {
    const app = await startApp({ env: { RATE_LIMIT: 'on', TRUST_PROXY: '0', RATE_LIMIT_PREFIX: `t:${crypto.randomUUID()}` } });
    try {
      for (let i = 0; i < 5; i += 1) expect((await login(app, `spoof${i}@example.test`, ip())).status).toBe(401);
      expect((await login(app, 'spoof-last@example.test', ip())).status).toBe(429);
    } finally {
      await app.stop();
    }
  });
});

describeWith(['postgres', 'redis'])('rate limits across two instances sharing Redis', () => {
  let app: TestApp;
  let other: TestInstance;
  const prefix = `t:${crypto.randomUUID()}`;
  beforeAll(async () => {
    const env = { RATE_LIMIT: 'on', TRUST_PROXY: '1', RATE_LIMIT_PREFIX: prefix };
    app = await startApp({ env });
    other = await startInstance({
      databaseUrl: databaseUrl(process.env.TOFIMOTIA_TEST_PG_BASE_URL as string, app.database.name),
      env: { ...env, REDIS_URL: process.env.REDIS_URL as string },
    });
  }, 120_000);
  afterAll(async () => {
    await other?.stop();
    await app?.stop();
  });

  it('refuses the 6th login attempt from one IP on either instance', async () => {
    const from = ip();
    const statuses: number[] = [];
    for (let i = 0; i < 6; i += 1) {
      const target = i % 2 === 0 ? app.http() : other.http();
      const res = await target
        .post('/api/v1/auth/login')
        .set('X-Forwarded-For', from)
        .send({ identifier: `multi${i}@example.test`, password: 'wrong-password' });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    // And the other instance refuses too.
    const res = await app
      .http()
      .post(app.api('/auth/login'))
      .set('X-Forwarded-For', from)
      .send({ identifier: 'multi-x@example.test', password: 'wrong-password' });
    expect(res.status).toBe(429);
  });
});
