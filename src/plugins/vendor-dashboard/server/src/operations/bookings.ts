import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { BOOKING_POPULATE, bookingView, type BookingRow } from '../../../../../api/booking/booking-view';
import { pageWindow, pagination } from '../../../../../infra/paginate';
import type { BookingListQuery } from './contracts';

const BOOKING = 'api::booking.booking';
const VENUE = 'api::venue.venue';

export type VendorBookingList = 'upcoming' | 'history' | 'requests';

/**
 * The vendor's booking lists (GET bookings/upcoming, history, requests). Filters run in the database
 * (Strapi's query engine joins venue → vendor); approve, decline and cancel stay with the booking engine.
 *  - upcoming: active bookings (confirmed, requested, pending_payment with a live hold) starting from now, soonest first;
 *  - history: bookings that ended or were closed (rejected, expired, cancelled, completed), latest start first;
 *  - requests: request-to-book bookings (default: still waiting for you), soonest first.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async list(vendorProfileId: number, list: VendorBookingList, query: BookingListQuery, now = Date.now()) {
    const nowIso = new Date(now).toISOString();
    const and: Record<string, unknown>[] = [{ venue: { vendor: { id: vendorProfileId } } }];
    if (query.venue) {
      const venue = (await strapi.db.query(VENUE).findOne({
        where: { documentId: query.venue, vendor: { id: vendorProfileId } },
        select: ['id'],
      })) as { id: number } | null;
      if (!venue) throw new errors.NotFoundError('Venue not found');
      and.push({ venue: { id: venue.id } });
    }
    if (query.from) and.push({ start_datetime: { $gte: query.from } });
    if (query.to) and.push({ start_datetime: { $lt: query.to } });
    if (query.status) and.push({ status: query.status });

    if (list === 'upcoming') {
      and.push({ start_datetime: { $gte: nowIso } });
      and.push({
        $or: [{ status: { $in: ['confirmed', 'requested'] } }, { status: 'pending_payment', hold_expires_at: { $gt: nowIso } }],
      });
    } else if (list === 'history') {
      and.push({
        $or: [{ end_datetime: { $lte: nowIso } }, { status: { $in: ['rejected', 'expired', 'cancelled', 'completed'] } }],
      });
    } else {
      and.push({ request_expires_at: { $notNull: true } });
      if (!query.status) and.push({ status: 'requested' });
    }

    const where = { $and: and };
    const orderBy =
      list === 'history'
        ? [{ start_datetime: 'desc' as const }, { id: 'desc' as const }]
        : [{ start_datetime: 'asc' as const }, { id: 'asc' as const }];
    const [rows, total] = await Promise.all([
      strapi.db.query(BOOKING).findMany({ where, populate: BOOKING_POPULATE, orderBy, ...pageWindow(query) }) as Promise<
        BookingRow[]
      >,
      strapi.db.query(BOOKING).count({ where }),
    ]);
    return { data: rows.map((row) => bookingView(row, 'vendor')), pagination: pagination(query, total) };
  },
});
