import { Settings } from 'luxon';
import {
  availability,
  bufferedInterval,
  ceilToGrid,
  checkWindow,
  conflictsWithBookings,
  floorToGrid,
  isAligned,
  openingIntervals,
  type AvailabilityOptions,
  type VenueRules,
} from '../../src/domain/availability';
import type { Interval, WeeklyRange } from '../../src/domain/time';

const t = (iso: string) => Date.parse(iso);
const iv = (start: string, end: string): Interval => ({ start: t(start), end: t(end) });
/** Intervals as UTC ISO pairs, so failures read as times rather than epoch numbers. */
const isoPairs = (intervals: Interval[]) =>
  intervals.map((i) => [new Date(i.start).toISOString(), new Date(i.end).toISOString()]);
const hoursOf = (intervals: Interval[]) => intervals.reduce((sum, i) => sum + (i.end - i.start), 0) / 3_600_000;

const EVERY_DAY = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const daily = (opens: string, closes: string): WeeklyRange[] => EVERY_DAY.map((weekday) => ({ weekday, opens, closes }));

const venue = (overrides: Partial<VenueRules> = {}): VenueRules => ({
  timezone: 'Europe/Berlin',
  weeklyHours: [],
  dateOverrides: [],
  bufferMinutes: 0,
  minHours: 1,
  maxHours: null,
  noticeHours: 0,
  capacity: 50,
  ...overrides,
});

// Calendar used below (2026): Mon 06-01, Fri 06-05, Sat 06-06, Sun 06-07.
// DST: Berlin 03-29 (02:00 CET → 03:00 CEST) and 10-25 (03:00 CEST → 02:00 CET);
//      New York 03-08 (02:00 EST → 03:00 EDT) and 11-01 (02:00 EDT → 01:00 EST).
const LONG_AGO = t('2026-01-01T00:00:00Z');

