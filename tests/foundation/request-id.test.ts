import Transport from 'winston-transport';
import { jsonLogFormat } from '../../src/infra/logging';
import { startApp, type TestApp } from '../harness/app';

/** X-Request-Id on every answer (src/middlewares/request-id.ts) and on every log line of the request. */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const MESSAGE = Symbol.for('message');

type LogInfo = { level: string; message: unknown; request_id?: string; [MESSAGE]?: string };

/** A winston transport that keeps what it is given. */
class CapturedLines extends Transport {
  lines: LogInfo[] = [];
  log(info: LogInfo, done: () => void) {
    this.lines.push(info);
    done();
  }
}

let app: TestApp;
beforeAll(async () => {
  app = await startApp();
});
afterAll(async () => {
  await app?.stop();
});

describe('X-Request-Id', () => {
  it('answers every request with a new id when the caller sent none', async () => {
    const first = await app.http().get(app.api('/health'));
    const second = await app.http().get(app.api('/health'));
    expect(first.headers['x-request-id']).toMatch(UUID);
    expect(second.headers['x-request-id']).toMatch(UUID);
    expect(first.headers['x-request-id']).not.toBe(second.headers['x-request-id']);
  });

  it("keeps a proxy's sane id and replaces anything else", async () => {
    const kept = await app.http().get(app.api('/health')).set('X-Request-Id', 'nginx-7f3a9c01');
    expect(kept.headers['x-request-id']).toBe('nginx-7f3a9c01');
    for (const bad of ['short', 'has spaces in it', 'x'.repeat(65), 'semi;colon-0001']) {
      const res = await app.http().get(app.api('/health')).set('X-Request-Id', bad);
      expect(res.headers['x-request-id']).toMatch(UUID);
    }
  });

  it('is on error answers too (404, 400, 401)', async () => {
    const missing = await app.http().get(app.api('/no-such-route')).set('X-Request-Id', 'trace-404-0001');
    expect(missing.status).toBe(404);
    expect(missing.headers['x-request-id']).toBe('trace-404-0001');
    const bad = await app.http().get(app.api('/venues/search?page=zero')).set('X-Request-Id', 'trace-400-0001');
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ status: 400 });
    expect(bad.headers['x-request-id']).toBe('trace-400-0001');
    const anonymous = await app.http().get(app.api('/users/me')).set('X-Request-Id', 'trace-401-0001');
    expect([401, 403]).toContain(anonymous.status);
    expect(anonymous.headers['x-request-id']).toBe('trace-401-0001');
  });
});

describe('log lines', () => {
  it('carry the id of the request they were written for, and nothing when written outside a request', async () => {
    const capture = new CapturedLines();
    const level = app.strapi.log.level;
    app.strapi.log.level = 'http';
    app.strapi.log.add(capture);
    try {
      await app.http().get(app.api('/health')).set('X-Request-Id', 'trace-log-0001');
      app.strapi.log.info('outside any request');
    } finally {
      app.strapi.log.remove(capture);
      app.strapi.log.level = level;
    }
    const requestLine = capture.lines.find((line) => String(line.message).startsWith('GET /api/v1/health'));
    expect(requestLine).toMatchObject({ level: expect.stringContaining('http'), request_id: 'trace-log-0001' });
    expect(requestLine?.[MESSAGE]).toContain('(request trace-log-0001)');
    const outside = capture.lines.find((line) => line.message === 'outside any request');
    expect(outside).toBeDefined();
    expect(outside?.request_id).toBeUndefined();
  });

  it('are one JSON object per line in production format, with the id, time and stack', () => {
    const format = jsonLogFormat();
    const error = new Error('boom');
    const info = format.transform({
      level: 'error',
      message: error.message,
      stack: error.stack,
      request_id: 'r-12345678',
    }) as LogInfo;
    const line = JSON.parse(String(info[MESSAGE])) as Record<string, unknown>;
    expect(line).toMatchObject({ level: 'error', message: 'boom', request_id: 'r-12345678', timestamp: expect.any(String) });
    expect(String(line.stack)).toContain('Error: boom');
  });
});
