import type { Context } from 'koa';
import { parseOrThrow } from '../../../../../infra/validation';
import { approveSlotBody, featuredSlotListQuery, rejectSlotBody } from '../contracts/featured-slots';
import { documentIdParam } from '../contracts/operations';
import { controlCenterService } from '../get-service';
import { ok, staffActorOf } from './operations/staff';

const service = () => controlCenterService(strapi, 'featured-slots');

/**
 * Staff decisions on vendors' featured-slot requests (area `venues`). Content-api scopes:
 * `plugin::control-center.featured-slots.{find,approve,reject}`.
 */
export default {
  'featured-slots': {
    async find(ctx: Context) {
      staffActorOf(ctx);
      ctx.body = await service().list(parseOrThrow(featuredSlotListQuery, ctx.query));
    },
    async approve(ctx: Context) {
      const actor = staffActorOf(ctx);
      const id = parseOrThrow(documentIdParam, ctx.params.id);
      parseOrThrow(approveSlotBody, ctx.request.body ?? {});
      ok(ctx, await service().approve(actor, id));
    },
    async reject(ctx: Context) {
      const actor = staffActorOf(ctx);
      const id = parseOrThrow(documentIdParam, ctx.params.id);
      const body = parseOrThrow(rejectSlotBody, ctx.request.body ?? {});
      ok(ctx, await service().reject(actor, id, body.reason));
    },
  },
};
