import { errors } from '@strapi/utils';
import type { Context } from 'koa';
import { userActorOf } from '../../../infra/actor';
import { plainText } from '../../../infra/plain-text';
import { parseOrThrow } from '../../../infra/validation';
import { documentIdParam } from '../../booking/contracts';
import { blockedDatesQuery, createBlockBody } from '../contracts';

const DAY = 86_400_000;
const MAX_BLOCK_DAYS = 366;
const service = () => strapi.service('api::blocked-period.blocked-dates');

const invalid = (field: string, message: string) =>
  new errors.ValidationError(`${field}: ${message}`, { errors: [{ path: [field], message, name: 'ValidationError' }] });

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
    const body = parseOrThrow(createBlockBody, ctx.request.body ?? {});
    const now = Date.now();
    const start = Date.parse(body.start);
    const end = Date.parse(body.end);
    if (end <= start) throw invalid('end', 'must be after start');
    if (end <= now) throw invalid('end', 'must be in the future (the past cannot be blocked)');
    if (end - start > MAX_BLOCK_DAYS * DAY) throw invalid('end', `a block spans at most ${MAX_BLOCK_DAYS} days`);
    const reason = body.reason ? plainText(body.reason) || null : null;
    ctx.status = 201;
    ctx.body = { data: await service().create(userId, { venue: body.venue, start, end, reason }, now), meta: {} };
  },

  async remove(ctx: Context) {
    const { userId } = userActorOf(ctx);
    ctx.body = { data: await service().remove(userId, parseOrThrow(documentIdParam, ctx.params.id)), meta: {} };
  },
};
