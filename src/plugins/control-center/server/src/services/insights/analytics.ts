import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { errors } from '@strapi/utils';
import { z } from 'zod';
import { dayOf, isoDate, localDay, venueZone } from '../../../../../../domain/local-time';
import {
  INTERVALS,
  periodsOf,
  previousRange,
  type DayRange,
  type Period,
  type ReportInterval,
} from '../../../../../../domain/analytics/periods';
import { parseOrThrow } from '../../../../../../infra/validation';
import { tableOf } from '../../../../../../infra/db-names';
import { analyticsSources, type Metric } from './sources';
import { ROLLUPS, type RollupState } from './rollups';
import rollupsFactory from './rollups';
import { reportingSettings } from './reporting';

export const REPORTS = ['revenue', 'bookings', 'user-growth'] as const;
export type ReportName = (typeof REPORTS)[number];

/** Longest range one report may span (two years, one leap day). */
export const MAX_RANGE_DAYS = 731;

const isZone = (zone: string) => {
  try {
    venueZone(zone);
    return true;
  } catch {
    return false;
  }
};

const date = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a calendar date YYYY-MM-DD')
  .refine((d) => !Number.isNaN(dayOf(d)), 'not a calendar date');

/** Query of every report (also the CSV export). */
export const reportQuery = z
  .object({
    from: date.optional().describe('First calendar day (inclusive) in the reporting timezone; default: 29 days before `to`'),
    to: date.optional().describe('Last calendar day (inclusive); default: today in the reporting timezone'),
    interval: z.enum(INTERVALS).default('day').describe('Series step: day, week (ISO, Monday first) or month'),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'expected an ISO 4217 code such as EUR')
      .optional()
      .describe('Money figures in this currency (default: the reporting currency)'),
    timezone: z
      .string()
      .refine(isZone, 'expected an IANA timezone such as Europe/Berlin')
      .optional()
      .describe(
        'Calendar days in this IANA zone (default: the reporting timezone; another zone is computed live, without rollups)'
      ),
    format: z.enum(['json', 'csv']).default('json').describe('csv: the series as a streamed CSV file'),
  })
  .strict();
export type ReportQuery = z.infer<typeof reportQuery>;

export const BOOKING_STATUSES = [
  'requested',
  'pending_payment',
  'confirmed',
  'rejected',
  'expired',
  'cancelled',
  'completed',
] as const;
const VENDOR_STATUSES = ['pending', 'approved', 'rejected', 'suspended'] as const;
/** Cities listed in a bookings report's totals (the busiest first). */
const TOP_CITIES = 50;

type Figures = Record<string, number>;

export interface ReportAnswer {
  data: {
    series: Array<{ period_start: string; period_end: string } & Record<string, unknown>>;
    totals: Record<string, unknown>;
    previous: { from: string; to: string; totals: Figures };
    change: Record<string, number | null>;
  };
  meta: {
    currency: string;
    timezone: string;
    from: string;
    to: string;
    interval: ReportInterval;
    rollups_through: string | null;
    generated_at: string;
  };
}

interface Resolved {
  range: DayRange;
  interval: ReportInterval;
  timezone: string;
  currency: string;
  /** Rollup state usable for this timezone (null: everything is computed live). */
  state: RollupState | null;
}

/** Percent change from `before` to `now`, one decimal; null when there is nothing to compare with. */
export const percentChange = (now: number, before: number): number | null =>
  before === 0 ? null : Math.round(((now - before) / before) * 1000) / 10;

