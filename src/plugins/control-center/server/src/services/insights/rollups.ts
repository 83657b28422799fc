import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { localDay, venueZone } from '../../../../../../domain/local-time';
import type { DayRange } from '../../../../../../domain/analytics/periods';
import { DAY, MINUTE } from '../../../../../../domain/time';
import { analyticsSources, METRICS, type MetricRow } from './sources';
import { reportingSettings } from './reporting';

export const ROLLUPS = 'analytics_daily_rollups';
export const ROLLUP_STATE = 'analytics_rollup_state';

export interface RollupState {
  timezone: string;
  built_through_day: number;
  watermark_ms: number;
  full_rebuild_at_ms: number;
  refreshed_at_ms: number;
}

/** Rows updated this long before the previous run are looked at again (transactions still open then). */
const WATERMARK_MARGIN_MS = 5 * MINUTE;
/** A full rebuild at least this often (catches deletions, which leave no updated_at behind). */
const FULL_REBUILD_EVERY_MS = DAY;
/** More changed rows than this per source: rebuild the span between the oldest and yesterday instead. */
const CHANGED_ROWS_LIMIT = 2_000;

/** Merges day numbers into contiguous ranges. */
export const toRanges = (days: number[]): DayRange[] => {
  const sorted = [...new Set(days)].sort((a, b) => a - b);
  const ranges: DayRange[] = [];
  for (const day of sorted) {
    const last = ranges[ranges.length - 1];
    if (last && day === last.to + 1) last.to = day;
    else ranges.push({ from: day, to: day });
  }
  return ranges;
};

/**
 * The daily rollups (analytics_daily_rollups): per local day of the reporting timezone, every metric of
 * sources.ts. Kept by the `analytics-rollups` job (every minute, once per cluster, src/cron/tasks.ts):
 *  - no state for the current reporting timezone (first run, or the timezone changed), or the last full rebuild
 *    is a day old → full rebuild from the oldest row to yesterday, other timezones' rows dropped;
 *  - otherwise: the days since the last run up to yesterday, plus the creation days of bookings, payments and
 *    refunds updated since the last run (a booking cancelled today changes the day it was created on).
 * Today (and any day after built_through_day) is never read from here: reads compute it live.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const knex = (): Knex => strapi.db.connection;
  const sources = analyticsSources(strapi);

  const stateOf = async (timezone: string): Promise<RollupState | null> => {
    const row = (await knex()(ROLLUP_STATE).where({ timezone }).first()) as Record<string, unknown> | undefined;
    if (!row) return null;
    return {
      timezone: String(row.timezone),
      built_through_day: Number(row.built_through_day),
      watermark_ms: Number(row.watermark_ms),
      full_rebuild_at_ms: Number(row.full_rebuild_at_ms),
      refreshed_at_ms: Number(row.refreshed_at_ms),
    };
  };

  /** Recomputes the rollups of some day ranges (one transaction: readers see the old or the new rows). */
  const rebuildRanges = async (timezone: string, ranges: DayRange[]): Promise<number> => {
    const zone = venueZone(timezone);
    let written = 0;
    await knex().transaction(async (trx) => {
      for (const range of ranges) {
        await trx(ROLLUPS).where({ timezone }).andWhereBetween('day', [range.from, range.to]).delete();
        const rows: MetricRow[] = [];
        for (const metric of METRICS) rows.push(...(await sources.aggregate(metric, zone, range, trx)));
        const records = rows.filter((r) => r.value !== 0).map((r) => ({ timezone, ...r }));
        if (records.length) await trx.batchInsert(ROLLUPS, records, 500);
        written += records.length;
      }
    });
    return written;
  };

  return {
    stateOf,

    /** One round of the job. `now` is injectable for tests. */
    async refresh(now = Date.now()) {
      const { timezone } = await reportingSettings(strapi);
      const zone = venueZone(timezone);
      const yesterday = localDay(now, zone) - 1;
      const state = await stateOf(timezone);

      if (!state || now - state.full_rebuild_at_ms >= FULL_REBUILD_EVERY_MS) {
        const earliest = await sources.earliest();
        const from = earliest === null ? yesterday + 1 : localDay(earliest, zone);
        await knex()(ROLLUPS).where({ timezone }).andWhere('day', '>', yesterday).delete();
        const written = from <= yesterday ? await rebuildRanges(timezone, [{ from, to: yesterday }]) : 0;
        await knex()(ROLLUPS).whereNot({ timezone }).delete();
        await knex()(ROLLUP_STATE).whereNot({ timezone }).delete();
        const next = { timezone, built_through_day: yesterday, watermark_ms: now, full_rebuild_at_ms: now, refreshed_at_ms: now };
        await knex()(ROLLUP_STATE).insert(next).onConflict('timezone').merge();
        return { mode: 'full' as const, timezone, days: Math.max(0, yesterday - from + 1), rows: written };
      }

      const changed = await sources.changedSince(state.watermark_ms - WATERMARK_MARGIN_MS, CHANGED_ROWS_LIMIT);
      const days = changed.instants.map((instant) => localDay(instant, zone)).filter((day) => day <= state.built_through_day);
      if (changed.overflow && changed.min !== null) {
        for (let day = localDay(changed.min, zone); day <= state.built_through_day; day += 1) days.push(day);
      }
      for (let day = state.built_through_day + 1; day <= yesterday; day += 1) days.push(day);
      const ranges = toRanges(days);
      const written = ranges.length ? await rebuildRanges(timezone, ranges) : 0;
      await knex()(ROLLUP_STATE)
        .where({ timezone })
        .update({ built_through_day: Math.max(yesterday, state.built_through_day), watermark_ms: now, refreshed_at_ms: now });
      return { mode: 'incremental' as const, timezone, days: ranges.reduce((n, r) => n + r.to - r.from + 1, 0), rows: written };
    },

    /** Drops every rollup: the next refresh rebuilds in full. */
    async reset() {
      await knex()(ROLLUPS).delete();
      await knex()(ROLLUP_STATE).delete();
    },
  };
};