describe('openingIntervals', () => {
  const monday = iv('2026-06-01T00:00+02:00', '2026-06-02T00:00+02:00');

  it('returns several ranges of one day, converted from Berlin summer time', () => {
    const rules = venue({
      weeklyHours: [
        { weekday: 'mon', opens: '09:00', closes: '12:00' },
        { weekday: 'mon', opens: '14:00', closes: '18:00' },
      ],
    });
    expect(openingIntervals(rules, monday)).toEqual([
      iv('2026-06-01T09:00+02:00', '2026-06-01T12:00+02:00'),
      iv('2026-06-01T14:00+02:00', '2026-06-01T18:00+02:00'),
    ]);
  });

  it('merges overlapping ranges of one day', () => {
    const rules = venue({
      weeklyHours: [
        { weekday: 'mon', opens: '09:00', closes: '13:00' },
        { weekday: 'mon', opens: '12:00', closes: '15:00' },
      ],
    });
    expect(isoPairs(openingIntervals(rules, monday))).toEqual([['2026-06-01T07:00:00.000Z', '2026-06-01T13:00:00.000Z']]);
  });

  it('clips to the window', () => {
    const rules = venue({ weeklyHours: [{ weekday: 'mon', opens: '09:00', closes: '18:00' }] });
    expect(openingIntervals(rules, iv('2026-06-01T10:30+02:00', '2026-06-01T12:00+02:00'))).toEqual([
      iv('2026-06-01T10:30+02:00', '2026-06-01T12:00+02:00'),
    ]);
    expect(openingIntervals(rules, iv('2026-06-01T19:00+02:00', '2026-06-01T19:00+02:00'))).toEqual([]);
  });

  describe('overnight ranges', () => {
    const thursdayNight = { weekday: 'thu', opens: '18:00', closes: '04:00' } as const;
    const friday = iv('2026-06-05T00:00+02:00', '2026-06-06T00:00+02:00');

    it('carries a Thursday 18:00–04:00 range into Friday 00:00–04:00 (looks at the day before the window)', () => {
      const rules = venue({ weeklyHours: [thursdayNight] });
      expect(openingIntervals(rules, friday)).toEqual([iv('2026-06-05T00:00+02:00', '2026-06-05T04:00+02:00')]);
      expect(openingIntervals(rules, iv('2026-06-04T00:00+02:00', '2026-06-06T00:00+02:00'))).toEqual([
        iv('2026-06-04T18:00+02:00', '2026-06-05T04:00+02:00'),
      ]);
    });

    it('keeps the carried-over part when Friday itself is closed by an override', () => {
      const rules = venue({
        weeklyHours: [thursdayNight, { weekday: 'fri', opens: '18:00', closes: '23:00' }],
        dateOverrides: [{ date: '2026-06-05', closed: true }],
      });
      expect(openingIntervals(rules, friday)).toEqual([iv('2026-06-05T00:00+02:00', '2026-06-05T04:00+02:00')]);
    });

    it('merges ranges touching across midnight into one (Sat 10:00–24:00 + Sun 00:00–02:00)', () => {
      const rules = venue({
        weeklyHours: [
          { weekday: 'sat', opens: '10:00', closes: '24:00' },
          { weekday: 'sun', opens: '00:00', closes: '02:00' },
        ],
      });
      expect(openingIntervals(rules, iv('2026-06-06T00:00+02:00', '2026-06-08T00:00+02:00'))).toEqual([
        iv('2026-06-06T10:00+02:00', '2026-06-07T02:00+02:00'),
      ]);
    });

    it('treats closes === opens as a full 24 h', () => {
      const rules = venue({ weeklyHours: [{ weekday: 'mon', opens: '06:00', closes: '06:00' }] });
      expect(openingIntervals(rules, iv('2026-06-01T00:00+02:00', '2026-06-03T00:00+02:00'))).toEqual([
        iv('2026-06-01T06:00+02:00', '2026-06-02T06:00+02:00'),
      ]);
    });
  });

  describe('date overrides', () => {
    const weekly = [
      { weekday: 'mon', opens: '09:00', closes: '12:00' },
      { weekday: 'mon', opens: '14:00', closes: '18:00' },
    ] as const;

    it('closes a whole date', () => {
      const rules = venue({ weeklyHours: [...weekly], dateOverrides: [{ date: '2026-06-01', closed: true }] });
      expect(openingIntervals(rules, monday)).toEqual([]);
      // The next Monday keeps its weekly hours.
      expect(hoursOf(openingIntervals(rules, iv('2026-06-08T00:00+02:00', '2026-06-09T00:00+02:00')))).toBe(7);
    });

    it('replaces all of a date’s weekly ranges with special hours', () => {
      const rules = venue({
        weeklyHours: [...weekly],
        dateOverrides: [{ date: '2026-06-01', closed: false, opens: '11:00', closes: '15:30' }],
      });
      expect(openingIntervals(rules, monday)).toEqual([iv('2026-06-01T11:00+02:00', '2026-06-01T15:30+02:00')]);
    });

    it('opens a normally closed date, past midnight', () => {
      const rules = venue({ dateOverrides: [{ date: '2026-06-06', closed: false, opens: '20:00', closes: '03:00' }] });
      expect(openingIntervals(rules, iv('2026-06-06T00:00+02:00', '2026-06-08T00:00+02:00'))).toEqual([
        iv('2026-06-06T20:00+02:00', '2026-06-07T03:00+02:00'),
      ]);
    });

    it('rejects an open override without hours', () => {
      const rules = venue({ dateOverrides: [{ date: '2026-06-01', closed: false, opens: null, closes: null }] });
      expect(() => openingIntervals(rules, monday)).toThrow(RangeError);
    });
  });

  it('converts a half-hour zone: Asia/Kolkata 09:30–11:00 is 04:00Z–05:30Z', () => {
    const rules = venue({ timezone: 'Asia/Kolkata', weeklyHours: [{ weekday: 'mon', opens: '09:30', closes: '11:00' }] });
    expect(isoPairs(openingIntervals(rules, iv('2026-06-01T00:00+05:30', '2026-06-02T00:00+05:30')))).toEqual([
      ['2026-06-01T04:00:00.000Z', '2026-06-01T05:30:00.000Z'],
    ]);
  });

  it('throws RangeError for an invalid timezone', () => {
    expect(() => openingIntervals(venue({ timezone: 'Mars/Olympus_Mons' }), monday)).toThrow(RangeError);
  });

  // One validator for availability and pricing (src/domain/local-time.ts): IANA names only.
  it.each(['UTC', 'Etc/GMT-2', 'europe/berlin'])('accepts the IANA zone %s', (timezone) => {
    const rules = venue({ timezone, weeklyHours: [{ weekday: 'mon', opens: '09:00', closes: '12:00' }] });
    expect(openingIntervals(rules, iv('2026-05-31T00:00Z', '2026-06-03T00:00Z'))).toHaveLength(1);
  });

  it.each(['UTC+3', 'system', 'local', ''])('throws RangeError for the non-IANA zone %j', (timezone) => {
    expect(() => openingIntervals(venue({ timezone }), monday)).toThrow(RangeError);
  });
});

