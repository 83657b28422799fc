import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Context } from 'koa';
import type { z } from 'zod';
import { parseOrThrow } from '../../../infra/validation';
import { ownedVenue } from '../ownership';

export interface IsVenueOwnerConfig {
  /** Where the venue's documentId is: a path parameter (default `params.id`), a query or a body field. */
  from?: 'params' | 'query' | 'body';
  field?: string;
  /**
   * The contract of that request part. Parsed first, so a malformed request is the same 400 the controller
   * gives (whoever's venue it names), and only a well-formed one is checked for ownership.
   */
  schema?: z.ZodType;
  /** The venue may be left out (e.g. lists over all of the vendor's venues); then there is nothing to check. */
  optional?: boolean;
}

/**
 * Policies get a copy of the Koa context: `ctx.query` (a getter) is not on it, `ctx.request.query` is. `state`
 * is the request's own object, so what the policy leaves there reaches the controller.
 */
const sourceOf = (ctx: Context, from: NonNullable<IsVenueOwnerConfig['from']>): unknown => {
  if (from === 'params') return ctx.params ?? {};
  if (from === 'query') return ctx.request.query ?? {};
  return ctx.request.body ?? {};
};

/**
 * Route policy `api::venue.is-venue-owner`: the venue named by the request belongs to the calling vendor,
 * or the answer is 404 — someone else's venue does not exist for them (a 403 would confirm it exists).
 * Leaves the venue in `ctx.state.ownedVenue`. A missing or malformed id is a 400.
 */
export default async (ctx: Context, config: IsVenueOwnerConfig, { strapi }: { strapi: Core.Strapi }): Promise<boolean> => {
  const user = ctx.state.user as { id: number } | undefined;
  if (!user?.id) throw new errors.UnauthorizedError('Sign in to do this');
  const from = config?.from ?? 'params';
  const field = config?.field ?? 'id';
  const source = sourceOf(ctx, from);
  const input = (config?.schema ? parseOrThrow(config.schema, source) : source) as Record<string, unknown>;
  const value = input[field];
  if (value === undefined && config?.optional) return true;
  if (typeof value !== 'string' || value.length === 0) {
    throw new errors.ValidationError(`${field}: required`, {
      errors: [{ path: [field], message: 'required', name: 'ValidationError' }],
    });
  }
  ctx.state.ownedVenue = await ownedVenue(strapi, user.id, value);
  return true;
};
