import type { Context } from 'koa';
import { userActorOf } from '../../../infra/actor';
import { parseOrThrow } from '../../../infra/validation';
import { appService } from '../../app-services';
import { createReportBody } from '../../review/contracts';

/** POST /reports: any signed-in user flags a review, venue or message (once per target). */
export default {
  async create(ctx: Context) {
    const { userId } = userActorOf(ctx);
    const input = parseOrThrow(createReportBody, ctx.request.body ?? {});
    ctx.status = 201;
    ctx.body = { data: await appService(strapi, 'api::report.reports').file(userId, input), meta: {} };
  },
};
