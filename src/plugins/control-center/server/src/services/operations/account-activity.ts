import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { isPostgres } from '../../../../../../infra/db';
import { linkOf, tableOf } from '../../../../../../infra/db-names';
import { CAPTURED_PAYMENT_STATUSES } from '../insights/sources';
import { iso } from './shared';

/**
 * What staff see of one account's activity in the control center: a vendor's performance figures and a user's
 * recent bookings, payments and tickets. Set-based queries only (a fixed number per call, whatever the rows).
 */

const VENUE = 'api::venue.venue';
const BOOKING = 'api::booking.booking';
const PAYMENT = 'api::payment.payment';
const TICKET = 'api::support-ticket.support-ticket';
const REVIEW = 'api::review.review';

/** The window of a vendor's booking and revenue figures. */
export const PERFORMANCE_DAYS = 30;
/** Rows of each kind in a user's or vendor's detail (the most recent ones; totals count them all). */
export const RECENT = 10;

interface RecentBookingRow {
  documentId: string;
  reference: string;
  status: string;
  payment_status: string;
  start_datetime: string;
  total_amount: number | null;
  currency: string | null;
  createdAt: string;
  venue?: { documentId: string; name: string } | null;
}
interface RecentPaymentRow {
  documentId: string;
  amount: number | null;
  amount_captured: number | null;
  refunded_amount: number | null;
  currency: string | null;
  status: string;
  createdAt: string;
  booking?: { documentId: string; reference: string } | null;
}
interface RecentTicketRow {
  documentId: string;
  subject: string;
  status: string;
  priority: string;
  createdAt: string;
  last_activity_at: string | null;
}

