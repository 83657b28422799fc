import { documentIdParam } from '../../infra/params';
import { paginationQuery } from '../../infra/paginate';
import { z } from 'zod';
import { dataResponse, instant, integer, paginationSchema, type Documents } from '../../infra/openapi-shapes';
import type { NotificationView } from './services/notification-center';

/** Request schemas of /users/notifications (shared by the controller and the OpenAPI document). */

/** `?unread=true` lists unread ones only; `false` (or absent) lists all. */
const booleanFlag = z.enum(['true', 'false']).transform((value) => value === 'true');

export const listNotificationsQuery = z.strictObject({
  unread: booleanFlag.optional(),
  ...paginationQuery,
});

export const updateNotificationBody = z.strictObject({
  read: z.boolean({ message: 'read must be true or false' }),
});

export { documentIdParam };

/* ------------------------------------------------------------------------------------------------
 * OpenAPI documentation (see src/infra/openapi-shapes.ts); follows notification-center.ts `notificationView`.
 * ---------------------------------------------------------------------------------------------- */

export const listNotificationsQueryDoc = z.strictObject({
  unread: z.enum(['true', 'false']).optional().describe('true: only unread notifications'),
  ...paginationQuery,
});

export const notificationSchema = z.object({
  id: z.string().describe('documentId'),
  type: z.string().describe('Event type, e.g. booking_confirmed (see GET /users/preferences for the list)'),
  title: z.string(),
  body: z.string().nullable(),
  data: z.object({}).catchall(z.unknown()).nullable().describe('Ids the client can link to (booking, venue, payment, …)'),
  read_at: instant.nullable(),
  created_at: instant,
});

export const notificationListResponse = z
  .object({
    data: z.array(notificationSchema),
    meta: z.object({
      pagination: paginationSchema,
      unread: integer.min(0).describe('Unread notifications in all (for a badge)'),
    }),
  })
  .describe("The caller's notifications, newest first");

export const notificationResponse = dataResponse(notificationSchema, 'The notification after the change');
export const readAllResponse = dataResponse(
  z.object({ updated: integer.min(0).describe('How many notifications were unread until now') }),
  'Every notification of the caller is read'
);

// Compile-time drift check: the documented item fits what the service builds.
export type NotificationDocumented = Documents<z.output<typeof notificationSchema>, NotificationView>;
