import { errors } from '@strapi/utils';
import type { Context } from 'koa';
import { userActorOf } from '../../../infra/actor';
import { parseOrThrow } from '../../../infra/validation';
import { documentIdParam, listNotificationsQuery, updateNotificationBody } from '../contracts';
import { appService } from '../../app-services';

const center = () => appService(strapi, 'api::notification.notification-center');

/** The signed-in user's own notifications (contract: Users). Someone else's notification is a 404. */
export default {
  async list(ctx: Context) {
    const { userId } = userActorOf(ctx);
    const query = parseOrThrow(listNotificationsQuery, ctx.query);
    const { data, pagination, unread } = await center().list(userId, query);
    ctx.body = { data, meta: { pagination, unread } };
  },

  async update(ctx: Context) {
    const { userId } = userActorOf(ctx);
    const id = parseOrThrow(documentIdParam, ctx.params.id);
    const { read } = parseOrThrow(updateNotificationBody, ctx.request.body ?? {});
    const notification = read ? await center().markRead(userId, id) : await center().setRead(userId, id, false);
    if (!notification) throw new errors.NotFoundError('Notification not found');
    ctx.body = { data: notification, meta: {} };
  },

  async readAll(ctx: Context) {
    const { userId } = userActorOf(ctx);
    ctx.body = { data: { updated: await center().readAll(userId) }, meta: {} };
  },
};
