/**
 * Reading an external iCalendar feed (RFC 5545) into the busy intervals it claims, with ical.js for the
 * parsing and the recurrence maths. Pure: the caller passes the text, the venue's zone and the window.
 *
 * - Recurring events (RRULE/RDATE/EXDATE, moved or cancelled occurrences via RECURRENCE-ID) are expanded
 *   within the window; each occurrence gets a stable key `UID#<original start>` so a later sync updates
 *   the same block instead of creating a new one.
 * - All-day events (DTSTART;VALUE=DATE) cover whole venue-local days: from local midnight to local
 *   midnight of DTEND (exclusive), so a DST day is 23 or 25 hours long.
 * - Times with an IANA TZID use the IANA rules; other TZIDs use the feed's own VTIMEZONE; floating times
 *   and unknown zones are read in the venue's zone.
 * - Cancelled events or occurrences (STATUS:CANCELLED) and free time (TRANSP:TRANSPARENT) block nothing.
 */
import crypto from 'node:crypto';
import ICAL from 'ical.js';
import { Info } from 'luxon';
import { fromWallClock, venueZone } from '../local-time';
import type { Interval } from '../time';
import { CalendarError } from './errors';

type IcalComponent = InstanceType<typeof ICAL.Component>;
type IcalEvent = InstanceType<typeof ICAL.Event>;
type IcalTime = InstanceType<typeof ICAL.Time>;

export interface ImportedEvent {
  /** Stable identity within the feed: the UID, plus `#` and the original start for an occurrence of a series. */
  key: string;
  uid: string;
  start: number;
  end: number;
  allDay: boolean;
  summary: string | null;
}

export interface ParseOptions {
  /** The venue's IANA zone: all-day events and floating times are read in it. */
  timezone: string;
  /** Only events overlapping this window are returned. */
  window: Interval;
  /** At most this many events (the rest is dropped and `truncated` set). */
  maxEvents?: number;
  /** At most this many recurrence steps over the whole feed (guards against FREQ=SECONDLY forever). */
  maxIterations?: number;
}

export interface ParseResult {
  events: ImportedEvent[];
  skipped: { cancelled: number; transparent: number; empty: number; invalid: number };
  truncated: boolean;
}

const KEY_LIMIT = 255;

/** Keys longer than the column are hashed (stable, so they still match on the next sync). */
const storableKey = (raw: string): string =>
  raw.length <= KEY_LIMIT ? raw : `sha256:${crypto.createHash('sha256').update(raw).digest('hex')}`;

const isIanaZone = (name: string): boolean => {
  try {
    return /^[A-Za-z]+(?:\/[A-Za-z0-9_+-]+)+$|^UTC$|^Etc\/[A-Za-z0-9+-]+$/.test(name) && Info.normalizeZone(name).isValid;
  } catch {
    return false;
  }
};

/** An IANA name inside a TZID such as `/mozilla.org/20050126_1/Europe/Berlin`, or null. */
const ianaNameIn = (tzid: string | undefined | null): string | null => {
  if (!tzid) return null;
  if (isIanaZone(tzid)) return tzid;
  const tail = /([A-Za-z]+\/[A-Za-z0-9_+-]+(?:\/[A-Za-z0-9_+-]+)?)$/.exec(tzid);
  return tail && isIanaZone(tail[1]) ? tail[1] : null;
};

/** The zone name a time was written in (its resolved VTIMEZONE, or the TZID ical.js could not resolve). */
const zoneNameOf = (time: IcalTime): string | null => {
  const tzid = time.zone?.tzid;
  if (tzid && tzid !== 'floating') return tzid;
  return (time as unknown as { timezone?: string }).timezone ?? null;
};

const wallClockOf = (time: IcalTime): number =>
  Date.UTC(
    time.year,
    time.month - 1,
    time.day,
    time.isDate ? 0 : time.hour,
    time.isDate ? 0 : time.minute,
    time.isDate ? 0 : time.second
  );

/**
 * The instant of an iCalendar time. `reference` supplies the zone when the time itself lost it (ical.js
 * drops the unresolved TZID on computed occurrences).
 */
const instantOf = (time: IcalTime, venueTimezone: string, reference?: IcalTime): number => {
  const wall = wallClockOf(time);
  if (time.isDate) return fromWallClock(wall, venueZone(venueTimezone));
  const name = zoneNameOf(time) ?? (reference ? zoneNameOf(reference) : null);
  if (name === 'UTC' || name === 'Z') return wall;
  const iana = ianaNameIn(name);
  if (iana) return fromWallClock(wall, venueZone(iana));
  const zone = time.zone ?? reference?.zone;
  if (zone && zone.tzid !== 'floating' && zone.component) return wall - zone.utcOffset(time) * 1000;
  return fromWallClock(wall, venueZone(venueTimezone));
};

const propertyText = (component: IcalComponent, name: string): string | null => {
  const value = component.getFirstPropertyValue(name);
  return typeof value === 'string' ? value : null;
};

const isCancelled = (component: IcalComponent) => propertyText(component, 'status')?.toUpperCase() === 'CANCELLED';
const isTransparent = (component: IcalComponent) => propertyText(component, 'transp')?.toUpperCase() === 'TRANSPARENT';

