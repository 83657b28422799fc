/**
 * Calendar maths of the analytics reports (pure, no I/O). Reports are asked for in calendar dates of the
 * reporting timezone; figures are kept per local day ("day number": days since 1970-01-01 of the local
 * calendar, as in src/domain/local-time.ts) and grouped into days, ISO weeks (Monday first) or months.
 */
import type { IANAZone } from 'luxon';
import { fromWallClock, isoDate } from '../local-time';
import { DAY, MINUTE } from '../time';

export const INTERVALS = ['day', 'week', 'month'] as const;
export type ReportInterval = (typeof INTERVALS)[number];

/** A span of local days, both ends included. */
export interface DayRange {
  from: number;
  to: number;
}

/** One point of a series: the days it covers (clipped to the asked range). */
export interface Period extends DayRange {
  /** Index in the series (0 = first period). */
  index: number;
}

const mod = (value: number, divisor: number): number => ((value % divisor) + divisor) % divisor;

/** Monday of the ISO week of a day number (day 0, 1970-01-01, was a Thursday). */
export const weekStart = (day: number): number => day - mod(day + 3, 7);

/** First day of the calendar month of a day number. */
export const monthStart = (day: number): number => {
  const date = new Date(day * DAY);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1) / DAY;
};

const nextMonthStart = (day: number): number => {
  const date = new Date(day * DAY);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1) / DAY;
};

/** Start of the period (day, week or month) a day belongs to. */
export const periodStartOf = (day: number, interval: ReportInterval): number =>
  interval === 'day' ? day : interval === 'week' ? weekStart(day) : monthStart(day);

/**
 * The periods of a range, in order, clipped to the range: `from=2026-03-15&interval=month` starts with
 * 15–31 March. Every day of the range is in exactly one period.
 */
export const periodsOf = (range: DayRange, interval: ReportInterval): Period[] => {
  const periods: Period[] = [];
  let start = range.from;
  while (start <= range.to) {
    const next = interval === 'day' ? start + 1 : interval === 'week' ? weekStart(start) + 7 : nextMonthStart(start);
    periods.push({ index: periods.length, from: start, to: Math.min(next - 1, range.to) });
    start = next;
  }
  return periods;
};

/** The range of the same length right before `range` (the previous-period comparison). */
export const previousRange = (range: DayRange): DayRange => {
  const length = range.to - range.from + 1;
  return { from: range.from - length, to: range.from - 1 };
};

/** The instant a local day starts (DST-correct: midnight, or the first instant after a gap at midnight). */
export const dayStartInstant = (day: number, zone: IANAZone): number => fromWallClock(day * DAY, zone);

/** The UTC instants [start, end) of a range of local days. */
export const instantsOf = (range: DayRange, zone: IANAZone): { start: number; end: number } => ({
  start: dayStartInstant(range.from, zone),
  end: dayStartInstant(range.to + 1, zone),
});

/** A stretch of time with one UTC offset: it starts at `from` (null = since ever) and lasts until the next one. */
export interface OffsetSegment {
  from: number | null;
  offsetMs: number;
}

const offsetOf = (zone: IANAZone, instant: number): number => zone.offset(instant) * MINUTE;

/**
 * The UTC offsets of a zone over [start, end): the first segment covers everything before `start` too, the
 * last everything after `end`. Lets SQL compute the local day of an instant with one CASE expression
 * (`(ms + offset) / 86400000`) on both databases, without the database knowing about time zones.
 * Transitions are found to the millisecond.
 */
export const offsetSegments = (zone: IANAZone, start: number, end: number): OffsetSegment[] => {
  const segments: OffsetSegment[] = [{ from: null, offsetMs: offsetOf(zone, start) }];
  let current = segments[0].offsetMs;
  // Zones change offset at most a few times a year, never twice within 12 hours.
  const step = 12 * 60 * MINUTE;
  for (let t = start; t < end; t += step) {
    const upper = Math.min(t + step, end);
    if (offsetOf(zone, upper) === current) continue;
    let low = t; // offset(low) === current
    let high = upper; // offset(high) !== current: the transition is in (low, high], found to the millisecond
    while (high - low > 1) {
      const mid = Math.floor((low + high) / 2);
      if (offsetOf(zone, mid) === current) low = mid;
      else high = mid;
    }
    current = offsetOf(zone, high);
    segments.push({ from: high, offsetMs: current });
  }
  return segments;
};

/** Local day number of an instant given the offset segments (the JS twin of the SQL expression). */
export const dayBySegments = (instant: number, segments: OffsetSegment[]): number => {
  let offset = segments[0].offsetMs;
  for (const segment of segments) if (segment.from === null || instant >= segment.from) offset = segment.offsetMs;
  return Math.floor((instant + offset) / DAY);
};

export { isoDate };
