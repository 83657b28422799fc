import { documentIdParam } from '../../../infra/params';
import type { Context } from 'koa';
import { userActorOf } from '../../../infra/actor';
import { plainText } from '../../../infra/plain-text';
import { parseOrThrow } from '../../../infra/validation';
import { blockedDatesQuery, createBlockBody } from '../contracts';
import { appService } from '../../app-services';

const service = () => appService(strapi, 'api::blocked-period.blocked-dates');

export default {
  async list(ctx: Context) {
    const { userId } = userActorOf(ctx);
    const query = parseOrThrow(blockedDatesQuery, ctx.query);
    const { data, pagination } = await service().list(userId, {
      ...query,
      from: query.from ? Date.parse(query.from) : undefined,
      to: query.to ? Date.parse(query.to) : undefined,
    });
    ctx.body = { data, meta: { pagination } };
  },

  async create(ctx: Context) {
    const { userId } = userActorOf(ctx);
    // The contract also checks the window: after start, in the future, at most a year (400s).
    const body = parseOrThrow(createBlockBody, ctx.request.body ?? {});
    const now = Date.now();
    const start = Date.parse(body.start);
    const end = Date.parse(body.end);
    const reason = body.reason ? plainText(body.reason) || null : null;
    ctx.status = 201;
    ctx.body = { data: await service().create(userId, { venue: body.venue, start, end, reason }, now), meta: {} };
  },

  async remove(ctx: Context) {
    const { userId } = userActorOf(ctx);
    ctx.body = { data: await service().remove(userId, parseOrThrow(documentIdParam, ctx.params.id)), meta: {} };
  },
};
