import crypto from 'node:crypto';
import type { Core } from '@strapi/strapi';
import ical, { ICalEventBusyStatus, ICalEventStatus, ICalEventTransparency } from 'ical-generator';
import { CalendarError } from '../../../domain/calendar/errors';
import { DAY, HOUR } from '../../../domain/time';
import { ownedVenue } from '../../venue/ownership';
import { appService } from '../../app-services';
import type { BookingRow } from '../../booking/booking-view';

const VENUE = 'api::venue.venue';
const BOOKING = 'api::booking.booking';
const BLOCK = 'api::blocked-period.blocked-period';
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;
export const EXPORT_PATH = '/api/v1/vendor-dashboard/venues/availability/ical-export';

/** Only a hash of the token is stored (venue.ical_export_token): a database leak does not leak the feeds. */
const hashToken = (token: string) => crypto.createHash('sha256').update(token).digest('hex');

/** The columns the feed selects of a booking (the booking API's row type), the customer's first name only. */
type FeedBookingRow = Pick<
  BookingRow,
  | 'documentId'
  | 'reference'
  | 'status'
  | 'guests'
  | 'start_datetime'
  | 'end_datetime'
  | 'hold_expires_at'
  | 'request_expires_at'
  | 'updatedAt'
> & { customer?: Pick<NonNullable<BookingRow['customer']>, 'first_name'> | null };

/**
 * The vendor's private iCal export: one secret URL per venue (the token is the credential, rotated by the
 * vendor; the old URL dies at once) listing bookings with the customer's first name and the booking
 * reference (never an e-mail), holds and requests as TENTATIVE, and the venue's manual blocks. Imported
 * blocks are left out on purpose: exporting them back to the calendars they came from would echo events
 * between the two systems forever.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async rotate(userId: number, venueDocumentId: string, baseUrl: string, now = Date.now()) {
    const venue = await ownedVenue(strapi, userId, venueDocumentId);
    const token = crypto.randomBytes(32).toString('base64url');
    await strapi.db.query(VENUE).update({ where: { id: venue.id }, data: { ical_export_token: hashToken(token) } });
    return {
      venue: venue.documentId,
      token,
      url: `${baseUrl}${EXPORT_PATH}/${token}`,
      rotated_at: new Date(now).toISOString(),
    };
  },

  /** The feed of a token, as iCalendar text (deterministic for unchanged data, so ETags work). */
  async feed(token: string, now = Date.now()): Promise<string> {
    if (!TOKEN_PATTERN.test(token)) throw new CalendarError('not_found', 'Calendar not found');
    const venue = (await strapi.db.query(VENUE).findOne({
      where: { ical_export_token: hashToken(token) },
      select: ['id', 'documentId', 'name'],
    })) as { id: number; documentId: string; name: string } | null;
    if (!venue) throw new CalendarError('not_found', 'Calendar not found');

    const { maxAdvanceDays } = await appService(strapi, 'api::system-setting.settings').booking();
    const hour = Math.floor(now / HOUR) * HOUR;
    const from = new Date(hour - 30 * DAY).toISOString();
    const to = new Date(hour + (maxAdvanceDays + 1) * DAY).toISOString();

    const [bookings, blocks] = await Promise.all([
      strapi.db.query(BOOKING).findMany({
        where: {
          venue: { id: venue.id },
          status: { $in: ['confirmed', 'completed', 'pending_payment', 'requested'] },
          end_datetime: { $gt: from },
          start_datetime: { $lt: to },
        },
        select: [
          'documentId',
          'reference',
          'status',
          'guests',
          'start_datetime',
          'end_datetime',
          'hold_expires_at',
          'request_expires_at',
          'updatedAt',
        ],
        populate: { customer: { select: ['first_name'] } },
        orderBy: [{ start_datetime: 'asc' }, { id: 'asc' }],
      }) as Promise<FeedBookingRow[]>,
      strapi.db.query(BLOCK).findMany({
        where: { venue: { id: venue.id }, source: 'manual', end_datetime: { $gt: from }, start_datetime: { $lt: to } },
        select: ['documentId', 'start_datetime', 'end_datetime', 'reason', 'updatedAt'],
        orderBy: [{ start_datetime: 'asc' }, { id: 'asc' }],
      }) as Promise<
        { documentId: string; start_datetime: string; end_datetime: string; reason: string | null; updatedAt: string }[]
      >,
    ]);

    const calendar = ical({
      name: `${venue.name} — bookings (private)`,
      prodId: { company: 'Tofimotia', product: 'vendor-calendar', language: 'EN' },
      timezone: 'UTC',
      ttl: 15 * 60,
    });
    for (const booking of bookings) {
      const live = (deadline: string | null) => !deadline || Date.parse(deadline) > now;
      if (booking.status === 'pending_payment' && !live(booking.hold_expires_at)) continue;
      if (booking.status === 'requested' && !live(booking.request_expires_at)) continue;
      const tentative = booking.status === 'pending_payment' || booking.status === 'requested';
      const who = booking.customer?.first_name?.trim() || 'Guest';
      const ref = booking.reference ?? booking.documentId;
      const label = booking.status === 'pending_payment' ? 'Hold' : booking.status === 'requested' ? 'Request' : 'Booking';
      calendar.createEvent({
        id: `booking-${booking.documentId}@tofimotia`,
        start: new Date(booking.start_datetime),
        end: new Date(booking.end_datetime),
        summary: `${label} ${ref} · ${who}`,
        description: `${booking.guests ?? 0} guest(s), status ${booking.status}, reference ${ref}`,
        status: tentative ? ICalEventStatus.TENTATIVE : ICalEventStatus.CONFIRMED,
        busystatus: tentative ? ICalEventBusyStatus.TENTATIVE : ICalEventBusyStatus.BUSY,
        transparency: ICalEventTransparency.OPAQUE,
        stamp: new Date(booking.updatedAt),
        lastModified: new Date(booking.updatedAt),
      });
    }
    for (const block of blocks) {
      calendar.createEvent({
        id: `block-${block.documentId}@tofimotia`,
        start: new Date(block.start_datetime),
        end: new Date(block.end_datetime),
        summary: block.reason ? `Blocked: ${block.reason}` : 'Blocked',
        status: ICalEventStatus.CONFIRMED,
        busystatus: ICalEventBusyStatus.BUSY,
        transparency: ICalEventTransparency.OPAQUE,
        stamp: new Date(block.updatedAt),
        lastModified: new Date(block.updatedAt),
      });
    }
    return calendar.toString();
  },
});
