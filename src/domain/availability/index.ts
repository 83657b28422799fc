/**
 * Availability maths of a venue: opening time, the granularity grid, buffers, validation of a requested
 * booking window and the free/busy view. Pure functions; the caller passes `now` (no clock reads) and the
 * venue's occupancy. Wall-clock rules are read in the venue's zone, so DST days neither create nor lose
 * bookable time: a range is as long as the clock on the venue's wall says, in real elapsed time.
 */
import type { IANAZone } from 'luxon';
import {
  venueZone,
  fromWallClock,
  isWallClockAligned,
  isoDate,
  isoWeekday,
  localDay,
  nextAlignedInstant,
  previousAlignedInstant,
  toWallClock,
} from '../local-time';
import {
  DAY,
  HOUR,
  MINUTE,
  WEEKDAY_NUMBER,
  clipIntervals,
  mergeIntervals,
  overlaps,
  parseClock,
  subtractIntervals,
  type DateOverride,
  type Interval,
  type WeeklyRange,
} from '../time';

export { fromWallClock, venueZone } from '../local-time';

export interface VenueRules {
  timezone: string;
  weeklyHours: WeeklyRange[];
  dateOverrides: DateOverride[];
  bufferMinutes: number;
  minHours: number;
  maxHours: number | null;
  noticeHours: number;
  capacity: number;
}

export interface Occupancy {
  bookings: Interval[];
  blocked: Interval[];
}

export interface AvailabilityOptions {
  now: number;
  granularityMinutes: number;
}

export type BusyKind = 'booking' | 'blocked' | 'closed';
export interface BusyInterval extends Interval {
  kind: BusyKind;
}

export type WindowReason =
  'IN_PAST' | 'NOTICE' | 'GRANULARITY' | 'TOO_SHORT' | 'TOO_LONG' | 'CAPACITY' | 'OUTSIDE_HOURS' | 'BLOCKED';

// ---------------------------------------------------------------------------------------------------
// Opening hours

/** An opening range in minutes after local midnight of the date it opens on. */
interface ClockRange {
  opens: number;
  closes: number;
}

const toClockRange = (opens: string, closes: string): ClockRange => ({
  opens: parseClock(opens),
  closes: parseClock(closes),
});

/** Overrides by local date; with duplicates the last one wins. */
const overridesByDate = (overrides: DateOverride[]): Map<string, DateOverride> =>
  new Map(overrides.map((override) => [override.date, override]));

function overrideRanges(override: DateOverride): ClockRange[] {
  if (override.closed) return [];
  if (!override.opens || !override.closes) {
    throw new RangeError(`date override ${override.date} is open but lacks opens/closes`);
  }
  return [toClockRange(override.opens, override.closes)];
}

/** The ranges that open on one local date: its override if there is one, else its weekday's ranges. */
function rangesOpeningOn(day: number, weeklyHours: WeeklyRange[], overrides: Map<string, DateOverride>): ClockRange[] {
  const override = overrides.get(isoDate(day));
  if (override) return overrideRanges(override);
  const weekday = isoWeekday(day);
  return weeklyHours
    .filter((range) => WEEKDAY_NUMBER[range.weekday] === weekday)
    .map((range) => toClockRange(range.opens, range.closes));
}

/** A range on a local date in real time; closes <= opens means it closes on the next date. */
function rangeToInterval(day: number, range: ClockRange, zone: IANAZone): Interval {
  const closes = range.closes <= range.opens ? range.closes + 24 * 60 : range.closes;
  return {
    start: fromWallClock(day * DAY + range.opens * MINUTE, zone),
    end: fromWallClock(day * DAY + closes * MINUTE, zone),
  };
}

function openingIn(rules: VenueRules, zone: IANAZone, window: Interval): Interval[] {
  if (window.end <= window.start) return [];
  const overrides = overridesByDate(rules.dateOverrides);
  // A range closes by the second midnight after its date at the latest ("24:00"–"24:00"), so only the
  // date before the window's first local date can still reach into the window.
  const firstDay = localDay(window.start, zone) - 1;
  const lastDay = localDay(window.end, zone);
  const ranges: Interval[] = [];
  for (let day = firstDay; day <= lastDay; day += 1) {
    for (const range of rangesOpeningOn(day, rules.weeklyHours, overrides)) ranges.push(rangeToInterval(day, range, zone));
  }
  // Merge before clipping so that ranges touching across midnight count as one opening.
  return clipIntervals(mergeIntervals(ranges), window);
}

/** Merged opening time of the venue within `window`. Throws RangeError for an invalid zone or clock value. */
export function openingIntervals(rules: VenueRules, window: Interval): Interval[] {
  return openingIn(rules, venueZone(rules.timezone), window);
}

// ---------------------------------------------------------------------------------------------------
// Granularity grid

function granularityMs(granularityMinutes: number): number {
  if (!Number.isInteger(granularityMinutes) || granularityMinutes <= 0) {
    throw new RangeError(`granularity must be a positive whole number of minutes, got ${granularityMinutes}`);
  }
  return granularityMinutes * MINUTE;
}

const isAlignedIn = (instant: number, zone: IANAZone, stepMs: number): boolean =>
  isWallClockAligned(toWallClock(instant, zone), stepMs);

/** Is the instant on the venue-local granularity grid (minutes since local midnight % granularity === 0)? */
export function isAligned(instant: number, timezone: string, granularityMinutes: number): boolean {
  return isAlignedIn(instant, venueZone(timezone), granularityMs(granularityMinutes));
}