describe('DST', () => {
  /** Noon UTC the day before to noon UTC the day after: all of the local date, nothing of the neighbouring Sundays. */
  const aroundDate = (date: string): Interval => ({
    start: t(`${date}T00:00:00Z`) - 12 * 3_600_000,
    end: t(`${date}T00:00:00Z`) + 36 * 3_600_000,
  });
  const onDate = (timezone: string, date: string, opens: string, closes: string) =>
    openingIntervals(venue({ timezone, dateOverrides: [{ date, closed: false, opens, closes }] }), aroundDate(date));
  const sundays = (timezone: string, date: string, opens: string, closes: string) =>
    openingIntervals(venue({ timezone, weeklyHours: [{ weekday: 'sun', opens, closes }] }), aroundDate(date));

  describe('Europe/Berlin', () => {
    it('spring-forward day 2026-03-29: 00:00–24:00 is 23 real hours', () => {
      const opening = onDate('Europe/Berlin', '2026-03-29', '00:00', '24:00');
      expect(isoPairs(opening)).toEqual([['2026-03-28T23:00:00.000Z', '2026-03-29T22:00:00.000Z']]);
      expect(hoursOf(opening)).toBe(23);
    });

    it('fall-back day 2026-10-25: 00:00–24:00 is 25 real hours', () => {
      const opening = onDate('Europe/Berlin', '2026-10-25', '00:00', '24:00');
      expect(isoPairs(opening)).toEqual([['2026-10-24T22:00:00.000Z', '2026-10-25T23:00:00.000Z']]);
      expect(hoursOf(opening)).toBe(25);
    });

    it('01:00–04:00 is 2 h on spring-forward day and 4 h on fall-back day', () => {
      expect(isoPairs(onDate('Europe/Berlin', '2026-03-29', '01:00', '04:00'))).toEqual([
        ['2026-03-29T00:00:00.000Z', '2026-03-29T02:00:00.000Z'],
      ]);
      expect(isoPairs(onDate('Europe/Berlin', '2026-10-25', '01:00', '04:00'))).toEqual([
        ['2026-10-24T23:00:00.000Z', '2026-10-25T03:00:00.000Z'],
      ]);
    });

    it('weekly 09:00–17:00 stays 8 h on both days', () => {
      expect(isoPairs(sundays('Europe/Berlin', '2026-03-29', '09:00', '17:00'))).toEqual([
        ['2026-03-29T07:00:00.000Z', '2026-03-29T15:00:00.000Z'],
      ]);
      expect(isoPairs(sundays('Europe/Berlin', '2026-10-25', '09:00', '17:00'))).toEqual([
        ['2026-10-25T08:00:00.000Z', '2026-10-25T16:00:00.000Z'],
      ]);
    });

    it('maps a non-existent time forward: 02:30 on 2026-03-29 opens at 03:30 CEST', () => {
      expect(isoPairs(onDate('Europe/Berlin', '2026-03-29', '02:30', '05:00'))).toEqual([
        ['2026-03-29T01:30:00.000Z', '2026-03-29T03:00:00.000Z'],
      ]);
    });

    it('maps an ambiguous time to its first occurrence: 02:30 on 2026-10-25 is 02:30 CEST', () => {
      expect(isoPairs(onDate('Europe/Berlin', '2026-10-25', '02:30', '03:00'))).toEqual([
        ['2026-10-25T00:30:00.000Z', '2026-10-25T02:00:00.000Z'],
      ]);
    });

    it('resolves the ambiguous time the same whatever the real clock says (luxon’s fromObject would not)', () => {
      const realNow = Settings.now;
      try {
        for (const clock of ['2026-01-15T12:00:00Z', '2026-07-15T12:00:00Z']) {
          Settings.now = () => t(clock);
          expect(isoPairs(onDate('Europe/Berlin', '2026-10-25', '02:30', '03:00'))).toEqual([
            ['2026-10-25T00:30:00.000Z', '2026-10-25T02:00:00.000Z'],
          ]);
        }
      } finally {
        Settings.now = realNow;
      }
    });

    it('a booking 01:30–03:30 local on spring-forward day lasts 1 real hour', () => {
      const rules = venue({ weeklyHours: [{ weekday: 'sun', opens: '00:00', closes: '24:00' }], minHours: 1 });
      const options = { now: LONG_AGO, granularityMinutes: 30 };
      const request = { ...iv('2026-03-29T01:30+01:00', '2026-03-29T03:30+02:00'), guests: 10 };
      expect(request.end - request.start).toBe(3_600_000);
      expect(checkWindow(rules, [], request, options)).toBeNull();
      expect(checkWindow({ ...rules, minHours: 2 }, [], request, options)).toBe('TOO_SHORT');
    });

    it('measures durations in real time on DST days (01:00–04:00: 2 h too short for 3, 4 h too long for 3)', () => {
      const rules = venue({ weeklyHours: daily('00:00', '24:00') });
      const options = { now: LONG_AGO, granularityMinutes: 60 };
      const spring = { ...iv('2026-03-29T01:00+01:00', '2026-03-29T04:00+02:00'), guests: 1 };
      const fall = { ...iv('2026-10-25T01:00+02:00', '2026-10-25T04:00+01:00'), guests: 1 };
      expect(checkWindow({ ...rules, minHours: 3 }, [], spring, options)).toBe('TOO_SHORT');
      expect(checkWindow({ ...rules, maxHours: 3 }, [], fall, options)).toBe('TOO_LONG');
      expect(checkWindow({ ...rules, maxHours: 4 }, [], fall, options)).toBeNull();
    });

    it('free time on DST days covers exactly the real opening hours, on the grid', () => {
      const rules = venue({ weeklyHours: [{ weekday: 'sun', opens: '00:00', closes: '24:00' }] });
      const options = { now: LONG_AGO, granularityMinutes: 60 };
      expect(isoPairs(availability(rules, { bookings: [], blocked: [] }, aroundDate('2026-03-29'), options).free)).toEqual([
        ['2026-03-28T23:00:00.000Z', '2026-03-29T22:00:00.000Z'],
      ]);
      expect(isoPairs(availability(rules, { bookings: [], blocked: [] }, aroundDate('2026-10-25'), options).free)).toEqual([
        ['2026-10-24T22:00:00.000Z', '2026-10-25T23:00:00.000Z'],
      ]);
    });
  });

  describe('America/New_York', () => {
    it('spring-forward day 2026-03-08: 00:00–24:00 is 23 h, 01:00–04:00 is 2 h, 09:00–17:00 is 8 h', () => {
      const fullDay = onDate('America/New_York', '2026-03-08', '00:00', '24:00');
      expect(isoPairs(fullDay)).toEqual([['2026-03-08T05:00:00.000Z', '2026-03-09T04:00:00.000Z']]);
      expect(hoursOf(fullDay)).toBe(23);
      expect(isoPairs(onDate('America/New_York', '2026-03-08', '01:00', '04:00'))).toEqual([
        ['2026-03-08T06:00:00.000Z', '2026-03-08T08:00:00.000Z'],
      ]);
      expect(isoPairs(sundays('America/New_York', '2026-03-08', '09:00', '17:00'))).toEqual([
        ['2026-03-08T13:00:00.000Z', '2026-03-08T21:00:00.000Z'],
      ]);
    });

    it('fall-back day 2026-11-01: 00:00–24:00 is 25 h, 01:00 (ambiguous) –04:00 is 4 h, 09:00–17:00 is 8 h', () => {
      const fullDay = onDate('America/New_York', '2026-11-01', '00:00', '24:00');
      expect(isoPairs(fullDay)).toEqual([['2026-11-01T04:00:00.000Z', '2026-11-02T05:00:00.000Z']]);
      expect(hoursOf(fullDay)).toBe(25);
      expect(isoPairs(onDate('America/New_York', '2026-11-01', '01:00', '04:00'))).toEqual([
        ['2026-11-01T05:00:00.000Z', '2026-11-01T09:00:00.000Z'],
      ]);
      expect(isoPairs(sundays('America/New_York', '2026-11-01', '09:00', '17:00'))).toEqual([
        ['2026-11-01T14:00:00.000Z', '2026-11-01T22:00:00.000Z'],
      ]);
    });
  });
});

