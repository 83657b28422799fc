import type { Context } from 'koa';
import type { UserAction, VendorAction, VenueAction } from '../../../../../../domain/admin/state-machines';
import { parseOrThrow } from '../../../../../../infra/validation';
import { documentIdParam, reasonBody, userListQuery, vendorListQuery, venueListQuery } from '../../contracts/operations';
import { controlCenterService } from '../../get-service';
import { ok, staffActorOf } from './staff';

const management = () => controlCenterService(strapi, 'management');

const vendorAction = (action: VendorAction) => async (ctx: Context) => {
  const actor = staffActorOf(ctx);
  const id = parseOrThrow(documentIdParam, ctx.params.id);
  const body = parseOrThrow(reasonBody, ctx.request.body ?? {});
  ok(ctx, await management().vendorAction(actor, id, action, body));
};
const venueAction = (action: VenueAction) => async (ctx: Context) => {
  const actor = staffActorOf(ctx);
  const id = parseOrThrow(documentIdParam, ctx.params.id);
  const body = parseOrThrow(reasonBody, ctx.request.body ?? {});
  ok(ctx, await management().venueAction(actor, id, action, body));
};
const userAction = (action: UserAction) => async (ctx: Context) => {
  const actor = staffActorOf(ctx);
  const id = parseOrThrow(documentIdParam, ctx.params.id);
  const body = parseOrThrow(reasonBody, ctx.request.body ?? {});
  ok(ctx, await management().userAction(actor, id, action, body));
};

/** One controller per resource; GET actions are find/findOne (read-only API tokens pass only those). */
export const vendors = {
  async find(ctx: Context) {
    staffActorOf(ctx);
    ctx.body = await management().listVendors(parseOrThrow(vendorListQuery, ctx.query));
  },
  async findOne(ctx: Context) {
    staffActorOf(ctx);
    ok(ctx, await management().getVendor(parseOrThrow(documentIdParam, ctx.params.id)));
  },
  approve: vendorAction('approve'),
  reject: vendorAction('reject'),
  suspend: vendorAction('suspend'),
  reinstate: vendorAction('reinstate'),
};

export const venues = {
  async find(ctx: Context) {
    staffActorOf(ctx);
    ctx.body = await management().listVenues(parseOrThrow(venueListQuery, ctx.query));
  },
  async findOne(ctx: Context) {
    staffActorOf(ctx);
    ok(ctx, await management().getVenue(parseOrThrow(documentIdParam, ctx.params.id)));
  },
  approve: venueAction('approve'),
  reject: venueAction('reject'),
  suspend: venueAction('suspend'),
  feature: venueAction('feature'),
  unfeature: venueAction('unfeature'),
};

export const users = {
  async find(ctx: Context) {
    staffActorOf(ctx);
    ctx.body = await management().listUsers(parseOrThrow(userListQuery, ctx.query));
  },
  async findOne(ctx: Context) {
    staffActorOf(ctx);
    ok(ctx, await management().getUser(parseOrThrow(documentIdParam, ctx.params.id)));
  },
  block: userAction('block'),
  unblock: userAction('unblock'),
};
