import { startApp, type TestApp } from '../harness/app';
import { quantileOfBuckets, metricsAccess } from '../../src/infra/metrics';

/** GET /metrics: Prometheus text format, only with METRICS_TOKEN; and the quantile maths of the health page. */

let app: TestApp;
const TOKEN = 'metrics-token-for-tests-0123456789';

beforeAll(async () => {
  app = await startApp({ env: { CRON_ENABLED: 'false' } });
}, 120_000);
afterAll(async () => {
  await app.stop();
});

const withToken = async <T>(token: string | undefined, work: () => Promise<T>): Promise<T> => {
  const previous = process.env.METRICS_TOKEN;
  if (token === undefined) delete process.env.METRICS_TOKEN;
  else process.env.METRICS_TOKEN = token;
  try {
    return await work();
  } finally {
    if (previous === undefined) delete process.env.METRICS_TOKEN;
    else process.env.METRICS_TOKEN = previous;
  }
};

describe('GET /metrics', () => {
  it('does not exist without METRICS_TOKEN configured', async () => {
    await withToken(undefined, async () => {
      expect((await app.http().get('/metrics')).status).toBe(404);
      expect((await app.http().get('/metrics').set('Authorization', 'Bearer anything')).status).toBe(404);
    });
  });

  it('is 401 without the token or with another one', async () => {
    await withToken(TOKEN, async () => {
      const none = await app.http().get('/metrics');
      expect(none.status).toBe(401);
      expect(none.headers['www-authenticate']).toContain('Bearer');
      expect((await app.http().get('/metrics').set('Authorization', `Bearer ${TOKEN}x`)).status).toBe(401);
      expect((await app.http().get('/metrics').set('Authorization', TOKEN)).status).toBe(401);
    });
  });

  it('serves the Prometheus text format with per-route request durations and no raw ids in labels', async () => {
    await app.http().get(app.api('/venues/no-such-venue-id-123'));
    await app.http().get('/_health');
    const res = await withToken(TOKEN, () => app.http().get('/metrics').set('Authorization', `Bearer ${TOKEN}`));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    const text = res.text;
    expect(text).toContain('# TYPE http_request_duration_seconds histogram');
    expect(text).toContain('# TYPE http_request_errors_total counter');
    expect(text).toMatch(
      /http_request_duration_seconds_bucket\{le="0\.005",app="tofimotia",method="GET",route="\/api\/v1\/venues\/:id",status="404"\}/
    );
    expect(text).toMatch(/process_cpu_seconds_total/);
    expect(text).not.toContain('no-such-venue-id-123');
  });
});

describe('quantiles from histogram buckets', () => {
  it('interpolates within the bucket holding the rank, like histogram_quantile', () => {
    const buckets = [
      { le: 0.1, count: 50 },
      { le: 0.2, count: 90 },
      { le: 0.5, count: 100 },
      { le: Number.POSITIVE_INFINITY, count: 100 },
    ];
    expect(quantileOfBuckets(0.5, buckets)).toBeCloseTo(0.1, 10);
    expect(quantileOfBuckets(0.7, buckets)).toBeCloseTo(0.15, 10);
    expect(quantileOfBuckets(0.95, buckets)).toBeCloseTo(0.35, 10);
    expect(quantileOfBuckets(0.5, [{ le: Number.POSITIVE_INFINITY, count: 0 }])).toBeNull();
    expect(
      quantileOfBuckets(0.99, [
        { le: 1, count: 1 },
        { le: Number.POSITIVE_INFINITY, count: 10 },
      ])
    ).toBe(1);
  });

  it('checks the token in constant time and refuses other schemes', () => {
    expect(metricsAccess('Bearer abc', 'abc')).toBe('ok');
    expect(metricsAccess('Bearer abd', 'abc')).toBe('denied');
    expect(metricsAccess('Basic abc', 'abc')).toBe('denied');
    expect(metricsAccess(undefined, 'abc')).toBe('denied');
    expect(metricsAccess('Bearer abc', undefined)).toBe('absent');
  });
});