describe('isAligned and grid rounding', () => {
  it('checks local minutes since midnight, seconds and milliseconds', () => {
    expect(isAligned(t('2026-06-01T10:00:00+02:00'), 'Europe/Berlin', 60)).toBe(true);
    expect(isAligned(t('2026-06-01T10:30:00+02:00'), 'Europe/Berlin', 60)).toBe(false);
    expect(isAligned(t('2026-06-01T10:30:00+02:00'), 'Europe/Berlin', 30)).toBe(true);
    expect(isAligned(t('2026-06-01T10:00:30+02:00'), 'Europe/Berlin', 60)).toBe(false);
    expect(isAligned(t('2026-06-01T10:00:00.001+02:00'), 'Europe/Berlin', 60)).toBe(false);
  });

  it('uses the venue’s wall clock in a half-hour zone (Asia/Kolkata, +05:30)', () => {
    expect(isAligned(t('2026-06-01T10:00+05:30'), 'Asia/Kolkata', 60)).toBe(true); // 04:30Z
    expect(isAligned(t('2026-06-01T10:30+05:30'), 'Asia/Kolkata', 60)).toBe(false); // 05:00Z, a full UTC hour
    expect(isAligned(t('2026-06-01T10:30+05:30'), 'Asia/Kolkata', 30)).toBe(true);
  });

  it('follows the clock across DST: 03:00 CEST right after the gap is on the hour grid', () => {
    expect(isAligned(t('2026-03-29T03:00+02:00'), 'Europe/Berlin', 60)).toBe(true);
    expect(isAligned(t('2026-10-25T02:00+01:00'), 'Europe/Berlin', 60)).toBe(true); // second 02:00
  });

  it('rounds up and down on the local grid, skipping the spring-forward gap', () => {
    expect(ceilToGrid(t('2026-06-01T10:01+05:30'), 'Asia/Kolkata', 60)).toBe(t('2026-06-01T11:00+05:30'));
    expect(floorToGrid(t('2026-06-01T10:59+05:30'), 'Asia/Kolkata', 60)).toBe(t('2026-06-01T10:00+05:30'));
    expect(ceilToGrid(t('2026-06-01T10:00+05:30'), 'Asia/Kolkata', 60)).toBe(t('2026-06-01T10:00+05:30'));
    // 50 min does not divide a day: the grid restarts at local midnight (…23:20, then 00:00).
    expect(ceilToGrid(t('2026-06-01T23:30+02:00'), 'Europe/Berlin', 50)).toBe(t('2026-06-02T00:00+02:00'));
    expect(ceilToGrid(t('2026-03-29T01:40+01:00'), 'Europe/Berlin', 90)).toBe(t('2026-03-29T03:00+02:00'));
    expect(floorToGrid(t('2026-03-29T03:20+02:00'), 'Europe/Berlin', 90)).toBe(t('2026-03-29T03:00+02:00'));
    expect(floorToGrid(t('2026-03-29T03:20+02:00'), 'Europe/Berlin', 120)).toBe(t('2026-03-29T00:00+01:00'));
  });

  it('throws RangeError for an invalid timezone or granularity', () => {
    expect(() => isAligned(t('2026-06-01T10:00Z'), 'Not/AZone', 60)).toThrow(RangeError);
    expect(() => isAligned(t('2026-06-01T10:00Z'), 'Europe/Berlin', 0)).toThrow(RangeError);
    expect(() => isAligned(t('2026-06-01T10:00Z'), 'Europe/Berlin', 7.5)).toThrow(RangeError);
  });
});

