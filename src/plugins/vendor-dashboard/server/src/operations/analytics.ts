import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { DAY, HOUR } from '../../../../../domain/time';
import { foldDays, ratio, zoneOffsets, type Granularity } from '../../../../../domain/vendor-analytics/buckets';
import { analyticsTables, join, sqlDialect, zoneOffsetsCte, type Fragment } from './analytics-sql';
import type { InsightsQuery, PerformanceQuery, RevenueQuery } from './contracts';

/**
 * Vendor analytics as SQL aggregates (one statement per figure set, no per-booking loops in Node):
 *
 * revenue — every figure of a booking is counted on the venue-local day its booking starts (accrual by the
 *   day of the event), per currency:
 *   gross = Σ amount_captured of its payments; platform_fees = Σ platform_fee of payments with money captured;
 *   refunds = Σ succeeded refunds; net = gross − platform_fees − refunds; payouts = Σ (amount_captured −
 *   platform_fee) of payments transferred to a Stripe Connect account; projected = Σ total_amount of bookings
 *   still confirmed and not started yet.
 * performance — per venue over bookings starting in the window; occupancy = booked hours of confirmed and
 *   completed bookings ÷ opening hours from the open-ranges projection, both clipped to the part of the window
 *   the projection covers.
 * customer insights — repeat customers, lead time, rating trend (published reviews by month).
 */

const FIRM = `('confirmed', 'completed')`;

interface Window {
  from: number;
  to: number;
}

const num = (value: unknown): number => Number(value ?? 0);
const rowsOf = (result: unknown): Record<string, unknown>[] =>
  Array.isArray(result) ? (result as Record<string, unknown>[]) : ((result as { rows: Record<string, unknown>[] }).rows ?? []);

const windowOf = (query: { from?: string; to?: string }, now: number, before: number, after: number): Window => {
  const from = query.from ? Date.parse(query.from) : now - before;
  const to = query.to ? Date.parse(query.to) : query.from ? from + before + after : now + after;
  return { from, to };
};

