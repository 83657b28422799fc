import type { Context } from 'koa';

export default {
  async check(ctx: Context) {
    const report = await strapi.service('api::health.health').check();
    ctx.status = report.status === 'ok' ? 200 : 503;
    ctx.set('Cache-Control', 'no-store');
    ctx.body = report;
  },
};
