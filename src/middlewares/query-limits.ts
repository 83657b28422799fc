import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Context, Next } from 'koa';

const MAX_PAGE_SIZE = 100;
/** Relation levels a client may populate (venue → vendor → …); deeper trees only cost the database. */
const MAX_POPULATE_DEPTH = 3;
/** Nesting of filter objects ($and/$or/relations); beyond this a query is an attack, not a search. */
const MAX_FILTER_DEPTH = 8;

type Query = Record<string, unknown>;

const requestedSizes = (query: Query): unknown[] => {
  const pagination = (query.pagination ?? {}) as Query;
  return [query.pageSize, query.limit, pagination.pageSize, pagination.limit];
};

/** How many relation levels a populate parameter asks for ('*' and 'a,b' are one level). */
const populateDepth = (populate: unknown): number => {
  if (populate === undefined || populate === null || populate === '') return 0;
  if (typeof populate !== 'object') return 1;
  let deepest = 1;
  for (const value of Object.values(populate as Query)) {
    const nested = value && typeof value === 'object' ? (value as Query).populate : undefined;
    if (nested !== undefined) deepest = Math.max(deepest, 1 + populateDepth(nested));
  }
  return deepest;
};

const objectDepth = (value: unknown): number =>
  value && typeof value === 'object' ? 1 + Math.max(0, ...Object.values(value as Query).map(objectDepth)) : 0;

const invalid = (path: string, message: string) =>
  new errors.ValidationError(message, { errors: [{ path: [path], message, name: 'ValidationError' }] });

/**
 * Caps on what one content-API request may ask for: pageSize ≤ 100 (the contract wants a 400 above it,
 * where Strapi would clamp silently), populate depth and filter nesting. Applies to every route,
 * generated or custom.
 */
export default (_config: unknown, { strapi }: { strapi: Core.Strapi }) => {
  const prefix = strapi.config.get('api.rest.prefix', '/api') as string;
  return async (ctx: Context, next: Next) => {
    if (ctx.path.startsWith(prefix)) {
      const query = ctx.query as Query;
      for (const raw of requestedSizes(query)) {
        if (raw === undefined) continue;
        const size = Number(raw);
        if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) {
          throw invalid('pageSize', `pageSize must be an integer between 1 and ${MAX_PAGE_SIZE}`);
        }
      }
      if (populateDepth(query.populate) > MAX_POPULATE_DEPTH) {
        throw invalid('populate', `populate reaches at most ${MAX_POPULATE_DEPTH} relation levels`);
      }
      if (objectDepth(query.filters) > MAX_FILTER_DEPTH) {
        throw invalid('filters', `filters nest at most ${MAX_FILTER_DEPTH} levels`);
      }
    }
    await next();
  };
};
