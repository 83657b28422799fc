import type { Context } from 'koa';
import { userActorOf } from '../../../infra/actor';
import { parseOrThrow } from '../../../infra/validation';
import { appService } from '../../app-services';
import { documentIdParam, respondBody, vendorReviewsQuery } from '../contracts';

const reviews = () => appService(strapi, 'api::review.reviews');

/** Vendor dashboard: reviews of the vendor's venues and the vendor's replies (route policy api::venue.is-vendor). */
export default {
  async list(ctx: Context) {
    const { userId } = userActorOf(ctx);
    const query = parseOrThrow(vendorReviewsQuery, ctx.query);
    const { data, pagination } = await reviews().listForVendor(userId, query);
    ctx.body = { data, meta: { pagination } };
  },

  /** POST (and PUT) …/respond: 201 for the first reply, 200 when it edits the reply. */
  async respond(ctx: Context) {
    const { userId } = userActorOf(ctx);
    const id = parseOrThrow(documentIdParam, ctx.params.id);
    const { response } = parseOrThrow(respondBody, ctx.request.body ?? {});
    const result = await reviews().respond(userId, id, response);
    ctx.status = result.created ? 201 : 200;
    ctx.body = { data: result.review, meta: {} };
  },
};
