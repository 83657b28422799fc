import type { TestApp } from '../harness/app';
import type { TestUser } from '../harness/users';
import type { TestVenue } from '../harness/venues';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

let slot = 0;

/**
 * A booking of `customer` at `venue` that ended `endedDaysAgo` days ago (a 10-minute window, each call a bit earlier
 * so bookings of one venue never overlap), recorded through the booking engine's import path in the given status
 * (default `completed`, as the maintenance job leaves an ended confirmed booking).
 */
export const pastBooking = async (
  app: TestApp,
  customer: TestUser,
  venue: TestVenue,
  options: { endedDaysAgo?: number; endedHoursAgo?: number; status?: 'completed' | 'confirmed' | 'cancelled' } = {}
): Promise<{ id: number; documentId: string }> => {
  slot += 1;
  const end = Date.now() - (options.endedDaysAgo ?? 0) * DAY - (options.endedHoursAgo ?? 1) * HOUR - slot * 11 * 60_000;
  const window = { start: end - 10 * 60_000, end };
  const bookable = await app.strapi.service('api::venue.venue-rules').load(venue.documentId, { publicOnly: false });
  const documentId = await app.strapi.service('api::booking.booking-engine').importBooking({
    venue: bookable,
    customerId: customer.id,
    window,
    guests: 2,
    status: options.status ?? 'completed',
    paymentStatus: 'paid',
    quote: {
      currency: 'EUR',
      hours: 1 / 6,
      lines: [],
      subtotal: 1700,
      discount: 0,
      discount_rule: null,
      platform_fee: 170,
      tax: 0,
      total_amount: 1870,
    },
  });
  const row = await app.strapi.db.query('api::booking.booking').findOne({ where: { documentId }, select: ['id'] });
  return { id: row.id, documentId };
};

/** Notifications of a user (optionally of one type), oldest first. */
export const notificationsOf = async (app: TestApp, user: { id: number }, type?: string) =>
  (await app.strapi.db.query('api::notification.notification').findMany({
    where: { user: { id: user.id }, ...(type ? { type } : {}) },
    orderBy: { id: 'asc' },
  })) as { type: string; title: string; body: string | null; data: Record<string, unknown> | null }[];

/** Audit rows of one target, oldest first. */
export const auditOf = async (app: TestApp, targetId: string) =>
  (await app.strapi.db.query('api::admin-action.admin-action').findMany({
    where: { target_id: targetId },
    orderBy: { id: 'asc' },
  })) as {
    admin_id: number | null;
    action_type: string;
    target_type: string;
    target_id: string;
    action_data: Record<string, unknown>;
  }[];

/** The venue's stored rating and the one SQL computes from its published reviews. */
export const ratingOf = async (app: TestApp, venueId: number) => {
  const knex = app.strapi.db.connection;
  const venue = await knex('venues').where('id', venueId).first('rating_average', 'rating_count');
  const sql = await knex('reviews as r')
    .join('reviews_venue_lnk as l', 'l.review_id', 'r.id')
    .where('l.venue_id', venueId)
    .andWhere('r.status', 'published')
    .first(knex.raw('count(*) as count'), knex.raw('avg(r.rating) as average'));
  return {
    stored: { average: Number(venue.rating_average), count: Number(venue.rating_count) },
    sql: { average: Math.round(Number(sql.average ?? 0) * 100) / 100, count: Number(sql.count) },
  };
};
