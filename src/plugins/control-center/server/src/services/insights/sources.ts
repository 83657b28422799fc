import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import type { IANAZone } from 'luxon';
import { offsetSegments, type DayRange, instantsOf } from '../../../../../../domain/analytics/periods';
import { isPostgres } from '../../../../../../infra/db';
import { linkOf, tableOf } from '../../../../../../infra/db-names';
import { venueTables } from '../../../../../../api/venue/venue-tables';

/**
 * The direct aggregates of the analytics figures over Strapi's tables, per local day of the reporting timezone.
 * Used twice with the same SQL: by the rollup job (rows stored in analytics_daily_rollups) and by reads for the
 * days the rollups do not cover yet (today's live slice). Set-based: one GROUP BY query per source table.
 *
 * The local day of a stored instant is `(epoch ms + offset) / 86400000`, the offset being a CASE over the zone's
 * UTC offset segments in the range (src/domain/analytics/periods.ts), so PostgreSQL and SQLite run the same query
 * and DST days have their real length (23 or 25 hours).
 */

export const METRICS = [
  'bookings.status',
  'bookings.city',
  'revenue.gross',
  'revenue.fees',
  'revenue.payouts',
  'revenue.refunds',
  'users.signups',
  'vendors.new',
] as const;
export type Metric = (typeof METRICS)[number];

export interface MetricRow {
  metric: Metric;
  day: number;
  currency: string;
  dim: string;
  value: number;
}

/** Payment states whose captured amount counts as revenue. */
export const CAPTURED_PAYMENT_STATUSES = ['succeeded', 'partially_refunded', 'refunded'];

const num = (value: unknown): number => Number(value ?? 0);

