import { documentIdParam } from '../../../infra/params';
import type { Context } from 'koa';
import { userActorOf } from '../../../infra/actor';
import { plainText } from '../../../infra/plain-text';
import { parseOrThrow } from '../../../infra/validation';
import { createImportBody, importsQuery } from '../contracts';
import { appService } from '../../app-services';

const service = () => appService(strapi, 'api::calendar-feed.calendar-imports');

export default {
  async list(ctx: Context) {
    const { userId } = userActorOf(ctx);
    const { data, pagination } = await service().list(userId, parseOrThrow(importsQuery, ctx.query));
    ctx.body = { data, meta: { pagination } };
  },

  async create(ctx: Context) {
    const { userId } = userActorOf(ctx);
    const body = parseOrThrow(createImportBody, ctx.request.body ?? {});
    const name = body.name ? plainText(body.name) || null : null;
    ctx.status = 201;
    ctx.body = { data: await service().create(userId, { venue: body.venue, url: body.url, name }), meta: {} };
  },

  async remove(ctx: Context) {
    const { userId } = userActorOf(ctx);
    ctx.body = { data: await service().remove(userId, parseOrThrow(documentIdParam, ctx.params.id)), meta: {} };
  },

  async sync(ctx: Context) {
    const { userId } = userActorOf(ctx);
    ctx.body = { data: await service().syncNow(userId, parseOrThrow(documentIdParam, ctx.params.id)), meta: {} };
  },
};
