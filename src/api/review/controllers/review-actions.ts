import type { Context } from 'koa';
import { userActorOf } from '../../../infra/actor';
import { parseOrThrow } from '../../../infra/validation';
import { appService } from '../../app-services';
import { createReviewBody, documentIdParam, myReviewsQuery, reportReviewBody, updateReviewBody } from '../contracts';

const reviews = () => appService(strapi, 'api::review.reviews');
const reviewId = (ctx: Context) => parseOrThrow(documentIdParam, ctx.params.id);

/** Reviews by customers (contract: Reviews): write, edit, list own, report one. */
export default {
  async create(ctx: Context) {
    const { userId } = userActorOf(ctx);
    const input = parseOrThrow(createReviewBody, ctx.request.body ?? {});
    ctx.status = 201;
    ctx.body = { data: await reviews().create(userId, input), meta: {} };
  },

  async update(ctx: Context) {
    const { userId } = userActorOf(ctx);
    const id = reviewId(ctx);
    const input = parseOrThrow(updateReviewBody, ctx.request.body ?? {});
    ctx.body = { data: await reviews().update(userId, id, input), meta: {} };
  },

  async mine(ctx: Context) {
    const { userId } = userActorOf(ctx);
    const page = parseOrThrow(myReviewsQuery, ctx.query);
    const { data, pagination } = await reviews().listMine(userId, page);
    ctx.body = { data, meta: { pagination } };
  },

  async report(ctx: Context) {
    const { userId } = userActorOf(ctx);
    const id = reviewId(ctx);
    const input = parseOrThrow(reportReviewBody, ctx.request.body ?? {});
    ctx.status = 201;
    ctx.body = {
      data: await appService(strapi, 'api::report.reports').file(userId, { target_type: 'review', target: id, ...input }),
      meta: {},
    };
  },
};
