import type { Context } from 'koa';
import { userActorOf } from '../../../infra/actor';
import { sendCacheable } from '../../../infra/http-cache';
import { parseOrThrow } from '../../../infra/validation';
import { exportBody, exportTokenParam } from '../contracts';
import { appService } from '../../app-services';

const service = () => appService(strapi, 'api::calendar-feed.calendar-export');

export default {
  /** Creates or rotates the venue's private feed URL (vendor). */
  async rotate(ctx: Context) {
    const { userId } = userActorOf(ctx);
    const { venue } = parseOrThrow(exportBody, ctx.request.body ?? {});
    const base = (strapi.config.get('server.url', '') as string) || `${ctx.protocol}://${ctx.host}`;
    ctx.status = 201;
    ctx.body = { data: await service().rotate(userId, venue, base), meta: {} };
  },

  /** The feed itself: public route, the token in the path is the credential (unknown → 404). */
  async feed(ctx: Context) {
    const token = parseOrThrow(exportTokenParam, ctx.params.token);
    const body = await service().feed(token);
    ctx.set('X-Robots-Tag', 'noindex');
    sendCacheable(ctx, body, { type: 'text/calendar; charset=utf-8', cacheControl: 'private, max-age=300' });
  },
};
