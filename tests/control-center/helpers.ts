import type { TestApp } from '../harness/app';
import type { TestUser } from '../harness/users';
import type { TestVenue } from '../harness/venues';

/** Shared builders of the control-center suites. */

const HOUR = 3_600_000;
let slot = 0;

/** A confirmed, paid booking of `customer` at `venue` starting `daysAhead` days from now (booking engine import path). */
export const upcomingConfirmedBooking = async (
  app: TestApp,
  customer: TestUser,
  venue: TestVenue,
  daysAhead = 5
): Promise<{ id: number; documentId: string }> => {
  slot += 1;
  const start = Date.now() + daysAhead * 24 * HOUR + slot * 2 * HOUR;
  const bookable = await app.strapi.service('api::venue.venue-rules').load(venue.documentId, { publicOnly: false });
  const documentId = await app.strapi.service('api::booking.booking-engine').importBooking({
    venue: bookable,
    customerId: customer.id,
    window: { start, end: start + HOUR },
    guests: 2,
    status: 'confirmed',
    paymentStatus: 'paid',
    quote: {
      currency: 'EUR',
      hours: 1,
      lines: [],
      subtotal: 10000,
      discount: 0,
      discount_rule: null,
      platform_fee: 1000,
      tax: 0,
      total_amount: 11000,
    },
  });
  const row = await app.strapi.db.query('api::booking.booking').findOne({ where: { documentId }, select: ['id'] });
  return { id: row.id, documentId };
};

export interface AuditRow {
  id: number;
  admin_id: number | null;
  api_token_id: number | null;
  action_type: string;
  target_type: string;
  target_id: string;
  request_id: string | null;
  action_data: Record<string, unknown> & { before?: Record<string, unknown>; after?: Record<string, unknown> };
}

/** Audit rows of one target, oldest first. */
export const auditOf = async (app: TestApp, targetId: string): Promise<AuditRow[]> =>
  (await app.strapi.db.query('api::admin-action.admin-action').findMany({
    where: { target_id: targetId },
    orderBy: { id: 'asc' },
  })) as AuditRow[];

/** Notifications of a user (optionally of one type), oldest first. */
export const notificationsOf = async (app: TestApp, user: { id: number }, type?: string) =>
  (await app.strapi.db.query('api::notification.notification').findMany({
    where: { user: { id: user.id }, ...(type ? { type } : {}) },
    orderBy: { id: 'asc' },
  })) as { type: string; title: string; body: string | null; data: Record<string, unknown> | null }[];
