import { DateTime, IANAZone } from 'luxon';
import { HOUR, MINUTE, type Interval } from '../time';

/**
 * Venue-local calendar arithmetic for pricing. The window is first cut where the zone's UTC offset
 * changes (DST); inside each constant-offset piece wall-clock time is instant + offset, so every
 * local midnight and rule clock boundary maps to one exact instant and segment lengths are real
 * elapsed time (a Berlin 01:00–04:00 booking is 2 h on spring-forward day, 4 h on fall-back day).
 */

export const DAY = 24 * HOUR;

/** A piece of the booking that lies on one local date and crosses no pricing boundary. */
export interface LocalSegment extends Interval {
  date: string; // venue-local 'YYYY-MM-DD'
  minuteOfDay: number; // venue-local wall clock at `start`, minutes after midnight (may be fractional)
}

/** Offset changes are months apart in real zones; probing every 6 h cannot miss one. */
const OFFSET_PROBE_STEP = 6 * HOUR;

export const assertTimezone = (timezone: string): IANAZone => {
  if (typeof timezone !== 'string' || !IANAZone.isValidZone(timezone)) {
    throw new RangeError(`invalid IANA timezone "${timezone}"`);
  }
  return IANAZone.create(timezone);
};

/** Epoch-day number (days since 1970-01-01) → 'YYYY-MM-DD'. */
const dateOfEpochDay = (epochDay: number): string =>
  DateTime.fromMillis(epochDay * DAY, { zone: 'utc' }).toFormat('yyyy-MM-dd');

/** ISO weekday (1 = Monday … 7 = Sunday) of a 'YYYY-MM-DD' date. */
export const weekdayOf = (date: string): number => DateTime.fromISO(date, { zone: 'utc' }).weekday;

export const previousDate = (date: string): string =>
  DateTime.fromISO(date, { zone: 'utc' }).minus({ days: 1 }).toFormat('yyyy-MM-dd');

/** Venue-local date of an instant. */
export const localDateOf = (instant: number, zone: IANAZone): string =>
  dateOfEpochDay(Math.floor((instant + zone.offset(instant) * MINUTE) / DAY));

/** First instant in (before, after] whose offset differs from before's (offset(after) must differ). */
const findOffsetChange = (zone: IANAZone, before: number, after: number): number => {
  const offsetBefore = zone.offset(before);
  let low = before;
  let high = after;
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (zone.offset(middle) === offsetBefore) low = middle;
    else high = middle;
  }
  return high;
};

/** Cuts the window where the zone's UTC offset changes; each piece carries its offset in minutes. */
const splitAtOffsetChanges = (window: Interval, zone: IANAZone): Array<Interval & { offset: number }> => {
  const pieces: Array<Interval & { offset: number }> = [];
  let pieceStart = window.start;
  let probe = window.start;
  while (probe < window.end) {
    const next = Math.min(probe + OFFSET_PROBE_STEP, window.end - 1);
    if (next <= probe) break;
    if (zone.offset(next) !== zone.offset(probe)) {
      const change = findOffsetChange(zone, probe, next);
      pieces.push({ start: pieceStart, end: change, offset: zone.offset(pieceStart) });
      pieceStart = change;
      probe = change;
    } else {
      probe = next;
    }
  }
  pieces.push({ start: pieceStart, end: window.end, offset: zone.offset(pieceStart) });
  return pieces;
};

/**
 * Splits the window into segments at every local midnight and every wall-clock boundary in
 * `clockMinutes` (minutes after midnight, e.g. rule timeFrom/timeTo), on every local date touched.
 * A clock time that does not exist that day (DST gap) produces no cut; the segment after the gap
 * starts at the post-gap wall clock, which classifies it correctly.
 */
export const splitIntoLocalSegments = (window: Interval, zone: IANAZone, clockMinutes: number[]): LocalSegment[] => {
  const cutsInDay = [...new Set([0, ...clockMinutes.map((minutes) => minutes % 1440)])].sort((a, b) => a - b);
  const segments: LocalSegment[] = [];
  for (const piece of splitAtOffsetChanges(window, zone)) {
    const offsetMs = piece.offset * MINUTE;
    const toLocal = (instant: number) => instant + offsetMs;
    const cuts: number[] = [];
    const firstDay = Math.floor(toLocal(piece.start) / DAY);
    const lastDay = Math.floor(toLocal(piece.end) / DAY);
    for (let day = firstDay; day <= lastDay; day += 1) {
      for (const minutes of cutsInDay) {
        const instant = day * DAY + minutes * MINUTE - offsetMs;
        if (instant > piece.start && instant < piece.end) cuts.push(instant);
      }
    }
    const bounds = [piece.start, ...cuts, piece.end];
    for (let i = 0; i + 1 < bounds.length; i += 1) {
      const local = toLocal(bounds[i]);
      const epochDay = Math.floor(local / DAY);
      segments.push({
        start: bounds[i],
        end: bounds[i + 1],
        date: dateOfEpochDay(epochDay),
        minuteOfDay: (local - epochDay * DAY) / MINUTE,
      });
    }
  }
  return segments;
};