describe('buffers', () => {
  const booking = iv('2026-06-01T10:00Z', '2026-06-01T12:00Z');

  it('bufferedInterval widens a booking on both sides', () => {
    expect(bufferedInterval(booking, 30)).toEqual(iv('2026-06-01T09:30Z', '2026-06-01T12:30Z'));
    expect(bufferedInterval(booking, 0)).toEqual(booking);
  });

  it('without buffer, adjacent bookings do not conflict but a minute of overlap does', () => {
    expect(conflictsWithBookings(iv('2026-06-01T12:00Z', '2026-06-01T13:00Z'), [booking], 0)).toBe(false);
    expect(conflictsWithBookings(iv('2026-06-01T09:00Z', '2026-06-01T10:00Z'), [booking], 0)).toBe(false);
    expect(conflictsWithBookings(iv('2026-06-01T11:59Z', '2026-06-01T13:00Z'), [booking], 0)).toBe(true);
  });

  it('with a 30 min buffer, a booking may start or end exactly at the buffer edge, not a minute inside', () => {
    expect(conflictsWithBookings(iv('2026-06-01T12:30Z', '2026-06-01T14:00Z'), [booking], 30)).toBe(false);
    expect(conflictsWithBookings(iv('2026-06-01T12:29Z', '2026-06-01T14:00Z'), [booking], 30)).toBe(true);
    expect(conflictsWithBookings(iv('2026-06-01T08:00Z', '2026-06-01T09:30Z'), [booking], 30)).toBe(false);
    expect(conflictsWithBookings(iv('2026-06-01T08:00Z', '2026-06-01T09:31Z'), [booking], 30)).toBe(true);
  });

  it('checks every booking', () => {
    const later = iv('2026-06-01T15:00Z', '2026-06-01T16:00Z');
    expect(conflictsWithBookings(iv('2026-06-01T14:00Z', '2026-06-01T15:00Z'), [booking, later], 0)).toBe(false);
    expect(conflictsWithBookings(iv('2026-06-01T14:00Z', '2026-06-01T15:00Z'), [booking, later], 1)).toBe(true);
    expect(conflictsWithBookings(iv('2026-06-01T14:00Z', '2026-06-01T15:00Z'), [], 60)).toBe(false);
  });
});