const isoWindow = ({ from, to }: Window) => ({ from: new Date(from).toISOString(), to: new Date(to).toISOString() });

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const t = () => analyticsTables(strapi);
  const d = () => sqlDialect(strapi);
  const raw = async (fragment: Fragment) => rowsOf(await strapi.db.connection.raw(fragment.sql, fragment.bindings as never[]));

  /** The vendor's venues (optionally one of them; another vendor's → 404), with their zones. */
  const venuesOf = async (vendorProfileId: number, venueDocumentId?: string) => {
    const { venues, venueVendor } = t();
    const rows = (await strapi.db
      .connection(`${venues} as v`)
      .join(`${venueVendor.table} as vv`, `vv.${venueVendor.column}`, 'v.id')
      .where(`vv.${venueVendor.targetColumn}`, vendorProfileId)
      .modify((q) => {
        if (venueDocumentId) q.where('v.document_id', venueDocumentId);
      })
      .select('v.id', 'v.document_id', 'v.name', 'v.currency', 'v.timezone')) as Array<{
      id: number;
      document_id: string;
      name: string;
      currency: string | null;
      timezone: string | null;
    }>;
    if (venueDocumentId && rows.length === 0) throw new errors.NotFoundError('Venue not found');
    return rows;
  };

  /** Bookings of the vendor's venues: `b` (booking), `v` (venue); optional single venue. */
  const vendorBookings = (vendorProfileId: number, venueId: number | null, extraJoin = ''): Fragment => {
    const { bookings, venues, bookingVenue, venueVendor } = t();
    return {
      sql: `${bookings} b
        JOIN ${bookingVenue.table} bv ON bv.${bookingVenue.column} = b.id
        JOIN ${venues} v ON v.id = bv.${bookingVenue.targetColumn}
        JOIN ${venueVendor.table} vv ON vv.${venueVendor.column} = v.id
        ${extraJoin}
        WHERE vv.${venueVendor.targetColumn} = ?${venueId === null ? '' : ' AND v.id = ?'}`,
      bindings: venueId === null ? [vendorProfileId] : [vendorProfileId, venueId],
    };
  };

  return {
    async revenue(vendorProfileId: number, query: RevenueQuery, now = Date.now()) {
      const window = windowOf(query, now, 90 * DAY, 90 * DAY);
      const venues = await venuesOf(vendorProfileId, query.venue);
      const venueId = query.venue ? venues[0].id : null;
      const { payments, refunds, paymentBooking, refundBooking } = t();
      const sql = d();
      const zones = zoneOffsets(
        venues.map((v) => v.timezone || 'UTC'),
        window.from - DAY,
        window.to + DAY
      );
      const firm = `vb.status IN ${FIRM}`;
      const statement = join([
        'WITH',
        zoneOffsetsCte(zones),
        ', vb AS (SELECT b.id, b.status, b.total_amount, b.currency,',
        `${sql.ms('b.start_datetime')} AS start_ms, COALESCE(v.timezone, 'UTC') AS zone FROM`,
        vendorBookings(vendorProfileId, venueId),
        'AND b.start_datetime >=',
        sql.at(window.from),
        'AND b.start_datetime <',
        sql.at(window.to),
        `), pay AS (SELECT pb.${paymentBooking.targetColumn} AS booking_id,
            SUM(COALESCE(p.amount_captured, 0)) AS gross,
            SUM(CASE WHEN COALESCE(p.amount_captured, 0) > 0 THEN COALESCE(p.platform_fee, 0) ELSE 0 END) AS fees,
            SUM(CASE WHEN p.stripe_account_id IS NOT NULL AND COALESCE(p.amount_captured, 0) > 0
                THEN p.amount_captured - COALESCE(p.platform_fee, 0) ELSE 0 END) AS payouts
          FROM ${payments} p JOIN ${paymentBooking.table} pb ON pb.${paymentBooking.column} = p.id
          WHERE pb.${paymentBooking.targetColumn} IN (SELECT id FROM vb)
          GROUP BY pb.${paymentBooking.targetColumn}
        ), ref AS (SELECT rb.${refundBooking.targetColumn} AS booking_id, SUM(r.amount) AS refunds
          FROM ${refunds} r JOIN ${refundBooking.table} rb ON rb.${refundBooking.column} = r.id
          WHERE r.status = 'succeeded' AND rb.${refundBooking.targetColumn} IN (SELECT id FROM vb)
          GROUP BY rb.${refundBooking.targetColumn}
        )
        SELECT (vb.start_ms + z.off_ms) / 86400000 AS day, vb.currency AS currency,
          SUM(COALESCE(pay.gross, 0)) AS gross, SUM(COALESCE(pay.fees, 0)) AS platform_fees,
          SUM(COALESCE(ref.refunds, 0)) AS refunds, SUM(COALESCE(pay.payouts, 0)) AS payouts,
          SUM(CASE WHEN vb.status = 'confirmed' AND vb.start_ms >=`,
        sql.int(now),
        `THEN vb.total_amount ELSE 0 END) AS projected,
          SUM(CASE WHEN COALESCE(pay.gross, 0) > 0 OR ${firm} THEN 1 ELSE 0 END) AS bookings
        FROM vb JOIN zone_offsets z ON z.zone = vb.zone AND vb.start_ms >= z.from_ms AND vb.start_ms < z.to_ms
        LEFT JOIN pay ON pay.booking_id = vb.id
        LEFT JOIN ref ON ref.booking_id = vb.id
        WHERE pay.booking_id IS NOT NULL OR ref.booking_id IS NOT NULL OR ${firm}
        GROUP BY (vb.start_ms + z.off_ms) / 86400000, vb.currency`,
      ]);
      const daily = (await raw(statement)).map((row) => ({
        day: num(row.day),
        currency: String(row.currency ?? ''),
        gross: num(row.gross),
        platform_fees: num(row.platform_fees),
        refunds: num(row.refunds),
        payouts: num(row.payouts),
        projected: num(row.projected),
        bookings: num(row.bookings),
      }));
      const fields = ['gross', 'platform_fees', 'refunds', 'payouts', 'projected', 'bookings'] as const;
      const withNet = <R extends { gross: number; platform_fees: number; refunds: number }>(row: R) => ({
        ...row,
        net: row.gross - row.platform_fees - row.refunds,
      });
      const interval: Granularity = query.interval;
      const rows = foldDays(daily, interval, ['currency'] as const, fields).map(withNet);
      const totals = foldDays(
        daily.map((row) => ({ ...row, day: 0 })),
        'day',
        ['currency'] as const,
        fields
      ).map(({ bucket: _bucket, ...row }) => withNet(row));
      return { interval, window: isoWindow(window), rows, totals };
    },

    async performance(vendorProfileId: number, query: PerformanceQuery, now = Date.now()) {
      const window = windowOf(query, now, 30 * DAY, 30 * DAY);
      const venues = await venuesOf(vendorProfileId, query.venue);
      if (venues.length === 0) return { window: isoWindow(window), occupancy_window: null, venues: [] };
      const { bookings, bookingVenue } = t();
      const sql = d();
      const ids = venues.map((v) => v.id);
      const placeholders = ids.map(() => '?').join(', ');
      const startMs = sql.ms('b.start_datetime');
      const endMs = sql.ms('b.end_datetime');

      // Counts over bookings starting in the window.
      const counts = await raw(
        join([
          `SELECT bv.${bookingVenue.targetColumn} AS venue_id, COUNT(*) AS bookings,
            SUM(CASE WHEN b.status IN ${FIRM} THEN 1 ELSE 0 END) AS confirmed,
            SUM(CASE WHEN b.status = 'cancelled' THEN 1 ELSE 0 END) AS cancelled,
            SUM(CASE WHEN b.request_expires_at IS NOT NULL THEN 1 ELSE 0 END) AS requests,
            SUM(CASE WHEN b.request_expires_at IS NOT NULL AND b.confirmed_at IS NOT NULL THEN 1 ELSE 0 END) AS requests_confirmed,
            SUM(CASE WHEN b.status IN ${FIRM} THEN b.total_amount ELSE 0 END) AS value_sum,
            SUM(CASE WHEN b.status IN ${FIRM} THEN ${startMs} - ${sql.ms('b.created_at')} ELSE 0 END) AS lead_ms
          FROM ${bookings} b JOIN ${bookingVenue.table} bv ON bv.${bookingVenue.column} = b.id
          WHERE bv.${bookingVenue.targetColumn} IN (${placeholders}) AND b.start_datetime >=`,
          { sql: '', bindings: ids },
          sql.at(window.from),
          'AND b.start_datetime <',
          sql.at(window.to),
          `GROUP BY bv.${bookingVenue.targetColumn}`,
        ])
      );

      // Occupancy over the part of the window each venue's opening projection covers.
      const occupancy = await raw(
        join([
          `WITH ow AS (SELECT s.venue_document_id AS doc,`,
          `${sql.greatest('s.computed_from_ms', '?')} AS ofrom, ${sql.least('s.computed_until_ms', '?')} AS oto`,
          { sql: '', bindings: [window.from, window.to] },
          `FROM venue_open_ranges_state s WHERE s.venue_document_id IN (${placeholders})`,
          { sql: '', bindings: venues.map((v) => v.document_id) },
          `), open AS (SELECT r.venue_document_id AS doc, SUM(${sql.least('r.end_ms', 'ow.oto')} - ${sql.greatest('r.start_ms', 'ow.ofrom')}) AS open_ms
            FROM venue_open_ranges r JOIN ow ON ow.doc = r.venue_document_id
            WHERE r.start_ms < ow.oto AND r.end_ms > ow.ofrom GROUP BY r.venue_document_id
          ), booked AS (SELECT v.document_id AS doc,
              SUM(${sql.least(endMs, 'ow.oto')} - ${sql.greatest(startMs, 'ow.ofrom')}) AS booked_ms
            FROM ${bookings} b JOIN ${bookingVenue.table} bv ON bv.${bookingVenue.column} = b.id
            JOIN ${t().venues} v ON v.id = bv.${bookingVenue.targetColumn}
            JOIN ow ON ow.doc = v.document_id
            WHERE bv.${bookingVenue.targetColumn} IN (${placeholders}) AND b.status IN ${FIRM}`,
          { sql: '', bindings: ids },
          'AND b.start_datetime <',
          sql.at(window.to),
          'AND b.end_datetime >',
          sql.at(window.from),
          `AND ${startMs} < ow.oto AND ${endMs} > ow.ofrom
            GROUP BY v.document_id)
          SELECT ow.doc, ow.ofrom, ow.oto, open.open_ms, booked.booked_ms FROM ow
          LEFT JOIN open ON open.doc = ow.doc LEFT JOIN booked ON booked.doc = ow.doc`,
        ])
      );

      const countsBy = new Map(counts.map((row) => [num(row.venue_id), row]));
      const occupancyBy = new Map(occupancy.map((row) => [String(row.doc), row]));
      let occupancyFrom = Infinity;
      let occupancyTo = -Infinity;
      const rows = venues.map((venue) => {
        const c = countsBy.get(venue.id) ?? {};
        const o = occupancyBy.get(venue.document_id);
        const covered = o && num(o.oto) > num(o.ofrom);
        if (covered) {
          occupancyFrom = Math.min(occupancyFrom, num(o.ofrom));
          occupancyTo = Math.max(occupancyTo, num(o.oto));
        }
        const openHours = covered ? num(o.open_ms) / HOUR : 0;
        const bookedHours = covered ? num(o.booked_ms) / HOUR : 0;
        const confirmed = num(c.confirmed);
        const cancelled = num(c.cancelled);
        return {
          venue: {
            documentId: venue.document_id,
            name: venue.name,
            currency: venue.currency ?? '',
            timezone: venue.timezone ?? 'UTC',
          },
          bookings: num(c.bookings),
          confirmed,
          cancelled,
          cancellation_rate: ratio(cancelled, confirmed + cancelled),
          requests: num(c.requests),
          requests_confirmed: num(c.requests_confirmed),
          request_conversion: ratio(num(c.requests_confirmed), num(c.requests)),
          average_value: confirmed > 0 ? Math.round(num(c.value_sum) / confirmed) : null,
          lead_time_hours: confirmed > 0 ? Math.round((num(c.lead_ms) / confirmed / HOUR) * 100) / 100 : null,
          booked_hours: Math.round(bookedHours * 100) / 100,
          open_hours: Math.round(openHours * 100) / 100,
          occupancy: ratio(bookedHours, openHours),
        };
      });
      return {
        window: isoWindow(window),
        occupancy_window: occupancyFrom < occupancyTo ? isoWindow({ from: occupancyFrom, to: occupancyTo }) : null,
        venues: rows,
      };
    },

    /** Published reviews of the vendor's venues: average, count and the monthly trend since `from`. */
    async rating(vendorProfileId: number, from: number, to: number) {
      const { reviews, reviewVenue, venueVendor } = t();
      const sql = d();
      const base = `FROM ${reviews} r
        JOIN ${reviewVenue.table} rv ON rv.${reviewVenue.column} = r.id
        JOIN ${venueVendor.table} vv ON vv.${venueVendor.column} = rv.${reviewVenue.targetColumn}
        WHERE vv.${venueVendor.targetColumn} = ? AND r.status = 'published'`;
      const [all] = await raw({ sql: `SELECT COUNT(*) AS n, AVG(r.rating) AS average ${base}`, bindings: [vendorProfileId] });
      const daily = await raw(
        join([
          `SELECT ${sql.ms('r.created_at')} / 86400000 AS day, COUNT(*) AS reviews, SUM(r.rating) AS stars ${base} AND r.created_at >=`,
          { sql: '', bindings: [vendorProfileId] },
          sql.at(from),
          'AND r.created_at <',
          sql.at(to),
          `GROUP BY ${sql.ms('r.created_at')} / 86400000`,
        ])
      );
      const months = foldDays(
        daily.map((row) => ({ day: num(row.day), scope: 'all', reviews: num(row.reviews), stars: num(row.stars) })),
        'month',
        ['scope'] as const,
        ['reviews', 'stars'] as const
      );
      const count = num(all?.n);
      return {
        average: count > 0 ? Math.round(num(all.average) * 100) / 100 : null,
        count,
        trend: months.map((m) => ({
          bucket: m.bucket,
          reviews: m.reviews,
          average: m.reviews > 0 ? Math.round((m.stars / m.reviews) * 100) / 100 : null,
        })),
      };
    },

    async customerInsights(vendorProfileId: number, query: InsightsQuery, now = Date.now()) {
      const window = windowOf(query, now, 365 * DAY, 0);
      const { bookingCustomer } = t();
      const sql = d();
      const customerJoin = `JOIN ${bookingCustomer.table} bc ON bc.${bookingCustomer.column} = b.id`;
      const [row] = await raw(
        join([
          `WITH cb AS (SELECT bc.${bookingCustomer.targetColumn} AS customer,
              ${sql.ms('b.start_datetime')} - ${sql.ms('b.created_at')} AS lead_ms FROM`,
          vendorBookings(vendorProfileId, null, customerJoin),
          `AND b.status IN ${FIRM} AND b.start_datetime >=`,
          sql.at(window.from),
          'AND b.start_datetime <',
          sql.at(window.to),
          `), per AS (SELECT customer, COUNT(*) AS n FROM cb GROUP BY customer)
          SELECT (SELECT COUNT(*) FROM per) AS customers,
            (SELECT COUNT(*) FROM per WHERE n >= 2) AS repeat_customers,
            (SELECT COUNT(*) FROM cb) AS bookings,
            (SELECT AVG(lead_ms) FROM cb) AS lead_ms`,
        ])
      );
      const customers = num(row?.customers);
      const bookingsCount = num(row?.bookings);
      return {
        window: isoWindow(window),
        customers,
        repeat_customers: num(row?.repeat_customers),
        repeat_rate: ratio(num(row?.repeat_customers), customers),
        bookings_per_customer: customers > 0 ? Math.round((bookingsCount / customers) * 100) / 100 : null,
        lead_time_hours: bookingsCount > 0 ? Math.round((num(row?.lead_ms) / HOUR) * 100) / 100 : null,
        rating: await this.rating(vendorProfileId, window.from, window.to),
      };
    },
  };
};
