/**
 * Venue-local time: the one model that availability, pricing and calendar imports share.
 *
 * A venue's rules are wall-clock values in its IANA zone. A "wall clock" value is what a clock on the venue's
 * wall reads, written as milliseconds since 1970-01-01T00:00 *local* (so `wallClock = instant + utcOffset`).
 * Local calendar dates are whole days of that scale ("day numbers", printed as 'YYYY-MM-DD'), which keeps
 * date stepping free of DST surprises. Elapsed time is always measured between instants, so lengths are real:
 * a Berlin 01:00–04:00 booking is 2 h on spring-forward day and 4 h on fall-back day.
 */
import { IANAZone } from 'luxon';
import { DAY, HOUR, MINUTE, type Interval } from './time';

/** Floor modulo: also correct for instants before 1970. */
const mod = (value: number, divisor: number): number => ((value % divisor) + divisor) % divisor;

/**
 * The zone of a venue, and the one validator of venue zones: an IANA name ("Europe/Berlin", "UTC").
 * RangeError for anything else, including luxon's "system"/"local" and fixed offsets like "UTC+3".
 */
export function venueZone(timezone: string): IANAZone {
  if (typeof timezone !== 'string' || !IANAZone.isValidZone(timezone)) {
    throw new RangeError(`invalid IANA timezone "${timezone}"`);
  }
  return IANAZone.create(timezone);
}

const offsetAt = (zone: IANAZone, instant: number): number => zone.offset(instant) * MINUTE;

export const toWallClock = (instant: number, zone: IANAZone): number => instant + offsetAt(zone, instant);

// ---------------------------------------------------------------------------------------------------
// Local dates

/** Day number of the local calendar date an instant falls on. */
export const localDay = (instant: number, zone: IANAZone): number => Math.floor(toWallClock(instant, zone) / DAY);

/** "YYYY-MM-DD" of a day number. */
export const isoDate = (day: number): string => new Date(day * DAY).toISOString().slice(0, 10);

/** Day number of a "YYYY-MM-DD" date (NaN for anything else). */
export const dayOf = (date: string): number => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return NaN;
  const ms = Date.parse(`${date}T00:00:00.000Z`);
  return Number.isNaN(ms) || isoDate(ms / DAY) !== date ? NaN : ms / DAY;
};

/** ISO weekday (1 = Monday … 7 = Sunday) of a day number; day 0, 1970-01-01, was a Thursday. */
export const isoWeekday = (day: number): number => mod(day + 3, 7) + 1;

/** Venue-local "YYYY-MM-DD" date of an instant. */
export const localDateOf = (instant: number, zone: IANAZone): string => isoDate(localDay(instant, zone));

/** ISO weekday of a "YYYY-MM-DD" date. */
export const weekdayOf = (date: string): number => isoWeekday(dayOf(date));

/** The "YYYY-MM-DD" date before a "YYYY-MM-DD" date. */
export const previousDate = (date: string): string => isoDate(dayOf(date) - 1);

// ---------------------------------------------------------------------------------------------------
// From the wall clock back to instants

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
export function fromWallClock(wallClock: number, zone: IANAZone): number {
  // The offsets a day either side bracket any transition near this time (zones change at most once a day).
  const offsetBefore = offsetAt(zone, wallClock - DAY);
  const offsetAfter = offsetAt(zone, wallClock + DAY);
  const readings = [wallClock - offsetBefore, wallClock - offsetAfter].filter(
    (instant) => toWallClock(instant, zone) === wallClock
  );
  if (readings.length > 0) return Math.min(...readings);
  // In the gap: read with the offset from before the jump, which lands the same distance past it.
  return wallClock - offsetBefore;
}

// ---------------------------------------------------------------------------------------------------
// UTC offset changes (DST)

