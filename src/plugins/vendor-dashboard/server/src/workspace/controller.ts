import type { Context } from 'koa';
import { declineBookingBody } from '../../../../../api/booking/contracts';
import { payments } from '../../../../../api/payments-port';
import { documentIdParam } from '../../../../../infra/params';
import { plainText } from '../../../../../infra/plain-text';
import { parseOrThrow } from '../../../../../infra/validation';
import { vendorDashboardService } from '../get-service';
import { listVenuesQuery } from '../listing/contracts';
import { bookingListQuery } from '../operations/contracts';
import { queryOf, scopeOf } from './scope';

const service = <K extends Parameters<typeof vendorDashboardService>[1]>(name: K) => vendorDashboardService(strapi, name);

/** The vendor as the booking engine knows it: its users-permissions user (the engine checks it owns the venue). */
const vendorActor = (ctx: Context) => ({ kind: 'user' as const, userId: scopeOf(ctx).vendorUserId, role: 'vendor' as const });

/**
 * Admin routes of the workspace (`/vendor-dashboard/workspace/...`): the scope policy resolved the vendor
 * (ctx.state.workspace); every call below passes it to the same services the REST trees use.
 */
export default {
  async overview(ctx: Context) {
    ctx.body = { data: await service('workspace').overview(scopeOf(ctx)), meta: {} };
  },

  async venues(ctx: Context) {
    const query = parseOrThrow(listVenuesQuery, queryOf(ctx));
    const { data, pagination } = await service('venues').list(scopeOf(ctx).vendorUserId, query);
    ctx.body = { data, meta: { pagination } };
  },

  async venue(ctx: Context) {
    const id = parseOrThrow(documentIdParam, ctx.params.id);
    ctx.body = { data: await service('venues').get(scopeOf(ctx).vendorUserId, id), meta: {} };
  },

  async requests(ctx: Context) {
    const query = parseOrThrow(bookingListQuery, queryOf(ctx));
    const { data, pagination } = await service('vendor-bookings').list(scopeOf(ctx).profile.id, 'requests', query);
    ctx.body = { data, meta: { pagination } };
  },

  async approve(ctx: Context) {
    parseOrThrow(declineBookingBody, ctx.request.body ?? {});
    const id = parseOrThrow(documentIdParam, ctx.params.id);
    ctx.body = { data: await payments(strapi).approveBooking(vendorActor(ctx), id), meta: {} };
  },

  async decline(ctx: Context) {
    const { reason } = parseOrThrow(declineBookingBody, ctx.request.body ?? {});
    const id = parseOrThrow(documentIdParam, ctx.params.id);
    ctx.body = { data: await payments(strapi).declineBooking(vendorActor(ctx), id, reason ? plainText(reason) : null), meta: {} };
  },
};
