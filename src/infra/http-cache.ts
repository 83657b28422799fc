import crypto from 'node:crypto';
import type { Context } from 'koa';

/**
 * Sends a generated text body with a strong ETag (hash of the bytes) and a Cache-Control header, and
 * answers 304 Not Modified when the client's If-None-Match already names it. The body must be
 * deterministic for unchanged data (no "now" inside) for the ETag to be useful.
 */
export const sendCacheable = (ctx: Context, body: string, options: { type: string; cacheControl: string }): void => {
  const etag = `"${crypto.createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`;
  ctx.set('ETag', etag);
  ctx.set('Cache-Control', options.cacheControl);
  ctx.type = options.type;
  ctx.status = 200;
  if (ctx.fresh) {
    ctx.status = 304;
    return;
  }
  ctx.body = body;
};