describe('checkWindow', () => {
  // Open 08:00–22:00 daily (Berlin, CEST in June), 30 min grid, 1.5–4 h, 24 h notice, 40 guests.
  const rules = venue({ weeklyHours: daily('08:00', '22:00'), minHours: 1.5, maxHours: 4, noticeHours: 24, capacity: 40 });
  const options: AvailabilityOptions = { now: t('2026-05-30T12:00+02:00'), granularityMinutes: 30 };
  const request = (start: string, end: string, guests = 10) => ({ ...iv(start, end), guests });
  const check = (req: Interval & { guests: number }, blocked: Interval[] = [], r: VenueRules = rules) =>
    checkWindow(r, blocked, req, options);

  it('accepts a valid request', () => {
    expect(check(request('2026-06-01T10:00+02:00', '2026-06-01T11:30+02:00'))).toBeNull();
  });

  it('IN_PAST: starting before now; starting exactly now is not in the past', () => {
    expect(check(request('2026-05-30T11:30+02:00', '2026-05-30T13:30+02:00'))).toBe('IN_PAST');
    expect(check(request('2026-05-30T12:00+02:00', '2026-05-30T14:00+02:00'))).toBe('NOTICE');
  });

  it('NOTICE: at least noticeHours after now, exactly then is fine', () => {
    expect(check(request('2026-05-31T11:30+02:00', '2026-05-31T13:30+02:00'))).toBe('NOTICE');
    expect(check(request('2026-05-31T12:00+02:00', '2026-05-31T14:00+02:00'))).toBeNull();
  });

  it('GRANULARITY: start or end off the local grid', () => {
    expect(check(request('2026-06-01T10:15+02:00', '2026-06-01T12:00+02:00'))).toBe('GRANULARITY');
    expect(check(request('2026-06-01T10:00+02:00', '2026-06-01T11:45+02:00'))).toBe('GRANULARITY');
    expect(check(request('2026-06-01T10:00:01+02:00', '2026-06-01T12:00+02:00'))).toBe('GRANULARITY');
  });

  it('GRANULARITY in Kolkata: 10:00 local is on the hour grid, 10:30 local (05:00Z) is not', () => {
    const kolkata = venue({ timezone: 'Asia/Kolkata', weeklyHours: daily('08:00', '22:00') });
    const hourly = { now: LONG_AGO, granularityMinutes: 60 };
    expect(checkWindow(kolkata, [], request('2026-06-01T10:00+05:30', '2026-06-01T12:00+05:30'), hourly)).toBeNull();
    expect(checkWindow(kolkata, [], request('2026-06-01T05:00Z', '2026-06-01T07:00Z'), hourly)).toBe('GRANULARITY');
  });

  it('TOO_SHORT: exactly minHours passes, one step less fails, empty or reversed fails', () => {
    expect(check(request('2026-06-01T10:00+02:00', '2026-06-01T11:30+02:00'))).toBeNull();
    expect(check(request('2026-06-01T10:00+02:00', '2026-06-01T11:00+02:00'))).toBe('TOO_SHORT');
    expect(check(request('2026-06-01T10:00+02:00', '2026-06-01T10:00+02:00'))).toBe('TOO_SHORT');
    expect(check(request('2026-06-01T10:00+02:00', '2026-06-01T09:00+02:00'), [], { ...rules, minHours: 0 })).toBe('TOO_SHORT');
  });

  it('TOO_LONG: exactly maxHours passes, one step more fails, null means no maximum', () => {
    expect(check(request('2026-06-01T10:00+02:00', '2026-06-01T14:00+02:00'))).toBeNull();
    expect(check(request('2026-06-01T10:00+02:00', '2026-06-01T14:30+02:00'))).toBe('TOO_LONG');
    expect(check(request('2026-06-01T08:00+02:00', '2026-06-01T22:00+02:00'), [], { ...rules, maxHours: null })).toBeNull();
  });

  it('CAPACITY: 1..capacity guests, whole numbers only', () => {
    const at = (guests: number) => check(request('2026-06-01T10:00+02:00', '2026-06-01T12:00+02:00', guests));
    expect(at(40)).toBeNull();
    expect(at(1)).toBeNull();
    expect(at(41)).toBe('CAPACITY');
    expect(at(0)).toBe('CAPACITY');
    expect(at(2.5)).toBe('CAPACITY');
    expect(at(Number.NaN)).toBe('CAPACITY');
  });

  it('OUTSIDE_HOURS: must lie inside one opening interval, edges included', () => {
    expect(check(request('2026-06-01T08:00+02:00', '2026-06-01T10:00+02:00'))).toBeNull();
    expect(check(request('2026-06-01T20:00+02:00', '2026-06-01T22:00+02:00'))).toBeNull();
    expect(check(request('2026-06-01T07:30+02:00', '2026-06-01T09:30+02:00'))).toBe('OUTSIDE_HOURS');
    expect(check(request('2026-06-01T20:30+02:00', '2026-06-01T22:30+02:00'))).toBe('OUTSIDE_HOURS');
  });

  it('OUTSIDE_HOURS: spanning a gap between two ranges fails, spanning touching ranges across midnight passes', () => {
    const split = venue({
      weeklyHours: [
        { weekday: 'mon', opens: '08:00', closes: '12:00' },
        { weekday: 'mon', opens: '12:30', closes: '22:00' },
        { weekday: 'sat', opens: '18:00', closes: '24:00' },
        { weekday: 'sun', opens: '00:00', closes: '02:00' },
      ],
    });
    const loose = { now: LONG_AGO, granularityMinutes: 30 };
    expect(checkWindow(split, [], request('2026-06-01T11:00+02:00', '2026-06-01T13:00+02:00'), loose)).toBe('OUTSIDE_HOURS');
    expect(checkWindow(split, [], request('2026-06-06T23:00+02:00', '2026-06-07T01:00+02:00'), loose)).toBeNull();
  });

  it('BLOCKED: overlapping a blocked period, adjacency is fine', () => {
    const blocked = [iv('2026-06-01T12:00+02:00', '2026-06-01T13:00+02:00')];
    expect(check(request('2026-06-01T10:00+02:00', '2026-06-01T12:00+02:00'), blocked)).toBeNull();
    expect(check(request('2026-06-01T13:00+02:00', '2026-06-01T15:00+02:00'), blocked)).toBeNull();
    expect(check(request('2026-06-01T10:30+02:00', '2026-06-01T12:30+02:00'), blocked)).toBe('BLOCKED');
  });

  it('reports the first failing reason in the documented order', () => {
    // in the past, off grid, too short, outside hours
    expect(check(request('2026-05-30T06:10+02:00', '2026-05-30T06:20+02:00', 99))).toBe('IN_PAST');
    // inside notice and off grid
    expect(check(request('2026-05-31T06:10+02:00', '2026-05-31T06:20+02:00', 99))).toBe('NOTICE');
    // off grid and too short
    expect(check(request('2026-06-01T10:10+02:00', '2026-06-01T10:20+02:00', 99))).toBe('GRANULARITY');
    // too long, too many guests, outside hours
    expect(check(request('2026-06-01T20:00+02:00', '2026-06-02T02:00+02:00', 99))).toBe('TOO_LONG');
    // too many guests and outside hours and blocked
    const blocked = [iv('2026-06-01T22:00+02:00', '2026-06-01T23:00+02:00')];
    expect(check(request('2026-06-01T21:00+02:00', '2026-06-01T23:00+02:00', 99), blocked)).toBe('CAPACITY');
    expect(check(request('2026-06-01T21:00+02:00', '2026-06-01T23:00+02:00', 9), blocked)).toBe('OUTSIDE_HOURS');
  });

  it('throws RangeError for an invalid timezone', () => {
    expect(() =>
      check(request('2026-06-01T10:00+02:00', '2026-06-01T12:00+02:00'), [], { ...rules, timezone: 'Nowhere' })
    ).toThrow(RangeError);
  });
});

