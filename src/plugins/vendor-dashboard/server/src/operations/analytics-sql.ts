import type { Core } from '@strapi/strapi';
import { isPostgres } from '../../../../../infra/db';
import { linkOf, tableOf, type LinkNames } from '../../../../../infra/db-names';
import type { ZoneOffset } from '../../../../../domain/vendor-analytics/buckets';

/**
 * SQL building blocks of the vendor analytics, one dialect switch for the few expressions PostgreSQL and
 * SQLite spell differently. Datetime columns are `timestamp without time zone` holding UTC on PostgreSQL
 * and epoch milliseconds on SQLite (Strapi's better-sqlite3 binding); every query works in epoch ms.
 * Table and link names come from Strapi's metadata (src/infra/db-names.ts); values are always bound.
 */
export interface AnalyticsTables {
  bookings: string;
  venues: string;
  payments: string;
  refunds: string;
  reviews: string;
  bookingVenue: LinkNames;
  bookingCustomer: LinkNames;
  venueVendor: LinkNames;
  paymentBooking: LinkNames;
  refundBooking: LinkNames;
  reviewVenue: LinkNames;
}

const cache = new WeakMap<Core.Strapi, AnalyticsTables>();

export const analyticsTables = (strapi: Core.Strapi): AnalyticsTables => {
  let tables = cache.get(strapi);
  if (!tables) {
    tables = {
      bookings: tableOf(strapi, 'api::booking.booking'),
      venues: tableOf(strapi, 'api::venue.venue'),
      payments: tableOf(strapi, 'api::payment.payment'),
      refunds: tableOf(strapi, 'api::refund.refund'),
      reviews: tableOf(strapi, 'api::review.review'),
      bookingVenue: linkOf(strapi, 'api::booking.booking', 'venue'),
      bookingCustomer: linkOf(strapi, 'api::booking.booking', 'customer'),
      venueVendor: linkOf(strapi, 'api::venue.venue', 'vendor'),
      paymentBooking: linkOf(strapi, 'api::payment.payment', 'booking'),
      refundBooking: linkOf(strapi, 'api::refund.refund', 'booking'),
      reviewVenue: linkOf(strapi, 'api::review.review', 'venue'),
    };
    cache.set(strapi, tables);
  }
  return tables;
};

/** A SQL fragment with its bindings. */
export interface Fragment {
  sql: string;
  bindings: unknown[];
}

export const sqlDialect = (strapi: Core.Strapi) => {
  const pg = isPostgres(strapi);
  return {
    pg,
    /** Epoch milliseconds of a datetime column. */
    ms: (column: string): string => (pg ? `(extract(epoch from ${column}) * 1000)::bigint` : `${column}`),
    /** A bound instant comparable with a datetime column. */
    at: (epochMs: number): Fragment =>
      pg ? { sql: 'CAST(? AS timestamp)', bindings: [new Date(epochMs).toISOString()] } : { sql: '?', bindings: [epochMs] },
    least: (a: string, b: string): string => (pg ? `LEAST(${a}, ${b})` : `MIN(${a}, ${b})`),
    greatest: (a: string, b: string): string => (pg ? `GREATEST(${a}, ${b})` : `MAX(${a}, ${b})`),
    /** A bound integer (bigint on PostgreSQL, so arithmetic with ms columns stays integral). */
    int: (value: number): Fragment => ({ sql: pg ? 'CAST(? AS bigint)' : '?', bindings: [Math.trunc(value)] }),
  };
};

/** `WITH`-able rows `zone_offsets(zone, from_ms, to_ms, off_ms)` from the pure zone table. */
export const zoneOffsetsCte = (offsets: ZoneOffset[]): Fragment => {
  const rows = offsets.length > 0 ? offsets : [{ zone: 'UTC', from: 0, to: 1, offsetMs: 0 }];
  return {
    sql: `zone_offsets(zone, from_ms, to_ms, off_ms) AS (VALUES ${rows
      .map(() => '(CAST(? AS varchar(64)), CAST(? AS bigint), CAST(? AS bigint), CAST(? AS bigint))')
      .join(', ')})`,
    bindings: rows.flatMap((row) => [row.zone, row.from, row.to, row.offsetMs]),
  };
};

/** Joins fragments, concatenating their SQL with `separator` and their bindings in order. */
export const join = (parts: Array<Fragment | string>, separator = '\n'): Fragment => ({
  sql: parts.map((part) => (typeof part === 'string' ? part : part.sql)).join(separator),
  bindings: parts.flatMap((part) => (typeof part === 'string' ? [] : part.bindings)),
});