/**
 * The control center's reports: revenue, bookings, user growth by day/week/month of the reporting timezone,
 * with the previous period of the same length. Days up to the rollups' built_through_day are read from
 * analytics_daily_rollups; later days (today) are aggregated live with the same SQL (sources.ts).
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const knex = (): Knex => strapi.db.connection;
  const sources = analyticsSources(strapi);
  const rollups = rollupsFactory({ strapi });

  const resolve = async (query: ReportQuery, now: number): Promise<Resolved> => {
    const reporting = await reportingSettings(strapi);
    const timezone = query.timezone ?? reporting.timezone;
    const zone = venueZone(timezone);
    const to = query.to ? dayOf(query.to) : localDay(now, zone);
    const from = query.from ? dayOf(query.from) : to - 29;
    if (to < from) {
      throw new errors.ValidationError('to: must not be before from', {
        errors: [{ path: ['to'], message: 'must not be before from', name: 'ValidationError' }],
      });
    }
    if (to - from + 1 > MAX_RANGE_DAYS) {
      throw new errors.ValidationError(`from: a report spans at most ${MAX_RANGE_DAYS} days`, {
        errors: [{ path: ['from'], message: `a report spans at most ${MAX_RANGE_DAYS} days`, name: 'ValidationError' }],
      });
    }
    const state = timezone === reporting.timezone ? await rollups.stateOf(timezone) : null;
    return { range: { from, to }, interval: query.interval, timezone, currency: query.currency ?? reporting.currency, state };
  };

  /**
   * Sums of `metrics` per (metric, dim, period) over `range`, money metrics of one currency only.
   * Key: `${metric}|${dim}|${period index}`.
   */
  const collect = async (
    metrics: Metric[],
    resolved: Resolved,
    range: DayRange,
    periods: Period[]
  ): Promise<Map<string, number>> => {
    const sums = new Map<string, number>();
    const add = (metric: string, dim: string, period: number, value: number) => {
      const key = `${metric}|${dim}|${period}`;
      sums.set(key, (sums.get(key) ?? 0) + value);
    };
    const periodOfDay = new Int32Array(range.to - range.from + 1);
    for (const p of periods) for (let d = p.from; d <= p.to; d += 1) periodOfDay[d - range.from] = p.index;
    const moneyOk = (currency: string) => currency === '' || currency === resolved.currency;

    const built = resolved.state?.built_through_day ?? Number.NEGATIVE_INFINITY;
    if (resolved.state && range.from <= built) {
      const rolled = { from: range.from, to: Math.min(range.to, built) };
      let periodSql: string;
      let bindings: number[];
      if (periods.length === range.to - range.from + 1) {
        periodSql = 'day - CAST(? AS INTEGER)';
        bindings = [range.from];
      } else if (periods.length === 1) {
        periodSql = 'CAST(? AS INTEGER)';
        bindings = [0];
      } else {
        periodSql = `CASE ${periods
          .slice(0, -1)
          .map(() => 'WHEN day <= CAST(? AS INTEGER) THEN CAST(? AS INTEGER)')
          .join(' ')} ELSE CAST(? AS INTEGER) END`;
        bindings = [...periods.slice(0, -1).flatMap((p) => [p.to, p.index]), periods.length - 1];
      }
      const rows = (await knex()(ROLLUPS)
        .where('timezone', resolved.timezone)
        .whereIn('metric', metrics)
        .andWhereBetween('day', [rolled.from, rolled.to])
        .whereIn('currency', ['', resolved.currency])
        .select('metric', 'dim', knex().raw(`${periodSql} AS period`, bindings))
        .sum({ value: 'value' })
        .groupByRaw('1, 2, 3')) as { metric: string; dim: string; period: unknown; value: unknown }[];
      for (const row of rows) add(row.metric, row.dim, Number(row.period), Number(row.value));
    }
    const live = { from: Math.max(range.from, built + 1), to: range.to };
    if (live.from <= live.to) {
      const zone = venueZone(resolved.timezone);
      const batches = await Promise.all(metrics.map((metric) => sources.aggregate(metric, zone, live)));
      for (const row of batches.flat()) {
        if (moneyOk(row.currency)) add(row.metric, row.dim, periodOfDay[row.day - range.from], row.value);
      }
    }
    return sums;
  };

  const get = (sums: Map<string, number>, metric: Metric, period: number, dim = '') =>
    sums.get(`${metric}|${dim}|${period}`) ?? 0;

  const dimsOf = (sums: Map<string, number>, metric: Metric) => {
    const byDim = new Map<string, number>();
    for (const [key, value] of sums) {
      const [m, dim] = key.split('|');
      if (m === metric) byDim.set(dim, (byDim.get(dim) ?? 0) + value);
    }
    return byDim;
  };

  const changes = (now: Figures, before: Figures) =>
    Object.fromEntries(Object.keys(now).map((key) => [key, percentChange(now[key], before[key] ?? 0)]));

  const revenueFigures = (sums: Map<string, number>, period: number): Figures => {
    const gross = get(sums, 'revenue.gross', period);
    const refunds = get(sums, 'revenue.refunds', period);
    return {
      gross,
      fees: get(sums, 'revenue.fees', period),
      refunds,
      net: gross - refunds,
      payouts: get(sums, 'revenue.payouts', period),
    };
  };

  const bookingFigures = (sums: Map<string, number>, period: number) => {
    const byStatus = Object.fromEntries(BOOKING_STATUSES.map((s) => [s, get(sums, 'bookings.status', period, s)])) as Record<
      string,
      number
    >;
    return {
      figures: {
        created: Object.values(byStatus).reduce((a, b) => a + b, 0),
        confirmed: byStatus.confirmed + byStatus.completed,
        cancelled: byStatus.cancelled,
      },
      byStatus,
    };
  };

  const vendorsByStatus = async (): Promise<Record<string, number>> => {
    const rows = (await knex()(tableOf(strapi, 'api::vendor-profile.vendor-profile'))
      .select('verification_status')
      .count({ value: '*' })
      .groupBy('verification_status')) as { verification_status: string | null; value: unknown }[];
    const counts: Record<string, number> = Object.fromEntries(VENDOR_STATUSES.map((s) => [s, 0]));
    for (const row of rows) if (row.verification_status) counts[row.verification_status] = Number(row.value);
    return counts;
  };

  const METRICS_OF: Record<ReportName, Metric[]> = {
    revenue: ['revenue.gross', 'revenue.fees', 'revenue.payouts', 'revenue.refunds'],
    bookings: ['bookings.status'],
    'user-growth': ['users.signups', 'vendors.new'],
  };

  return {
    async report(name: ReportName, rawQuery: unknown, now = Date.now()): Promise<ReportAnswer> {
      const query = parseOrThrow(reportQuery, rawQuery ?? {});
      const resolved = await resolve(query, now);
      const { range } = resolved;
      const periods = periodsOf(range, resolved.interval);
      const prevRange = previousRange(range);
      const whole = (r: DayRange): Period[] => [{ index: 0, ...r }];
      const metrics = METRICS_OF[name];
      const [sums, totalSums, prevSums] = await Promise.all([
        collect(metrics, resolved, range, periods),
        collect(name === 'bookings' ? [...metrics, 'bookings.city'] : metrics, resolved, range, whole(range)),
        collect(metrics, resolved, prevRange, whole(prevRange)),
      ]);
      const bounds = (p: DayRange) => ({ period_start: isoDate(p.from), period_end: isoDate(p.to) });

      let series: ReportAnswer['data']['series'];
      let totals: Record<string, unknown>;
      let current: Figures;
      let previous: Figures;
      if (name === 'revenue') {
        series = periods.map((p) => ({ ...bounds(p), ...revenueFigures(sums, p.index) }));
        current = revenueFigures(totalSums, 0);
        previous = revenueFigures(prevSums, 0);
        totals = current;
      } else if (name === 'bookings') {
        series = periods.map((p) => {
          const { figures, byStatus } = bookingFigures(sums, p.index);
          return { ...bounds(p), ...figures, by_status: byStatus };
        });
        const { figures, byStatus } = bookingFigures(totalSums, 0);
        current = figures;
        previous = bookingFigures(prevSums, 0).figures;
        const byCity = [...dimsOf(totalSums, 'bookings.city')]
          .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
          .slice(0, TOP_CITIES)
          .map(([city, count]) => ({ city: city || null, count }));
        totals = { ...figures, by_status: byStatus, by_city: byCity };
      } else {
        const zone = venueZone(resolved.timezone);
        const [active, prevActive, vendors] = await Promise.all([
          sources.activeUsers(zone, range, periods),
          sources.activeUsers(zone, prevRange, whole(prevRange)),
          vendorsByStatus(),
        ]);
        series = periods.map((p) => ({
          ...bounds(p),
          signups: get(sums, 'users.signups', p.index),
          new_vendors: get(sums, 'vendors.new', p.index),
          active_users: active.byPeriod.get(p.index) ?? 0,
        }));
        current = {
          signups: get(totalSums, 'users.signups', 0),
          new_vendors: get(totalSums, 'vendors.new', 0),
          active_users: active.total,
        };
        previous = {
          signups: get(prevSums, 'users.signups', 0),
          new_vendors: get(prevSums, 'vendors.new', 0),
          active_users: prevActive.total,
        };
        totals = { ...current, vendors_by_status: vendors };
      }
      return {
        data: {
          series,
          totals,
          previous: { from: isoDate(prevRange.from), to: isoDate(prevRange.to), totals: previous },
          change: changes(current, previous),
        },
        meta: {
          currency: resolved.currency,
          timezone: resolved.timezone,
          from: isoDate(range.from),
          to: isoDate(range.to),
          interval: resolved.interval,
          rollups_through: resolved.state ? isoDate(resolved.state.built_through_day) : null,
          generated_at: new Date(now).toISOString(),
        },
      };
    },
  };
};
