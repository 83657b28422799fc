import { DateTime } from 'luxon';
import { DAY, HOUR, MINUTE } from '../time';

/**
 * Calendar buckets of the vendor analytics. SQL sums money per venue-local day (epoch day number of the
 * venue-local date); this module supplies the UTC offsets the SQL needs for that (a small table per zone,
 * so SQLite, which knows no time zones, buckets exactly like PostgreSQL) and folds day sums into ISO weeks
 * (Monday first) or calendar months. Pure: no I/O.
 */

export type Granularity = 'day' | 'week' | 'month';

/** One stretch of time during which `zone` is `offsetMs` ahead of UTC: [from, to). */
export interface ZoneOffset {
  zone: string;
  from: number;
  to: number;
  offsetMs: number;
}

const offsetAt = (zone: string, at: number): number => DateTime.fromMillis(at, { zone }).offset * MINUTE;

/** First whole minute in (low, high] whose offset differs from the offset at `low` (binary search). */
const nextChange = (zone: string, low: number, high: number): number => {
  const base = offsetAt(zone, low);
  let lo = Math.floor(low / MINUTE);
  let hi = Math.ceil(high / MINUTE);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (offsetAt(zone, mid * MINUTE) === base) lo = mid;
    else hi = mid;
  }
  return hi * MINUTE;
};

/**
 * The offsets of each zone over [from, to), one row per constant-offset stretch. Transitions are found by
 * probing every 6 hours and narrowing to the minute (no zone changes its offset twice within 6 hours).
 */
export const zoneOffsets = (zones: Iterable<string>, from: number, to: number): ZoneOffset[] => {
  const out: ZoneOffset[] = [];
  const step = 6 * HOUR;
  for (const zone of new Set(zones)) {
    if (!DateTime.fromMillis(from, { zone }).isValid) continue;
    let start = from;
    let offset = offsetAt(zone, from);
    for (let probe = from; probe < to; probe += step) {
      const next = Math.min(probe + step, to);
      if (offsetAt(zone, next) !== offset) {
        const change = Math.max(nextChange(zone, probe, next), start + 1);
        out.push({ zone, from: start, to: change, offsetMs: offset });
        start = change;
        offset = offsetAt(zone, change);
      }
    }
    out.push({ zone, from: start, to, offsetMs: offset });
  }
  return out;
};

/** Epoch day number (days since 1970-01-01) → 'YYYY-MM-DD'. */
export const dayString = (epochDay: number): string => new Date(epochDay * DAY).toISOString().slice(0, 10);

/** The bucket a venue-local day falls in: the day itself, the Monday of its ISO week, or the 1st of its month. */
export const bucketOf = (epochDay: number, interval: Granularity): string => {
  if (interval === 'day') return dayString(epochDay);
  if (interval === 'week') {
    // 1970-01-01 was a Thursday: (day + 3) mod 7 is 0 on Mondays.
    const sinceMonday = (((epochDay + 3) % 7) + 7) % 7;
    return dayString(epochDay - sinceMonday);
  }
  return `${dayString(epochDay).slice(0, 7)}-01`;
};

/** Rows of daily sums per key (e.g. currency) folded into `interval` buckets; numeric fields are added. */
export const foldDays = <K extends string, F extends string>(
  rows: Array<{ day: number } & Record<K, string> & Record<F, number>>,
  interval: Granularity,
  keys: readonly K[],
  fields: readonly F[]
): Array<{ bucket: string } & Record<K, string> & Record<F, number>> => {
  const buckets = new Map<string, { bucket: string } & Record<K, string> & Record<F, number>>();
  for (const row of rows) {
    const bucket = bucketOf(Number(row.day), interval);
    const id = [bucket, ...keys.map((k) => row[k])].join('\u0000');
    let into = buckets.get(id);
    if (!into) {
      into = { bucket } as { bucket: string } & Record<K, string> & Record<F, number>;
      for (const k of keys) (into as Record<string, unknown>)[k] = row[k];
      for (const f of fields) (into as Record<string, unknown>)[f] = 0;
      buckets.set(id, into);
    }
    for (const f of fields) (into as Record<string, number>)[f] += Number(row[f] ?? 0);
  }
  return [...buckets.values()].sort((a, b) =>
    a.bucket === b.bucket
      ? keys
          .map((k) => a[k])
          .join()
          .localeCompare(keys.map((k) => b[k]).join())
      : a.bucket < b.bucket
        ? -1
        : 1
  );
};

/** a / b rounded to 4 decimals, null when b is 0. */
export const ratio = (a: number, b: number): number | null => (b > 0 ? Math.round((a / b) * 10_000) / 10_000 : null);
