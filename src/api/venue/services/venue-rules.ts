import type { Core } from '@strapi/strapi';
import type { VenueRules } from '../../../domain/availability';
import type { PolicyName } from '../../../domain/booking/cancellation';
import type { PricingRule } from '../../../domain/pricing';
import type { Interval, Weekday } from '../../../domain/time';
import type { VenueRow } from '../venue-row';

/**
 * Loads a venue as the booking engine needs it: its rules in domain types (hours, overrides,
 * buffers, limits), its pricing rules and who owns it. Visibility: only approved venues of
 * approved vendors are bookable, unless the caller asks for any status (vendor and admin views).
 */
export interface BookableVenue {
  id: number;
  documentId: string;
  name: string;
  slug: string;
  status: string;
  timezone: string;
  currency: string;
  pricePerHour: number;
  bookingMode: 'instant' | 'request';
  cancellationPolicy: PolicyName;
  vendor: { documentId: string; businessName: string; userId: number | null };
  rules: VenueRules;
  pricingRules: PricingRule[];
}

export const PUBLIC_VENUE_WHERE = { status: 'approved', vendor: { verification_status: 'approved' } };

const num = (value: unknown, fallback: number): number => {
  const n = typeof value === 'string' ? Number(value) : (value as number);
  return typeof n === 'number' && Number.isFinite(n) ? n : fallback;
};
const optionalNum = (value: unknown): number | null =>
  value === null || value === undefined || value === '' ? null : num(value, 0);

const toPricingRule = (row: Record<string, unknown>): PricingRule => ({
  id: row.id as number,
  name: String(row.name ?? ''),
  kind: row.kind as PricingRule['kind'],
  active: row.active !== false,
  priority: num(row.priority, 0),
  startsOn: (row.starts_on as string | null) ?? null,
  endsOn: (row.ends_on as string | null) ?? null,
  weekdays: Array.isArray(row.weekdays) ? (row.weekdays as Weekday[]) : null,
  timeFrom: (row.time_from as string | null) ?? null,
  timeTo: (row.time_to as string | null) ?? null,
  pricePerHour: optionalNum(row.price_per_hour),
  multiplier: optionalNum(row.multiplier),
  discountType: (row.discount_type as PricingRule['discountType']) ?? null,
  discountValue: optionalNum(row.discount_value),
  promoCode: (row.promo_code as string | null) ?? null,
  minHours: optionalNum(row.min_hours),
  maxUses: optionalNum(row.max_uses),
  uses: num(row.uses, 0),
});

export const toBookableVenue = (row: VenueRow): BookableVenue => ({
  id: row.id,
  documentId: row.documentId,
  name: row.name,
  slug: row.slug,
  status: row.status,
  timezone: row.timezone,
  currency: row.currency,
  pricePerHour: num(row.price_per_hour, 0),
  bookingMode: row.booking_mode,
  cancellationPolicy: row.cancellation_policy,
  vendor: {
    documentId: row.vendor?.documentId ?? '',
    businessName: row.vendor?.business_name ?? '',
    userId: row.vendor?.user?.id ?? null,
  },
  rules: {
    timezone: row.timezone,
    weeklyHours: (row.weekly_hours ?? []).map(({ weekday, opens, closes }) => ({ weekday, opens, closes })),
    dateOverrides: (row.date_overrides ?? []).map(({ date, closed, opens, closes }) => ({
      date: String(date).slice(0, 10),
      closed: Boolean(closed),
      opens: opens ?? null,
      closes: closes ?? null,
    })),
    bufferMinutes: num(row.buffer_minutes, 0),
    minHours: num(row.min_hours, 1),
    maxHours: optionalNum(row.max_hours),
    noticeHours: num(row.notice_hours, 0),
    capacity: num(row.capacity, 1),
  },
  pricingRules: (row.pricing_rules ?? []).map(toPricingRule),
});

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async load(documentId: string, options: { publicOnly?: boolean } = {}): Promise<BookableVenue | null> {
    if (typeof documentId !== 'string' || documentId.length === 0 || documentId.length > 64) return null;
    const row = (await strapi.db.query('api::venue.venue').findOne({
      where: { documentId, ...(options.publicOnly === false ? {} : PUBLIC_VENUE_WHERE) },
      populate: {
        weekly_hours: true,
        date_overrides: true,
        vendor: { populate: { user: { select: ['id'] } } },
        pricing_rules: true,
      },
    })) as VenueRow | null;
    return row ? toBookableVenue(row) : null;
  },

  /** Blocked periods of a venue overlapping `window`. */
  async blocked(venueDocumentId: string, window: Interval): Promise<Interval[]> {
    const rows = (await strapi.db.query('api::blocked-period.blocked-period').findMany({
      where: {
        venue: { documentId: venueDocumentId },
        start_datetime: { $lt: new Date(window.end).toISOString() },
        end_datetime: { $gt: new Date(window.start).toISOString() },
      },
      select: ['start_datetime', 'end_datetime'],
    })) as { start_datetime: string; end_datetime: string }[];
    return rows.map((r) => ({ start: Date.parse(r.start_datetime), end: Date.parse(r.end_datetime) }));
  },
});
