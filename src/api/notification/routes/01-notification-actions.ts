import { jsonBody, queryParams } from '../../../infra/openapi-shapes';
import {
  documentIdParam,
  listNotificationsQueryDoc,
  notificationListResponse,
  notificationResponse,
  readAllResponse,
  updateNotificationBody,
} from '../contracts';

/**
 * The signed-in user's notifications (contract: Users). Registered before users-permissions' plugin
 * routes (Strapi registers API routes first), so `/users/notifications` is never taken for `/users/:id`.
 * Who may call: customers and vendors (src/bootstrap/permissions.ts); every action works on the caller's
 * own notifications only (someone else's id is a 404).
 *
 * `request` / `response` feed Strapi's OpenAPI document only; the controller parses with ../contracts.ts.
 */
export default {
  routes: [
    {
      method: 'GET',
      path: '/users/notifications',
      handler: 'notification-center.list',
      request: { query: queryParams(listNotificationsQueryDoc) },
      response: notificationListResponse,
    },
    {
      method: 'POST',
      path: '/users/notifications/read-all',
      handler: 'notification-center.readAll',
      response: readAllResponse,
    },
    {
      method: 'PATCH',
      path: '/users/notifications/:id',
      handler: 'notification-center.update',
      request: { params: { id: documentIdParam }, body: jsonBody(updateNotificationBody) },
      response: notificationResponse,
    },
  ],
};