export const accountActivity = (strapi: Core.Strapi) => {
  /**
   * A vendor's figures, four grouped queries over the link tables: venues by status; bookings created in the last
   * PERFORMANCE_DAYS days by status, with the cancellation rate (cancelled ÷ confirmed + completed + cancelled);
   * gross revenue (captured payment amounts, minor units, per currency) of payments made in that window; the
   * published reviews' average rating and count.
   */
  const vendorPerformance = async (vendorId: number, now = Date.now()) => {
    const knex = strapi.db.connection;
    const since = now - PERFORMANCE_DAYS * 86_400_000;
    const sinceBinding = isPostgres(strapi) ? new Date(since).toISOString() : since;
    const venueVendor = linkOf(strapi, VENUE, 'vendor');
    const bookingVenue = linkOf(strapi, BOOKING, 'venue');
    const paymentBooking = linkOf(strapi, PAYMENT, 'booking');
    const reviewVenue = linkOf(strapi, REVIEW, 'venue');
    /** Keeps the rows whose venue id (in `venueIdColumn`) is one of the vendor's venues. */
    const ofVendor = (qb: Knex.QueryBuilder, venueIdColumn: string) =>
      qb
        .join(`${venueVendor.table} as vv`, `vv.${venueVendor.column}`, venueIdColumn)
        .where(`vv.${venueVendor.targetColumn}`, vendorId);
    const [venueRows, bookingRows, revenueRows, ratingRows] = await Promise.all([
      knex(`${tableOf(strapi, VENUE)} as v`)
        .modify(ofVendor, 'v.id')
        .select({ status: 'v.status' })
        .count({ n: '*' })
        .groupBy('v.status') as Promise<{ status: string; n: number | string }[]>,
      knex(`${tableOf(strapi, BOOKING)} as b`)
        .join(`${bookingVenue.table} as bv`, `bv.${bookingVenue.column}`, 'b.id')
        .modify(ofVendor, `bv.${bookingVenue.targetColumn}`)
        .where('b.created_at', '>=', sinceBinding)
        .select({ status: 'b.status' })
        .count({ n: '*' })
        .groupBy('b.status') as Promise<{ status: string; n: number | string }[]>,
      knex(`${tableOf(strapi, PAYMENT)} as p`)
        .join(`${paymentBooking.table} as pb`, `pb.${paymentBooking.column}`, 'p.id')
        .join(`${bookingVenue.table} as bv`, `bv.${bookingVenue.column}`, `pb.${paymentBooking.targetColumn}`)
        .modify(ofVendor, `bv.${bookingVenue.targetColumn}`)
        .whereIn('p.status', CAPTURED_PAYMENT_STATUSES)
        .where('p.created_at', '>=', sinceBinding)
        .select({ currency: 'p.currency' }, knex.raw('SUM(p.amount_captured) AS amount'))
        .groupBy('p.currency')
        .orderBy('p.currency') as Promise<{ currency: string; amount: number | string | null }[]>,
      knex(`${tableOf(strapi, REVIEW)} as r`)
        .join(`${reviewVenue.table} as rv`, `rv.${reviewVenue.column}`, 'r.id')
        .modify(ofVendor, `rv.${reviewVenue.targetColumn}`)
        .where('r.status', 'published')
        .avg({ average: 'r.rating' })
        .count({ n: '*' }) as Promise<{ average: number | string | null; n: number | string }[]>,
    ]);
    const counts = (rows: { status: string; n: number | string }[]) =>
      Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]).sort(([a], [b]) => String(a).localeCompare(String(b))));
    const bookingsByStatus = counts(bookingRows) as Record<string, number>;
    const settled = ['confirmed', 'completed', 'cancelled'].reduce((sum, status) => sum + (bookingsByStatus[status] ?? 0), 0);
    const rating = ratingRows[0];
    const ratingCount = Number(rating?.n ?? 0);
    return {
      window_days: PERFORMANCE_DAYS,
      since: new Date(since).toISOString(),
      venues_by_status: counts(venueRows),
      bookings_by_status: bookingsByStatus,
      bookings_total: Object.values(bookingsByStatus).reduce((sum, n) => sum + n, 0),
      gross_revenue: revenueRows.map((r) => ({ currency: r.currency, amount: Number(r.amount ?? 0) })),
      cancellation_rate: settled ? (bookingsByStatus.cancelled ?? 0) / settled : null,
      rating: {
        average: ratingCount ? Math.round(Number(rating?.average ?? 0) * 100) / 100 : null,
        count: ratingCount,
      },
    };
  };

  /**
   * A user's most recent bookings (as a customer), payments and support tickets (RECENT of each, newest first)
   * and their totals: one query per list and one per total.
   */
  const userActivity = async (userId: number) => {
    const mine = { customer: { id: userId } };
    const owned = { user: { id: userId } };
    const recent = { orderBy: [{ createdAt: 'desc' as const }, { id: 'desc' as const }], limit: RECENT };
    const paymentCustomer = linkOf(strapi, PAYMENT, 'customer');
    const [bookings, bookingTotal, payments, paymentTotal, captured, tickets, ticketTotal] = await Promise.all([
      strapi.db.query(BOOKING).findMany({
        where: mine,
        select: [
          'id',
          'documentId',
          'reference',
          'status',
          'payment_status',
          'start_datetime',
          'total_amount',
          'currency',
          'createdAt',
        ],
        populate: { venue: { select: ['documentId', 'name'] } },
        ...recent,
      }) as Promise<RecentBookingRow[]>,
      strapi.db.query(BOOKING).count({ where: mine }),
      strapi.db.query(PAYMENT).findMany({
        where: mine,
        select: ['id', 'documentId', 'amount', 'amount_captured', 'refunded_amount', 'currency', 'status', 'createdAt'],
        populate: { booking: { select: ['documentId', 'reference'] } },
        ...recent,
      }) as Promise<RecentPaymentRow[]>,
      strapi.db.query(PAYMENT).count({ where: mine }),
      strapi.db
        .connection(`${tableOf(strapi, PAYMENT)} as p`)
        .join(`${paymentCustomer.table} as pc`, `pc.${paymentCustomer.column}`, 'p.id')
        .where(`pc.${paymentCustomer.targetColumn}`, userId)
        .whereIn('p.status', CAPTURED_PAYMENT_STATUSES)
        .select({ currency: 'p.currency' }, strapi.db.connection.raw('SUM(p.amount_captured) AS amount'))
        .groupBy('p.currency')
        .orderBy('p.currency') as Promise<{ currency: string; amount: number | string | null }[]>,
      strapi.db.query(TICKET).findMany({
        where: owned,
        select: ['id', 'documentId', 'subject', 'status', 'priority', 'createdAt', 'last_activity_at'],
        ...recent,
      }) as Promise<RecentTicketRow[]>,
      strapi.db.query(TICKET).count({ where: owned }),
    ]);
    return {
      bookings: {
        total: Number(bookingTotal),
        recent: bookings.map((booking) => ({
          documentId: booking.documentId,
          reference: booking.reference,
          status: booking.status,
          payment_status: booking.payment_status,
          start: new Date(booking.start_datetime).toISOString(),
          total_amount: Number(booking.total_amount ?? 0),
          currency: booking.currency ?? null,
          venue: booking.venue ? { documentId: booking.venue.documentId, name: booking.venue.name } : null,
          created_at: new Date(booking.createdAt).toISOString(),
        })),
      },
      payments: {
        total: Number(paymentTotal),
        captured: captured.map((sum) => ({ currency: sum.currency, amount: Number(sum.amount ?? 0) })),
        recent: payments.map((payment) => ({
          documentId: payment.documentId,
          amount: Number(payment.amount ?? 0),
          amount_captured: Number(payment.amount_captured ?? 0),
          refunded_amount: Number(payment.refunded_amount ?? 0),
          currency: payment.currency ?? null,
          status: payment.status,
          booking: payment.booking ? { documentId: payment.booking.documentId, reference: payment.booking.reference } : null,
          created_at: new Date(payment.createdAt).toISOString(),
        })),
      },
      tickets: {
        total: Number(ticketTotal),
        recent: tickets.map((ticket) => ({
          documentId: ticket.documentId,
          subject: ticket.subject,
          status: ticket.status,
          priority: ticket.priority,
          created_at: new Date(ticket.createdAt).toISOString(),
          last_activity_at: iso(ticket.last_activity_at),
        })),
      },
    };
  };

  return { vendorPerformance, userActivity };
};
