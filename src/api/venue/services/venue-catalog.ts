import type { Core } from '@strapi/strapi';
import ical, { ICalEventBusyStatus, ICalEventTransparency } from 'ical-generator';
import { availability, type BusyInterval } from '../../../domain/availability';
import { BookingError } from '../../../domain/booking/errors';
import { MINUTE, type Interval } from '../../../domain/time';
import { PUBLIC_VENUE_WHERE, type BookableVenue } from './venue-rules';
import { VENUE_VIEW_POPULATE, venueView, type VenueRowForView } from '../venue-view';
import { appService } from '../../app-services';
import { pageWindow, pagination } from '../../../infra/paginate';
import { venueTables } from '../venue-tables';

const REVIEW_UID = 'api::review.review';

interface ReviewRow {
  documentId: string;
  rating: number;
  comment: string | null;
  vendor_response: string | null;
  vendor_responded_at: string | null;
  createdAt: string;
  author?: { first_name?: string | null; last_name?: string | null; username?: string } | null;
}

/** A reviewer is shown by first name and last initial only. */
const reviewView = (row: ReviewRow) => ({
  documentId: row.documentId,
  rating: row.rating,
  comment: row.comment,
  author: row.author
    ? [row.author.first_name, row.author.last_name ? `${row.author.last_name[0]}.` : null].filter(Boolean).join(' ') || 'Guest'
    : 'Guest',
  vendor_response: row.vendor_response,
  vendor_responded_at: row.vendor_responded_at,
  created_at: new Date(row.createdAt).toISOString(),
});

const POLICY_TEXT: Record<string, string> = {
  flexible: 'Full refund until 24 hours before the start, 50 % after that.',
  moderate: 'Full refund until 5 days before the start, 50 % until 24 hours before, no refund after that.',
  strict: '50 % refund until 7 days before the start, no refund after that.',
};

