import type { Context, Next } from 'koa';
import { toHttpError } from '../infra/http-errors';

/** Sits right inside strapi::errors: maps domain/database errors thrown by any route to contract errors. */
export default () => async (ctx: Context, next: Next) => {
  try {
    await next();
  } catch (error) {
    const mapped = toHttpError(error);
    // A domain rate limit (e.g. chat messages) says when to retry, like global::rate-limit does.
    const retryAfter = (mapped as { name?: string; details?: { retry_after_seconds?: unknown } }).details?.retry_after_seconds;
    if ((mapped as { name?: string }).name === 'RateLimitError' && typeof retryAfter === 'number')
      ctx.set('Retry-After', String(retryAfter));
    throw mapped;
  }
};
