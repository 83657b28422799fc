import type { Context, Next } from 'koa';
import { toHttpError } from '../infra/http-errors';

/** Sits right inside strapi::errors: maps domain/database errors thrown by any route to contract errors. */
export default () => async (_ctx: Context, next: Next) => {
  try {
    await next();
  } catch (error) {
    throw toHttpError(error);
  }
};