/** First instant in (from, to] whose UTC offset differs from `from`'s (offsets differ at the two ends). */
function firstOffsetChange(zone: IANAZone, from: number, to: number): number {
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

/** Offset changes are months apart in real zones; probing every 6 h cannot miss one. */
const OFFSET_PROBE_STEP = 6 * HOUR;

/** Cuts the window where the zone's UTC offset changes; each piece carries its offset in ms. */
function splitAtOffsetChanges(window: Interval, zone: IANAZone): Array<Interval & { offset: number }> {
  const pieces: Array<Interval & { offset: number }> = [];
  let pieceStart = window.start;
  let probe = window.start;
  while (probe < window.end) {
    const next = Math.min(probe + OFFSET_PROBE_STEP, window.end - 1);
    if (next <= probe) break;
    if (offsetAt(zone, next) !== offsetAt(zone, probe)) {
      const change = firstOffsetChange(zone, probe, next);
      pieces.push({ start: pieceStart, end: change, offset: offsetAt(zone, pieceStart) });
      pieceStart = change;
      probe = change;
    } else {
      probe = next;
    }
  }
  pieces.push({ start: pieceStart, end: window.end, offset: offsetAt(zone, pieceStart) });
  return pieces;
}

// ---------------------------------------------------------------------------------------------------
// The granularity grid (availability)

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

/** Earliest aligned instant >= `instant`. */
export function nextAlignedInstant(instant: number, zone: IANAZone, stepMs: number): number {
  const offset = offsetAt(zone, instant);
  const candidate = ceilWallClock(instant + offset, stepMs) - offset;
  if (offsetAt(zone, candidate) === offset) return candidate;
  // The offset changes before the candidate: no grid point of the old offset is left, so go on from the change.
  return nextAlignedInstant(firstOffsetChange(zone, instant, candidate), zone, stepMs);
}

/** Latest aligned instant <= `instant`. */
export function previousAlignedInstant(instant: number, zone: IANAZone, stepMs: number): number {
  const offset = offsetAt(zone, instant);
  const candidate = floorWallClock(instant + offset, stepMs) - offset;
  if (offsetAt(zone, candidate) === offset) return candidate;
  // The offset changed after the candidate: no grid point of the current offset exists since then.
  return previousAlignedInstant(firstOffsetChange(zone, candidate, instant) - 1, zone, stepMs);
}

// ---------------------------------------------------------------------------------------------------
// Segments of a window (pricing)

/** A piece of a window that lies on one local date and crosses no given wall-clock boundary. */
export interface LocalSegment extends Interval {
  date: string; // venue-local 'YYYY-MM-DD'
  minuteOfDay: number; // venue-local wall clock at `start`, minutes after midnight (may be fractional)
}

/**
 * Splits the window into segments at every local midnight and every wall-clock boundary in
 * `clockMinutes` (minutes after midnight, e.g. rule timeFrom/timeTo), on every local date touched.
 * The window is first cut where the UTC offset changes; inside each constant-offset piece every
 * local midnight and clock boundary maps to one exact instant. A clock time that does not exist that
 * day (DST gap) produces no cut; the segment after the gap starts at the post-gap wall clock, which
 * classifies it correctly.
 */
export function splitIntoLocalSegments(window: Interval, zone: IANAZone, clockMinutes: number[]): LocalSegment[] {
  const cutsInDay = [...new Set([0, ...clockMinutes.map((minutes) => minutes % 1440)])].sort((a, b) => a - b);
  const segments: LocalSegment[] = [];
  for (const piece of splitAtOffsetChanges(window, zone)) {
    const wallClockOf = (instant: number) => instant + piece.offset;
    const cuts: number[] = [];
    const firstDay = Math.floor(wallClockOf(piece.start) / DAY);
    const lastDay = Math.floor(wallClockOf(piece.end) / DAY);
    for (let day = firstDay; day <= lastDay; day += 1) {
      for (const minutes of cutsInDay) {
        const instant = day * DAY + minutes * MINUTE - piece.offset;
        if (instant > piece.start && instant < piece.end) cuts.push(instant);
      }
    }
    const bounds = [piece.start, ...cuts, piece.end];
    for (let i = 0; i + 1 < bounds.length; i += 1) {
      const wallClock = wallClockOf(bounds[i]);
      const day = Math.floor(wallClock / DAY);
      segments.push({
        start: bounds[i],
        end: bounds[i + 1],
        date: isoDate(day),
        minuteOfDay: (wallClock - day * DAY) / MINUTE,
      });
    }
  }
  return segments;
}
