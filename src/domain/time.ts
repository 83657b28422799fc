/**
 * Shared time vocabulary of the domain modules. Instants are epoch milliseconds (UTC), intervals are
 * half-open [start, end). Venue rules (hours, dates, rate windows) are venue-local wall-clock values
 * interpreted in the venue's IANA zone with luxon, so DST days come out right.
 */
export interface Interval {
  start: number;
  end: number;
}

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

/** luxon / ISO weekday number (1 = Monday … 7 = Sunday) of each weekday name. */
export const WEEKDAY_NUMBER: Record<Weekday, number> = { mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6, sun: 7 };
export const WEEKDAYS: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** One opening range on a weekday: "HH:mm" to "HH:mm" (or "24:00"); closes <= opens runs past midnight. */
export interface WeeklyRange {
  weekday: Weekday;
  opens: string;
  closes: string;
}

/** Replaces the weekly hours of one venue-local date: closed all day, or open opens–closes. */
export interface DateOverride {
  date: string; // YYYY-MM-DD, venue-local
  closed: boolean;
  opens?: string | null;
  closes?: string | null;
}

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** "HH:mm" → minutes after midnight ("24:00" → 1440). Throws on anything else. */
export const parseClock = (value: string): number => {
  const match = /^(\d{2}):(\d{2})$/.exec(value);
  if (!match) throw new RangeError(`invalid clock time "${value}"`);
  const minutes = Number(match[1]) * 60 + Number(match[2]);
  if (Number(match[2]) > 59 || minutes > 1440) throw new RangeError(`invalid clock time "${value}"`);
  return minutes;
};

export const overlaps = (a: Interval, b: Interval): boolean => a.start < b.end && b.start < a.end;

/** Sorts and merges overlapping or touching intervals. */
export const mergeIntervals = (intervals: Interval[]): Interval[] => {
  const sorted = intervals.filter((i) => i.end > i.start).sort((a, b) => a.start - b.start);
  const merged: Interval[] = [];
  for (const interval of sorted) {
    const last = merged[merged.length - 1];
    if (last && interval.start <= last.end) last.end = Math.max(last.end, interval.end);
    else merged.push({ ...interval });
  }
  return merged;
};

/** `from` minus every interval of `holes` (holes need not be merged). */
export const subtractIntervals = (from: Interval[], holes: Interval[]): Interval[] => {
  const cuts = mergeIntervals(holes);
  const result: Interval[] = [];
  for (const piece of mergeIntervals(from)) {
    let cursor = piece.start;
    for (const cut of cuts) {
      if (cut.end <= cursor || cut.start >= piece.end) continue;
      if (cut.start > cursor) result.push({ start: cursor, end: cut.start });
      cursor = Math.max(cursor, cut.end);
      if (cursor >= piece.end) break;
    }
    if (cursor < piece.end) result.push({ start: cursor, end: piece.end });
  }
  return result;
};

export const clipIntervals = (intervals: Interval[], window: Interval): Interval[] =>
  intervals
    .map((i) => ({ start: Math.max(i.start, window.start), end: Math.min(i.end, window.end) }))
    .filter((i) => i.end > i.start);