/** Earliest instant >= `instant` on the venue-local grid. */
export function ceilToGrid(instant: number, timezone: string, granularityMinutes: number): number {
  return nextAlignedInstant(instant, venueZone(timezone), granularityMs(granularityMinutes));
}

/** Latest instant <= `instant` on the venue-local grid. */
export function floorToGrid(instant: number, timezone: string, granularityMinutes: number): number {
  return previousAlignedInstant(instant, venueZone(timezone), granularityMs(granularityMinutes));
}

// ---------------------------------------------------------------------------------------------------
// Bookings and buffers

/** What a booking blocks for others: its own time plus the buffer on both sides. */
export function bufferedInterval(booking: Interval, bufferMinutes: number): Interval {
  const buffer = bufferMinutes * MINUTE;
  return { start: booking.start - buffer, end: booking.end + buffer };
}

/** Only the existing bookings are buffered: buffering both sides would demand twice the buffer. */
export function conflictsWithBookings(request: Interval, bookings: Interval[], bufferMinutes: number): boolean {
  return bookings.some((booking) => overlaps(request, bufferedInterval(booking, bufferMinutes)));
}

/** A booking may not start before this: neither before the window, nor in the past, nor inside the notice period. */
export function earliestBookableStart(rules: VenueRules, window: Interval, now: number): number {
  return Math.max(window.start, now, now + rules.noticeHours * HOUR);
}

// ---------------------------------------------------------------------------------------------------
// Validation of one requested window

const isValidPartySize = (guests: number, capacity: number): boolean =>
  Number.isInteger(guests) && guests >= 1 && guests <= capacity;

/** Does one merged opening interval contain the whole request? */
const isWithinOneOpening = (rules: VenueRules, zone: IANAZone, request: Interval): boolean => {
  const opening = openingIn(rules, zone, request);
  return opening.length === 1 && opening[0].start === request.start && opening[0].end === request.end;
};

/**
 * First reason the request cannot be booked, or null; conflicts with other bookings are checked
 * separately (conflictsWithBookings). Durations are real elapsed time, so DST days count 23 or 25 hours.
 */
export function checkWindow(
  rules: VenueRules,
  blocked: Interval[],
  request: Interval & { guests: number },
  options: AvailabilityOptions
): WindowReason | null {
  const zone = venueZone(rules.timezone);
  const stepMs = granularityMs(options.granularityMinutes);
  const duration = request.end - request.start;

  if (request.start < options.now) return 'IN_PAST';
  if (request.start < options.now + rules.noticeHours * HOUR) return 'NOTICE';
  if (!isAlignedIn(request.start, zone, stepMs) || !isAlignedIn(request.end, zone, stepMs)) return 'GRANULARITY';
  if (duration <= 0 || duration < rules.minHours * HOUR) return 'TOO_SHORT';
  if (rules.maxHours !== null && duration > rules.maxHours * HOUR) return 'TOO_LONG';
  if (!isValidPartySize(request.guests, rules.capacity)) return 'CAPACITY';
  if (!isWithinOneOpening(rules, zone, request)) return 'OUTSIDE_HOURS';
  if (blocked.some((period) => overlaps(period, request))) return 'BLOCKED';
  return null;
}

// ---------------------------------------------------------------------------------------------------
// Free / busy

const KIND_ORDER: Record<BusyKind, number> = { closed: 0, booking: 1, blocked: 2 };

const byStartThenEndThenKind = (a: BusyInterval, b: BusyInterval): number =>
  a.start - b.start || a.end - b.end || KIND_ORDER[a.kind] - KIND_ORDER[b.kind];

const withKind = (intervals: Interval[], kind: BusyKind): BusyInterval[] =>
  intervals.map(({ start, end }) => ({ start, end, kind }));

/** Shrinks each interval onto the grid and keeps those that still hold a minimum-length booking. */
function bookableOnGrid(intervals: Interval[], zone: IANAZone, stepMs: number, minMs: number): Interval[] {
  return intervals
    .map(({ start, end }) => ({
      start: nextAlignedInstant(start, zone, stepMs),
      end: previousAlignedInstant(end, zone, stepMs),
    }))
    .filter(({ start, end }) => end > start && end - start >= minMs);
}

/**
 * Free/busy of the venue within `window`. Busy kinds are each merged and may overlap one another;
 * every free interval can hold a minimum-length booking placed on the grid, starting no earlier than
 * now + notice and clear of buffered bookings and blocked periods.
 */
export function availability(
  rules: VenueRules,
  occupancy: Occupancy,
  window: Interval,
  options: AvailabilityOptions
): { free: Interval[]; busy: BusyInterval[] } {
  const zone = venueZone(rules.timezone);
  const stepMs = granularityMs(options.granularityMinutes);
  const opening = openingIn(rules, zone, window);
  const buffered = occupancy.bookings.map((booking) => bufferedInterval(booking, rules.bufferMinutes));

  const busy = [
    ...withKind(subtractIntervals(window.end > window.start ? [window] : [], opening), 'closed'),
    ...withKind(mergeIntervals(clipIntervals(buffered, window)), 'booking'),
    ...withKind(mergeIntervals(clipIntervals(occupancy.blocked, window)), 'blocked'),
  ].sort(byStartThenEndThenKind);

  const open = subtractIntervals(opening, [...buffered, ...occupancy.blocked]);
  const bookableFrom = { start: earliestBookableStart(rules, window, options.now), end: window.end };
  const free = bookableOnGrid(clipIntervals(open, bookableFrom), zone, stepMs, rules.minHours * HOUR);

  return { free, busy };
}
