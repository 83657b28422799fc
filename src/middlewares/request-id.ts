import type { Context, Next } from 'koa';
import { acceptRequestId, REQUEST_ID_HEADER } from '../infra/request-id';

/**
 * First in the chain (config/middlewares.ts): gives the request its id (the proxy's `X-Request-Id` when sane,
 * else a new UUID) before anything can log, and answers with it — on errors too, so a client can quote it.
 */
export default () => async (ctx: Context, next: Next) => {
  const id = acceptRequestId(ctx.get(REQUEST_ID_HEADER));
  ctx.state.requestId = id;
  ctx.set(REQUEST_ID_HEADER, id);
  try {
    await next();
  } finally {
    // A handler that reset the headers (a streamed download, an error page) still answers with the id.
    if (!ctx.headerSent) ctx.set(REQUEST_ID_HEADER, id);
  }
};