/** Parses the text into its root VCALENDAR component; anything else is `unparseable`. */
const parseRoot = (text: string): IcalComponent => {
  if (!/BEGIN:VCALENDAR/i.test(text))
    throw new CalendarError('unparseable', 'The feed is not an iCalendar document (no BEGIN:VCALENDAR)');
  let jcal: unknown;
  try {
    jcal = ICAL.parse(text);
  } catch (error) {
    throw new CalendarError('unparseable', `The feed is not valid iCalendar: ${(error as Error).message}`.slice(0, 300));
  }
  // Several concatenated VCALENDARs parse to an array of them: read the first.
  const first = Array.isArray(jcal) && Array.isArray(jcal[0]) ? jcal[0] : jcal;
  const root = new ICAL.Component(first as never);
  if (root.name !== 'vcalendar') throw new CalendarError('unparseable', 'The feed is not an iCalendar document');
  return root;
};

export function parseCalendar(text: string, options: ParseOptions): ParseResult {
  venueZone(options.timezone); // RangeError early for a bad venue zone
  const maxEvents = options.maxEvents ?? 5000;
  let iterationsLeft = options.maxIterations ?? 200_000;
  const { window } = options;
  const root = parseRoot(text);

  const result: ParseResult = { events: [], skipped: { cancelled: 0, transparent: 0, empty: 0, invalid: 0 }, truncated: false };
  const seen = new Set<string>();

  const add = (uid: string, rawKey: string, start: number, end: number, allDay: boolean, summary: string | null) => {
    if (!(end > start)) {
      result.skipped.empty += 1;
      return;
    }
    if (end <= window.start || start >= window.end) return;
    const key = storableKey(rawKey);
    if (seen.has(key)) return;
    if (result.events.length >= maxEvents) {
      result.truncated = true;
      return;
    }
    seen.add(key);
    result.events.push({ key, uid, start, end, allDay, summary: summary?.trim() ? summary.trim() : null });
  };

  /** The id of an occurrence: its original start as an instant (or a date for all-day series). */
  const recurrenceKey = (recurrenceId: IcalTime, reference: IcalTime): string =>
    recurrenceId.isDate ? recurrenceId.toString() : new Date(instantOf(recurrenceId, options.timezone, reference)).toISOString();

  const single = (event: IcalEvent, uid: string, rawKey: string) => {
    if (isCancelled(event.component)) return void (result.skipped.cancelled += 1);
    if (isTransparent(event.component)) return void (result.skipped.transparent += 1);
    const startTime = event.startDate;
    if (!startTime) return void (result.skipped.empty += 1);
    const start = instantOf(startTime, options.timezone);
    const end = instantOf(event.endDate, options.timezone, startTime);
    add(uid, rawKey, start, end, startTime.isDate, event.summary ?? null);
  };

  const series = (master: IcalEvent, exceptions: IcalComponent[], uid: string) => {
    if (isCancelled(master.component)) return void (result.skipped.cancelled += 1);
    for (const exception of exceptions) master.relateException(exception);
    const reference = master.startDate;
    const iterator = master.iterator();
    for (let next = iterator.next(); next; next = iterator.next()) {
      if (iterationsLeft-- <= 0) {
        result.truncated = true;
        return;
      }
      if (instantOf(next, options.timezone, reference) >= window.end) return;
      const details = master.getOccurrenceDetails(next);
      const item = details.item;
      if (isCancelled(item.component)) {
        result.skipped.cancelled += 1;
        continue;
      }
      if (isTransparent(item.component)) {
        result.skipped.transparent += 1;
        continue;
      }
      const itemStart = item.startDate ?? reference;
      const start = instantOf(details.startDate, options.timezone, itemStart);
      const end = instantOf(details.endDate, options.timezone, itemStart);
      add(
        uid,
        `${uid}#${recurrenceKey(details.recurrenceId, reference)}`,
        start,
        end,
        details.startDate.isDate,
        item.summary ?? null
      );
      if (result.truncated) return;
    }
  };

  // Group the VEVENTs of each UID: the master (no RECURRENCE-ID) and its overridden occurrences.
  const byUid = new Map<string, { master: IcalComponent | null; exceptions: IcalComponent[] }>();
  for (const component of root.getAllSubcomponents('vevent')) {
    let uid = propertyText(component, 'uid');
    if (!uid) {
      // No UID (not RFC-conformant, but seen): identify the event by its content so re-syncs match it.
      uid = `nouid:${crypto.createHash('sha256').update(component.toString()).digest('hex').slice(0, 32)}`;
    }
    const group = byUid.get(uid) ?? { master: null, exceptions: [] };
    if (component.hasProperty('recurrence-id')) group.exceptions.push(component);
    else if (!group.master) group.master = component;
    byUid.set(uid, group);
  }

  for (const [uid, group] of byUid) {
    if (result.truncated) break;
    try {
      if (group.master) {
        const master = new ICAL.Event(group.master);
        if (master.isRecurring()) series(master, group.exceptions, uid);
        else single(master, uid, uid);
      } else {
        // Overridden occurrences without their series in the feed: each stands alone.
        for (const exception of group.exceptions) {
          const event = new ICAL.Event(exception);
          single(event, uid, `${uid}#${recurrenceKey(event.recurrenceId, event.startDate)}`);
        }
      }
    } catch (error) {
      if (error instanceof CalendarError) throw error;
      // One malformed event (bad date, bad rule) does not sink the feed; it is counted, not hidden.
      result.skipped.invalid += 1;
    }
  }

  result.events.sort((a, b) => a.start - b.start || a.key.localeCompare(b.key));
  return result;
}