describe('availability', () => {
  // Monday 09:00–18:00 Berlin (CEST), hourly grid, 2 h minimum, 30 min buffer.
  const rules = venue({ weeklyHours: [{ weekday: 'mon', opens: '09:00', closes: '18:00' }], minHours: 2, bufferMinutes: 30 });
  const monday = iv('2026-06-01T00:00+02:00', '2026-06-02T00:00+02:00');
  const occupancy = {
    bookings: [iv('2026-06-01T12:00+02:00', '2026-06-01T13:00+02:00')],
    blocked: [iv('2026-06-01T16:00+02:00', '2026-06-01T16:30+02:00')],
  };
  const hourly = (now: number): AvailabilityOptions => ({ now, granularityMinutes: 60 });

  it('returns free time trimmed to the grid and long enough for a minimum booking', () => {
    // Raw free: 09:00–11:30, 13:30–16:00, 16:30–18:00 → on the grid 09–11, 14–16, 17–18 (1 h < 2 h, dropped).
    expect(availability(rules, occupancy, monday, hourly(LONG_AGO)).free).toEqual([
      iv('2026-06-01T09:00+02:00', '2026-06-01T11:00+02:00'),
      iv('2026-06-01T14:00+02:00', '2026-06-01T16:00+02:00'),
    ]);
  });

  it('returns busy intervals of each kind, sorted by start', () => {
    expect(availability(rules, occupancy, monday, hourly(LONG_AGO)).busy).toEqual([
      { ...iv('2026-06-01T00:00+02:00', '2026-06-01T09:00+02:00'), kind: 'closed' },
      { ...iv('2026-06-01T11:30+02:00', '2026-06-01T13:30+02:00'), kind: 'booking' },
      { ...iv('2026-06-01T16:00+02:00', '2026-06-01T16:30+02:00'), kind: 'blocked' },
      { ...iv('2026-06-01T18:00+02:00', '2026-06-02T00:00+02:00'), kind: 'closed' },
    ]);
  });

  it('offers nothing before now + notice, then rounds up to the grid', () => {
    const noticed = { ...rules, noticeHours: 2 };
    // Earliest start 09:10 → 09:10–11:30 → 10:00–11:00, too short; 14:00–16:00 stays.
    expect(availability(noticed, occupancy, monday, hourly(t('2026-06-01T07:10+02:00'))).free).toEqual([
      iv('2026-06-01T14:00+02:00', '2026-06-01T16:00+02:00'),
    ]);
    // Earliest start 08:30 is before opening: nothing changes.
    expect(availability(noticed, occupancy, monday, hourly(t('2026-06-01T06:30+02:00'))).free).toEqual([
      iv('2026-06-01T09:00+02:00', '2026-06-01T11:00+02:00'),
      iv('2026-06-01T14:00+02:00', '2026-06-01T16:00+02:00'),
    ]);
    // A window already past has no free time but still reports busy.
    const past = availability(noticed, occupancy, monday, hourly(t('2026-06-02T09:00+02:00')));
    expect(past.free).toEqual([]);
    expect(past.busy).toHaveLength(4);
  });

  it('merges busy intervals within a kind, clips them to the window and lets kinds overlap', () => {
    const busy = availability(
      rules,
      {
        bookings: [
          iv('2026-05-31T23:00+02:00', '2026-06-01T01:00+02:00'), // starts before the window
          iv('2026-06-01T10:00+02:00', '2026-06-01T11:00+02:00'),
          iv('2026-06-01T12:00+02:00', '2026-06-01T13:00+02:00'), // buffers touch at 11:30 → one interval
        ],
        blocked: [iv('2026-06-01T12:30+02:00', '2026-06-01T14:00+02:00'), iv('2026-06-01T13:00+02:00', '2026-06-01T15:00+02:00')],
      },
      monday,
      hourly(LONG_AGO)
    ).busy;
    expect(busy).toEqual([
      { ...iv('2026-06-01T00:00+02:00', '2026-06-01T01:30+02:00'), kind: 'booking' },
      { ...iv('2026-06-01T00:00+02:00', '2026-06-01T09:00+02:00'), kind: 'closed' },
      { ...iv('2026-06-01T09:30+02:00', '2026-06-01T13:30+02:00'), kind: 'booking' },
      { ...iv('2026-06-01T12:30+02:00', '2026-06-01T15:00+02:00'), kind: 'blocked' },
      { ...iv('2026-06-01T18:00+02:00', '2026-06-02T00:00+02:00'), kind: 'closed' },
    ]);
  });

  it('trims to the venue-local grid in Kolkata and drops what is shorter than minHours', () => {
    const kolkata = venue({ timezone: 'Asia/Kolkata', weeklyHours: [{ weekday: 'mon', opens: '09:30', closes: '11:00' }] });
    const day = iv('2026-06-01T00:00+05:30', '2026-06-02T00:00+05:30');
    const none = { bookings: [], blocked: [] };
    expect(isoPairs(availability(kolkata, none, day, hourly(LONG_AGO)).free)).toEqual([
      ['2026-06-01T04:30:00.000Z', '2026-06-01T05:30:00.000Z'], // 10:00–11:00 local
    ]);
    expect(availability({ ...kolkata, minHours: 1.5 }, none, day, hourly(LONG_AGO)).free).toEqual([]);
    expect(availability({ ...kolkata, minHours: 1.5 }, none, day, { now: LONG_AGO, granularityMinutes: 30 }).free).toEqual([
      iv('2026-06-01T09:30+05:30', '2026-06-01T11:00+05:30'),
    ]);
  });

  it('keeps an overnight free interval whole across midnight', () => {
    const night = venue({ weeklyHours: [{ weekday: 'thu', opens: '18:00', closes: '04:00' }], minHours: 2 });
    const result = availability(
      night,
      { bookings: [], blocked: [] },
      iv('2026-06-04T00:00+02:00', '2026-06-06T00:00+02:00'),
      hourly(LONG_AGO)
    );
    expect(result.free).toEqual([iv('2026-06-04T18:00+02:00', '2026-06-05T04:00+02:00')]);
    expect(result.busy).toEqual([
      { ...iv('2026-06-04T00:00+02:00', '2026-06-04T18:00+02:00'), kind: 'closed' },
      { ...iv('2026-06-05T04:00+02:00', '2026-06-06T00:00+02:00'), kind: 'closed' },
    ]);
  });
});
