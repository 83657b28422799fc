import type { Context } from 'koa';
import { userActorOf } from '../../../infra/actor';
import { parseOrThrow } from '../../../infra/validation';
import { appService } from '../../app-services';
import { paymentMethodIdParam } from '../contracts';

const methods = () => appService(strapi, 'api::payment-method.payment-method');

export default {
  async list(ctx: Context) {
    ctx.body = { data: await methods().list(userActorOf(ctx).userId), meta: {} };
  },

  async setup(ctx: Context) {
    const { userId } = userActorOf(ctx);
    ctx.body = { data: await methods().setup(userId), meta: {} };
  },

  async remove(ctx: Context) {
    const { userId } = userActorOf(ctx);
    const id = parseOrThrow(paymentMethodIdParam, ctx.params.id);
    ctx.body = { data: await methods().remove(userId, id), meta: {} };
  },
};