export const analyticsSources = (strapi: Core.Strapi) => {
  const knex = (): Knex => strapi.db.connection;
  const pg = () => isPostgres(strapi);
  /** Strapi stores datetimes as epoch ms on SQLite and as UTC `timestamp` on PostgreSQL. */
  const dbInstant = (ms: number): number | string => (pg() ? new Date(ms).toISOString() : ms);
  const msOf = (column: string) =>
    pg() ? `CAST(FLOOR(EXTRACT(EPOCH FROM ${column}) * 1000) AS BIGINT)` : `CAST(${column} AS INTEGER)`;

  /** SQL (with bindings) of the local day number of a datetime column, for instants in [start, end). */
  const dayExpression = (column: string, zone: IANAZone, start: number, end: number) => {
    const segments = offsetSegments(zone, start, end);
    const ms = msOf(column);
    if (segments.length === 1) {
      return { sql: `CAST((${ms} + CAST(? AS BIGINT)) / 86400000 AS INTEGER)`, bindings: [segments[0].offsetMs] };
    }
    const whens: string[] = [];
    const bindings: number[] = [];
    for (let i = 1; i < segments.length; i += 1) {
      whens.push(`WHEN ${ms} < CAST(? AS BIGINT) THEN CAST(? AS BIGINT)`);
      bindings.push(segments[i].from as number, segments[i - 1].offsetMs);
    }
    bindings.push(segments[segments.length - 1].offsetMs);
    return { sql: `CAST((${ms} + CASE ${whens.join(' ')} ELSE CAST(? AS BIGINT) END) / 86400000 AS INTEGER)`, bindings };
  };

  const tables = () => ({
    bookings: tableOf(strapi, 'api::booking.booking'),
    payments: tableOf(strapi, 'api::payment.payment'),
    refunds: tableOf(strapi, 'api::refund.refund'),
    users: tableOf(strapi, 'plugin::users-permissions.user'),
    vendors: tableOf(strapi, 'api::vendor-profile.vendor-profile'),
    bookingVenue: linkOf(strapi, 'api::booking.booking', 'venue'),
    bookingCustomer: linkOf(strapi, 'api::booking.booking', 'customer'),
  });

  /** Rows of `metric` for the local days of `range` (days without data have no row). */
  const aggregate = async (metric: Metric, zone: IANAZone, range: DayRange, db: Knex = knex()): Promise<MetricRow[]> => {
    const { start, end } = instantsOf(range, zone);
    const t = tables();
    const within = (column: string) => (qb: Knex.QueryBuilder) =>
      qb.where(column, '>=', dbInstant(start)).andWhere(column, '<', dbInstant(end));
    const day = (column: string) => {
      const { sql, bindings } = dayExpression(column, zone, start, end);
      return knex().raw(`${sql} AS day`, bindings);
    };
    let rows: { day: unknown; currency?: unknown; dim?: unknown; value: unknown }[];
    switch (metric) {
      case 'bookings.status':
        rows = await db(`${t.bookings} as b`)
          .modify(within('b.created_at'))
          .select(day('b.created_at'), { dim: 'b.status' })
          .count({ value: '*' })
          .groupByRaw('1, 2');
        break;
      case 'bookings.city': {
        const { venueLocation } = venueTables(strapi);
        rows = await db(`${t.bookings} as b`)
          .leftJoin(`${t.bookingVenue.table} as bv`, `bv.${t.bookingVenue.column}`, 'b.id')
          .leftJoin(`${venueLocation.table} as vc`, function joinLocation() {
            this.on(`vc.${venueLocation.column}`, '=', `bv.${t.bookingVenue.targetColumn}`);
            for (const [column, value] of Object.entries(venueLocation.on))
              this.andOn(`vc.${column}`, '=', knex().raw('?', [value]));
          })
          .leftJoin(`${venueLocation.targetTable} as loc`, 'loc.id', `vc.${venueLocation.targetColumn}`)
          .modify(within('b.created_at'))
          .select(day('b.created_at'), knex().raw("COALESCE(loc.city, '') AS dim"))
          .count({ value: '*' })
          .groupByRaw('1, 2');
        break;
      }
      case 'revenue.gross':
      case 'revenue.fees':
      case 'revenue.payouts': {
        const captured = 'COALESCE(p.amount_captured, 0)';
        const value = {
          'revenue.gross': captured,
          'revenue.fees': 'COALESCE(p.platform_fee, 0)',
          // Destination charges: the vendor's share goes to their connected account at capture.
          'revenue.payouts': `CASE WHEN p.stripe_account_id IS NOT NULL AND p.stripe_account_id <> '' THEN ${captured} - COALESCE(p.platform_fee, 0) ELSE 0 END`,
        }[metric];
        rows = await db(`${t.payments} as p`)
          .modify(within('p.created_at'))
          .whereIn('p.status', CAPTURED_PAYMENT_STATUSES)
          .andWhere('p.amount_captured', '>', 0)
          .select(day('p.created_at'), { currency: 'p.currency' }, knex().raw(`SUM(${value}) AS value`))
          .groupByRaw('1, 2');
        break;
      }
      case 'revenue.refunds':
        rows = await db(`${t.refunds} as r`)
          .modify(within('r.created_at'))
          .where('r.status', 'succeeded')
          .select(day('r.created_at'), { currency: 'r.currency' }, knex().raw('SUM(r.amount) AS value'))
          .groupByRaw('1, 2');
        break;
      case 'users.signups':
        rows = await db(`${t.users} as u`)
          .modify(within('u.created_at'))
          .select(day('u.created_at'))
          .count({ value: '*' })
          .groupByRaw('1');
        break;
      case 'vendors.new':
        rows = await db(`${t.vendors} as v`)
          .modify(within('v.created_at'))
          .select(day('v.created_at'))
          .count({ value: '*' })
          .groupByRaw('1');
        break;
    }
    return rows.map((row) => ({
      metric,
      day: num(row.day),
      currency: row.currency ? String(row.currency) : '',
      dim: row.dim ? String(row.dim) : '',
      value: num(row.value),
    }));
  };

  /**
   * Distinct customers with a booking created in each period, and over the whole range: not additive, so never
   * rolled up per day; computed from bookings with the created_at index.
   */
  const activeUsers = async (zone: IANAZone, range: DayRange, periods: DayRange[]) => {
    const { start, end } = instantsOf(range, zone);
    const t = tables();
    const base = () =>
      knex()(`${t.bookings} as b`)
        .join(`${t.bookingCustomer.table} as bc`, `bc.${t.bookingCustomer.column}`, 'b.id')
        .where('b.created_at', '>=', dbInstant(start))
        .andWhere('b.created_at', '<', dbInstant(end));
    const dayExpr = dayExpression('b.created_at', zone, start, end);
    // Period index of a day: a CASE over the periods' last days (days: the offset from the first day).
    const whens = periods.slice(0, -1).map(() => 'WHEN d.day <= CAST(? AS INTEGER) THEN CAST(? AS INTEGER)');
    const periodSql = periods.length > 1 ? `CASE ${whens.join(' ')} ELSE CAST(? AS INTEGER) END` : 'CAST(? AS INTEGER)';
    const periodBindings = [...periods.slice(0, -1).flatMap((p, i) => [p.to, i]), periods.length - 1];
    const inner = base().select(knex().raw(`${dayExpr.sql} AS day`, dayExpr.bindings), {
      user_id: `bc.${t.bookingCustomer.targetColumn}`,
    });
    const [perPeriod, total] = await Promise.all([
      knex()
        .from(inner.as('d'))
        .select(knex().raw(`${periodSql} AS period`, periodBindings))
        .countDistinct({ value: 'd.user_id' })
        .groupByRaw('1'),
      base().countDistinct({ value: `bc.${t.bookingCustomer.targetColumn}` }),
    ]);
    const byPeriod = new Map<number, number>(
      (perPeriod as { period: unknown; value: unknown }[]).map((r) => [num(r.period), num(r.value)])
    );
    return { byPeriod, total: num((total as { value: unknown }[])[0]?.value) };
  };

  /** Earliest creation instant over the rolled-up sources (null: no data yet). */
  const earliest = async (): Promise<number | null> => {
    const t = tables();
    const mins = await Promise.all(
      [t.bookings, t.payments, t.refunds, t.users, t.vendors].map((table) => knex()(table).min({ value: 'created_at' }).first())
    );
    const instants = mins
      .map((row) => (row as { value: unknown } | undefined)?.value)
      .filter((v) => v !== null && v !== undefined)
      .map((v) =>
        v instanceof Date ? v.getTime() : typeof v === 'number' ? v : Date.parse(String(v).endsWith('Z') ? String(v) : `${v}Z`)
      );
    return instants.length ? Math.min(...instants) : null;
  };

  /** Creation instants of the rows of the changeable sources updated at or after `since` (ms), at most `limit` + 1. */
  const changedSince = async (
    since: number,
    limit: number
  ): Promise<{ instants: number[]; overflow: boolean; min: number | null }> => {
    const t = tables();
    const toMs = (v: unknown) =>
      v instanceof Date ? v.getTime() : typeof v === 'number' ? v : Date.parse(String(v).endsWith('Z') ? String(v) : `${v}Z`);
    const instants: number[] = [];
    let overflow = false;
    let min: number | null = null;
    for (const table of [t.bookings, t.payments, t.refunds]) {
      const rows = (await knex()(table)
        .where('updated_at', '>=', dbInstant(since))
        .select('created_at')
        .limit(limit + 1)) as { created_at: unknown }[];
      if (rows.length > limit) {
        overflow = true;
        const first = (await knex()(table).where('updated_at', '>=', dbInstant(since)).min({ value: 'created_at' }).first()) as {
          value: unknown;
        };
        const value = toMs(first.value);
        min = min === null ? value : Math.min(min, value);
      } else instants.push(...rows.map((row) => toMs(row.created_at)));
    }
    return { instants, overflow, min };
  };

  return { aggregate, activeUsers, earliest, changedSince, dbInstant };
};

export type AnalyticsSources = ReturnType<typeof analyticsSources>;
