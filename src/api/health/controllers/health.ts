import type { Context } from 'koa';
import { appService } from '../../app-services';

export default {
  async check(ctx: Context) {
    const report = await appService(strapi, 'api::health.health').check();
    ctx.status = report.status === 'ok' ? 200 : 503;
    ctx.set('Cache-Control', 'no-store');
    ctx.body = report;
  },
};
