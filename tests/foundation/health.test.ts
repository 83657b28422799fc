import { startApp, type TestApp } from '../harness/app';
import { hasRedis } from '../harness/services';

// Each case boots its own app inside the test: give the boot the time it has in beforeAll elsewhere.
const BOOT_AND_CHECK_MS = 180_000;

describe('GET /health', () => {
  let app: TestApp;
  afterEach(async () => {
    await app?.stop();
  });

  it(
    'reports the database and Redis state of this run mode',
    async () => {
      app = await startApp();
      const res = await app.http().get(app.api('/health'));
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        status: 'ok',
        database: 'up',
        database_client: app.database.client,
        redis: hasRedis() ? 'up' : 'disabled',
        version: expect.any(String),
      });
      expect(res.headers['cache-control']).toBe('no-store');
    },
    BOOT_AND_CHECK_MS
  );

  it(
    'answers 503 when a configured Redis is unreachable',
    async () => {
      // Port 1 on loopback: nothing listens there, so the connection is refused at once.
      app = await startApp({ env: { REDIS_URL: 'redis://127.0.0.1:1' } });
      const res = await app.http().get(app.api('/health'));
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({ status: 'degraded', database: 'up', redis: 'down' });
    },
    BOOT_AND_CHECK_MS
  );
});