/** Public read side of venues: details, reviews, free/busy and the public iCal feed. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const rulesService = () => appService(strapi, 'api::venue.venue-rules');

  const publicRow = async (documentId: string): Promise<VenueRowForView> => {
    const row = (await strapi.db.query('api::venue.venue').findOne({
      where: { documentId, ...PUBLIC_VENUE_WHERE },
      populate: VENUE_VIEW_POPULATE,
    })) as VenueRowForView | null;
    if (!row) throw new BookingError('not_found', 'Venue not found');
    return row;
  };

  const bookableVenue = async (documentId: string): Promise<BookableVenue> => {
    const venue = await rulesService().load(documentId);
    if (!venue) throw new BookingError('not_found', 'Venue not found');
    return venue;
  };

  return {
    bookableVenue,

    async details(documentId: string, now = Date.now()) {
      const row = await publicRow(documentId);
      const venue = await bookableVenue(documentId);
      const today = new Date(now).toISOString().slice(0, 10);
      const inForce = venue.pricingRules.filter(
        (rule) =>
          rule.active &&
          !rule.promoCode &&
          (!rule.endsOn || rule.endsOn >= today) &&
          (rule.maxUses == null || rule.uses < rule.maxUses)
      );
      const reviews = await this.reviews(documentId, { page: 1, pageSize: 5 });
      const { reviews: reviewTable, reviewVenue } = venueTables(strapi);
      const histogramRows = (await strapi.db
        .connection(`${reviewTable} as r`)
        .join(`${reviewVenue.table} as rl`, `rl.${reviewVenue.column}`, 'r.id')
        .where({ [`rl.${reviewVenue.targetColumn}`]: row.id, 'r.status': 'published' })
        .groupBy('r.rating')
        .select('r.rating')
        .count({ count: '*' })) as { rating: number; count: number | string }[];
      const histogram = Object.fromEntries([1, 2, 3, 4, 5].map((stars) => [String(stars), 0]));
      for (const h of histogramRows) histogram[String(h.rating)] = Number(h.count);
      return {
        ...venueView(row),
        pricing_rules: inForce.map((rule) => ({
          name: rule.name,
          kind: rule.kind,
          starts_on: rule.startsOn,
          ends_on: rule.endsOn,
          weekdays: rule.weekdays,
          time_from: rule.timeFrom,
          time_to: rule.timeTo,
          price_per_hour: rule.pricePerHour,
          multiplier: rule.multiplier,
          discount_type: rule.discountType,
          discount_value: rule.discountValue,
          min_hours: rule.minHours,
        })),
        weekly_hours: venue.rules.weeklyHours,
        date_overrides: venue.rules.dateOverrides.filter((o) => o.date >= today),
        policy: { name: venue.cancellationPolicy, text: POLICY_TEXT[venue.cancellationPolicy] ?? '' },
        rating_histogram: histogram,
        latest_reviews: reviews.data,
      };
    },

    async reviews(documentId: string, page: { page: number; pageSize: number }) {
      const venue = await publicRow(documentId);
      const where = { venue: { id: venue.id }, status: 'published' };
      const [rows, total] = await Promise.all([
        strapi.db.query(REVIEW_UID).findMany({
          where,
          populate: { author: { select: ['first_name', 'last_name', 'username'] } },
          orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
          ...pageWindow(page),
        }) as Promise<ReviewRow[]>,
        strapi.db.query(REVIEW_UID).count({ where }),
      ]);
      return {
        data: rows.map(reviewView),
        pagination: pagination(page, total),
      };
    },

    /** Free and busy time of a venue in a window; never says who booked. */
    async availability(documentId: string, window: Interval, now = Date.now()) {
      const venue = await bookableVenue(documentId);
      const { granularityMinutes } = await appService(strapi, 'api::system-setting.settings').booking();
      // Look a buffer further on both sides: a booking just outside the window can still block its edges.
      const margin = venue.rules.bufferMinutes * MINUTE;
      const wide = { start: window.start - margin, end: window.end + margin };
      const [bookings, blocked] = await Promise.all([
        appService(strapi, 'api::booking.slots').occupied(venue.documentId, wide, now),
        rulesService().blocked(venue.documentId, wide),
      ]);
      const result = availability(venue.rules, { bookings, blocked }, window, { now, granularityMinutes });
      const iso = (i: Interval) => ({ start: new Date(i.start).toISOString(), end: new Date(i.end).toISOString() });
      return {
        timezone: venue.timezone,
        granularity_minutes: granularityMinutes,
        free: result.free.map(iso),
        busy: result.busy.map((b: BusyInterval) => ({ ...iso(b), kind: b.kind })),
      };
    },

    /** Public busy feed (iCalendar): busy time (bookings, manual and imported blocks) in the window, nothing about customers. */
    async calendar(documentId: string, window: Interval, baseUrl: string, now = Date.now()): Promise<string> {
      const venue = await bookableVenue(documentId);
      const view = await this.availability(documentId, window, now);
      const calendar = ical({
        name: `${venue.name} — availability`,
        prodId: { company: 'Tofimotia', product: 'venue-availability', language: 'EN' },
        timezone: 'UTC',
        ttl: 15 * 60,
        url: `${baseUrl}/api/v1/venues/${venue.documentId}/calendar.ics`,
      });
      for (const [index, busy] of view.busy.entries()) {
        if (busy.kind === 'closed') continue;
        calendar.createEvent({
          id: `${venue.documentId}-${busy.kind}-${Date.parse(busy.start)}-${index}@tofimotia`,
          start: new Date(busy.start),
          end: new Date(busy.end),
          summary: busy.kind === 'booking' ? 'Booked' : 'Unavailable',
          busystatus: ICalEventBusyStatus.BUSY,
          transparency: ICalEventTransparency.OPAQUE,
          // Deterministic for unchanged data (the controller sends an ETag of the body).
          stamp: new Date(window.start),
        });
      }
      return calendar.toString();
    },
  };
};
