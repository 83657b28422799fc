/**
 * Venue-local wall-clock arithmetic on top of luxon's zone data.
 *
 * A "wall clock" value is what a clock on the venue's wall reads, written as milliseconds since
 * 1970-01-01T00:00 *local* (so `wallClock = instant + utcOffset`). Local calendar dates are whole
 * days of that scale ("day numbers"), which keeps date stepping free of DST surprises.
 */
import { Info, type Zone } from 'luxon';
import { MINUTE } from '../time';

export const DAY = 24 * 60 * MINUTE;

/** Floor modulo: also correct for instants before 1970. */
const mod = (value: number, divisor: number): number => ((value % divisor) + divisor) % divisor;

/** The luxon zone of an IANA name; RangeError for a zone luxon cannot use (same test as `setZone(tz).isValid`). */
export function venueZone(timezone: string): Zone {
  const zone = Info.normalizeZone(timezone);
  if (!zone.isValid) throw new RangeError(`invalid timezone "${timezone}"`);
  return zone;
}

const offsetAt = (zone: Zone, instant: number): number => zone.offset(instant) * MINUTE;

export const toWallClock = (instant: number, zone: Zone): number => instant + offsetAt(zone, instant);

/** Day number of the local calendar date an instant falls on. */
export const localDay = (instant: number, zone: Zone): number => Math.floor(toWallClock(instant, zone) / DAY);

/** "YYYY-MM-DD" of a day number. */
export const isoDate = (day: number): string => new Date(day * DAY).toISOString().slice(0, 10);

/** ISO weekday (1 = Monday … 7 = Sunday) of a day number; day 0, 1970-01-01, was a Thursday. */
export const isoWeekday = (day: number): number => mod(day + 3, 7) + 1;

/**
 * The instant at which the venue's clock reads `wallClock`.
 *
 * Not `DateTime.fromObject`: luxon resolves an ambiguous time with an offset guessed from the
 * *current* real clock, so the same fall-back time would map to different instants in summer and in
 * winter. The rules here are fixed:
 *  - a non-existent time (spring-forward gap) is mapped forward by the gap, as luxon does
 *    (02:30 on Berlin's 2026-03-29 → 03:30 CEST);
 *  - an ambiguous time (fall-back) maps to its FIRST occurrence (02:30 on Berlin's 2026-10-25 →
 *    02:30 CEST, not 02:30 CET an hour later).
 */
export function fromWallClock(wallClock: number, zone: Zone): number {
  // The offsets a day either side bracket any transition near this time (zones change at most once a day).
  const offsetBefore = offsetAt(zone, wallClock - DAY);
  const offsetAfter = offsetAt(zone, wallClock + DAY);
  const readings = [wallClock - offsetBefore, wallClock - offsetAfter].filter(
    (instant) => toWallClock(instant, zone) === wallClock,
  );
  if (readings.length > 0) return Math.min(...readings);
  // In the gap: read with the offset from before the jump, which lands the same distance past it.
  return wallClock - offsetBefore;
}

/** Aligned = local minutes since local midnight are a multiple of the step, seconds and ms zero. */
export const isWallClockAligned = (wallClock: number, stepMs: number): boolean => mod(wallClock, DAY) % stepMs === 0;

/** First grid point at or after a wall-clock time; the grid restarts at every local midnight. */
const ceilWallClock = (wallClock: number, stepMs: number): number => {
  const midnight = wallClock - mod(wallClock, DAY);
  return midnight + Math.min(Math.ceil(mod(wallClock, DAY) / stepMs) * stepMs, DAY);
};

const floorWallClock = (wallClock: number, stepMs: number): number => {
  const midnight = wallClock - mod(wallClock, DAY);
  return midnight + Math.floor(mod(wallClock, DAY) / stepMs) * stepMs;
};

/** First instant in (from, to] whose UTC offset differs from `from`'s (offsets differ at the two ends). */
function firstOffsetChange(zone: Zone, from: number, to: number): number {
  const initial = offsetAt(zone, from);
  let unchanged = from;
  let changed = to;
  while (changed - unchanged > 1) {
    const middle = Math.floor((unchanged + changed) / 2);
    if (offsetAt(zone, middle) === initial) unchanged = middle;
    else changed = middle;
  }
  return changed;
}

/** Earliest aligned instant >= `instant`. */
export function nextAlignedInstant(instant: number, zone: Zone, stepMs: number): number {
  const offset = offsetAt(zone, instant);
  const candidate = ceilWallClock(instant + offset, stepMs) - offset;
  if (offsetAt(zone, candidate) === offset) return candidate;
  // The offset changes before the candidate: no grid point of the old offset is left, so go on from the change.
  return nextAlignedInstant(firstOffsetChange(zone, instant, candidate), zone, stepMs);
}

/** Latest aligned instant <= `instant`. */
export function previousAlignedInstant(instant: number, zone: Zone, stepMs: number): number {
  const offset = offsetAt(zone, instant);
  const candidate = floorWallClock(instant + offset, stepMs) - offset;
  if (offsetAt(zone, candidate) === offset) return candidate;
  // The offset changed after the candidate: no grid point of the current offset exists since then.
  return previousAlignedInstant(firstOffsetChange(zone, candidate, instant) - 1, zone, stepMs);
}
