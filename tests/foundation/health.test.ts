import { startApp, type TestApp } from '../harness/app';
import { hasRedis } from '../harness/services';

describe('GET /health', () => {
  let app: TestApp;
  afterEach(async () => {
    await app?.stop();
  });

  it('reports the database and Redis state of this run mode', async () => {
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
  });

  it('answers 503 when a configured Redis is unreachable', async () => {
    // Port 1 on loopback: nothing listens there, so the connection is refused at once.
    app = await startApp({ env: { REDIS_URL: 'redis://127.0.0.1:1' } });
    const res = await app.http().get(app.api('/health'));
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ status: 'degraded', database: 'up', redis: 'down' });
  });
});
