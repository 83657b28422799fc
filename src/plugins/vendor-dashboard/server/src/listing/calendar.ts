import type { Core } from '@strapi/strapi';
import { openingIntervals } from '../../../../../domain/availability';
import { localDateOf, venueZone } from '../../../../../domain/local-time';
import { subtractIntervals } from '../../../../../domain/time';
import { appService } from '../../../../../api/app-services';
import { ownedVenue } from '../../../../../api/venue/ownership';
import { hoursOf } from './venue-view';

const BOOKING = 'api::booking.booking';
const BLOCK = 'api::blocked-period.blocked-period';

interface BookingRow {
  documentId: string;
  reference: string | null;
  status: string;
  payment_status: string;
  start_datetime: string;
  end_datetime: string;
  guests: number;
  total_amount: number | string;
  currency: string;
  hold_expires_at: string | null;
  customer?: { documentId: string; first_name: string | null; last_name: string | null; username: string | null } | null;
}

/** Bookings that occupy (or occupied) the calendar: not rejected, expired or cancelled, and no lapsed hold. */
const SHOWN_STATUSES = ['requested', 'pending_payment', 'confirmed', 'completed'];

const customerName = (c: BookingRow['customer']): string => {
  if (!c) return 'Guest';
  const full = [c.first_name?.trim(), c.last_name?.trim()].filter(Boolean).join(' ');
  return full || c.username || 'Guest';
};

const iso = (ms: number | string) => new Date(ms).toISOString();

/**
 * One venue's month view (contract: Vendor dashboard, venues/availability/calendar): bookings with the
 * customer's name, blocks (manual and imported), the date overrides of the window and the open / closed time,
 * computed by the same domain function the booking engine uses. Four set-based queries, whatever the size.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async calendar(userId: number, input: { venue: string; from: number; to: number }, now = Date.now()) {
    const owned = await ownedVenue(strapi, userId, input.venue);
    const window = { start: input.from, end: input.to };
    const from = iso(window.start);
    const to = iso(window.end);
    const [venue, bookings, blocks] = await Promise.all([
      appService(strapi, 'api::venue.venue-rules').load(input.venue, { publicOnly: false }),
      strapi.db.query(BOOKING).findMany({
        where: {
          venue: { id: owned.id },
          status: { $in: SHOWN_STATUSES },
          start_datetime: { $lt: to },
          end_datetime: { $gt: from },
        },
        select: [
          'documentId',
          'reference',
          'status',
          'payment_status',
          'start_datetime',
          'end_datetime',
          'guests',
          'total_amount',
          'currency',
          'hold_expires_at',
        ],
        populate: { customer: { select: ['documentId', 'first_name', 'last_name', 'username'] } },
        orderBy: [{ start_datetime: 'asc' }, { id: 'asc' }],
      }) as Promise<BookingRow[]>,
      strapi.db.query(BLOCK).findMany({
        where: { venue: { id: owned.id }, start_datetime: { $lt: to }, end_datetime: { $gt: from } },
        select: ['documentId', 'start_datetime', 'end_datetime', 'source', 'reason'],
        orderBy: [{ start_datetime: 'asc' }, { id: 'asc' }],
      }) as Promise<
        { documentId: string; start_datetime: string; end_datetime: string; source: string; reason: string | null }[]
      >,
    ]);
    const rules = venue!.rules;
    const open = openingIntervals(rules, window);
    const zone = venueZone(rules.timezone);
    const firstDate = localDateOf(window.start, zone);
    const lastDate = localDateOf(window.end - 1, zone);
    const overrides = hoursOf({
      weekly_hours: [],
      date_overrides: rules.dateOverrides.map((o) => ({ ...o, note: null })),
    }).date_overrides.filter((o) => o.date >= firstDate && o.date <= lastDate);
    const live = bookings.filter(
      (b) => b.status !== 'pending_payment' || (b.hold_expires_at !== null && Date.parse(b.hold_expires_at) > now)
    );
    return {
      venue: input.venue,
      timezone: rules.timezone,
      from,
      to,
      bookings: live.map((b) => ({
        documentId: b.documentId,
        reference: b.reference ?? null,
        status: b.status,
        payment_status: b.payment_status,
        start: iso(b.start_datetime),
        end: iso(b.end_datetime),
        guests: b.guests,
        total_amount: Number(b.total_amount),
        currency: b.currency,
        customer: { documentId: b.customer?.documentId ?? null, name: customerName(b.customer) },
      })),
      blocks: blocks.map((b) => ({
        documentId: b.documentId,
        start: iso(b.start_datetime),
        end: iso(b.end_datetime),
        source: b.source,
        reason: b.reason ?? null,
      })),
      overrides,
      open: open.map((i) => ({ start: iso(i.start), end: iso(i.end) })),
      closed: subtractIntervals([window], open).map((i) => ({ start: iso(i.start), end: iso(i.end) })),
    };
  },
});
