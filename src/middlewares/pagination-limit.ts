import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Context, Next } from 'koa';

const MAX_PAGE_SIZE = 100;

type Query = Record<string, unknown>;

const requestedSizes = (query: Query): unknown[] => {
  const pagination = (query.pagination ?? {}) as Query;
  return [query.pageSize, query.limit, pagination.pageSize, pagination.limit];
};

/**
 * The contract caps pageSize at 100 and wants a 400 above it (Strapi itself would silently clamp).
 * Applies to every content API request, generated or custom.
 */
export default (_config: unknown, { strapi }: { strapi: Core.Strapi }) => {
  const prefix = strapi.config.get('api.rest.prefix', '/api') as string;
  return async (ctx: Context, next: Next) => {
    if (ctx.path.startsWith(prefix)) {
      for (const raw of requestedSizes(ctx.query as Query)) {
        if (raw === undefined) continue;
        const size = Number(raw);
        if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) {
          throw new errors.ValidationError(`pageSize must be an integer between 1 and ${MAX_PAGE_SIZE}`, {
            errors: [{ path: ['pageSize'], message: `max ${MAX_PAGE_SIZE}`, name: 'ValidationError' }],
          });
        }
      }
    }
    await next();
  };
};
