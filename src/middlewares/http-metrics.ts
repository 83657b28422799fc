import type { Context, Next } from 'koa';
import { httpDuration, httpErrors, metricsAccess, registry } from '../infra/metrics';

/**
 * First in the chain (config/middlewares.ts): times every request into the prom-client registry labelled by the
 * matched route pattern (`/api/v1/venues/:id`, never the raw URL, so label values stay few) and its final status,
 * and serves `GET /metrics` (Prometheus text format) to holders of METRICS_TOKEN (see src/infra/metrics.ts).
 */
export default () => async (ctx: Context, next: Next) => {
  if (ctx.path === '/metrics' && (ctx.method === 'GET' || ctx.method === 'HEAD')) {
    const access = metricsAccess(ctx.get('authorization') || undefined);
    if (access === 'absent') {
      ctx.status = 404;
      ctx.body = { data: null, error: { status: 404, name: 'NotFoundError', message: 'Not Found', details: {} } };
      return;
    }
    if (access === 'denied') {
      ctx.status = 401;
      ctx.set('WWW-Authenticate', 'Bearer realm="metrics"');
      ctx.body = {
        data: null,
        error: { status: 401, name: 'UnauthorizedError', message: 'Missing or invalid metrics token', details: {} },
      };
      return;
    }
    ctx.set('Content-Type', registry.contentType);
    ctx.set('Cache-Control', 'no-store');
    ctx.body = await registry.metrics();
    return;
  }
  const end = httpDuration.startTimer();
  let status = 500;
  try {
    await next();
    status = ctx.status;
  } catch (error) {
    status = Number((error as { status?: unknown }).status) || 500;
    throw error;
  } finally {
    const labels = {
      method: ctx.method,
      route: (ctx as Context & { _matchedRoute?: string })._matchedRoute ?? 'unmatched',
      status: String(status),
    };
    end(labels);
    if (status >= 500) httpErrors.inc(labels);
  }
};
