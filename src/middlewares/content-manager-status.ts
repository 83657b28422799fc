import type { Context, Next } from 'koa';
import { CONTENT_STATUS_TYPES } from '../infra/admin-request';

const EDIT_PATH = /^\/content-manager\/collection-types\/([^/]+)(?:\/[^/]+)?$/;

/**
 * Strapi 5's Content Manager reads `status` in an edit body as the Draft & Publish status and refuses anything
 * but `draft` / `published` (400 "Invalid status"), even for types without Draft & Publish. Reviews, reports and
 * support tickets have a `status` attribute of their own (hidden, resolved, pending_user, …): saving one in the
 * admin panel would always fail. For those types this middleware takes `status` out of a create/update body before
 * the Content Manager sees it and leaves it in `ctx.state.contentStatus`; their Document Service middlewares apply
 * it through the moderation and ticket services, after checking the admin's field-level permission for `status`
 * (src/infra/admin-request.ts `contentManagerStatus`).
 */
export default () => async (ctx: Context, next: Next) => {
  if (ctx.method === 'PUT' || ctx.method === 'POST') {
    const uid = EDIT_PATH.exec(ctx.path)?.[1];
    const body = ctx.request.body as Record<string, unknown> | undefined;
    if (uid && CONTENT_STATUS_TYPES.includes(uid) && body && typeof body === 'object' && 'status' in body) {
      ctx.state.contentStatus = { uid, value: body.status };
      delete body.status;
    }
  }
  await next();
};
