import { isPublicAddress } from '../../src/domain/calendar/address-policy';
import { CalendarError } from '../../src/domain/calendar/errors';
import { normaliseFeedUrl } from '../../src/domain/calendar/feed-url';
import { parseCalendar, type ParseOptions } from '../../src/domain/calendar/ical-import';

/** Pure parsing of iCal feeds: fixed dates, named zones, no clock reads. */
const t = (iso: string) => Date.parse(iso);
const BERLIN = 'Europe/Berlin';
const WINDOW = { start: t('2026-01-01T00:00:00Z'), end: t('2027-01-01T00:00:00Z') };
const options = (overrides: Partial<ParseOptions> = {}): ParseOptions => ({ timezone: BERLIN, window: WINDOW, ...overrides });
const calendar = (...events: string[]) =>
  ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Tests//EN', ...events, 'END:VCALENDAR'].join('\r\n');
const vevent = (...lines: string[]) => ['BEGIN:VEVENT', ...lines, 'END:VEVENT'].join('\r\n');
const iso = (ms: number) => new Date(ms).toISOString();
const pairs = (text: string, opts = options()) => parseCalendar(text, opts).events.map((e) => [e.key, iso(e.start), iso(e.end)]);

describe('parseCalendar', () => {
  it('reads UTC, IANA-zoned and floating times (floating in the venue zone)', () => {
    const text = calendar(
      vevent('UID:utc', 'DTSTART:20260610T080000Z', 'DTEND:20260610T100000Z', 'SUMMARY:Reserved'),
      vevent('UID:zoned', 'DTSTART;TZID=America/New_York:20260610T090000', 'DTEND;TZID=America/New_York:20260610T110000'),
      vevent('UID:floating', 'DTSTART:20260610T090000', 'DURATION:PT90M'),
      vevent(
        'UID:mozilla',
        'DTSTART;TZID=/mozilla.org/20050126_1/Europe/Berlin:20260110T090000',
        'DTEND;TZID=/mozilla.org/20050126_1/Europe/Berlin:20260110T100000'
      )
    );
    const result = parseCalendar(text, options());
    expect(result.events.map((e) => [e.key, iso(e.start), iso(e.end), e.summary])).toEqual([
      ['mozilla', '2026-01-10T08:00:00.000Z', '2026-01-10T09:00:00.000Z', null],
      ['floating', '2026-06-10T07:00:00.000Z', '2026-06-10T08:30:00.000Z', null],
      ['utc', '2026-06-10T08:00:00.000Z', '2026-06-10T10:00:00.000Z', 'Reserved'],
      ['zoned', '2026-06-10T13:00:00.000Z', '2026-06-10T15:00:00.000Z', null],
    ]);
  });

  it("uses the feed's own VTIMEZONE for a zone name that is not IANA", () => {
    const text = calendar(
      [
        'BEGIN:VTIMEZONE',
        'TZID:W. Europe Standard Time',
        'BEGIN:STANDARD',
        'DTSTART:16010101T030000',
        'TZOFFSETFROM:+0200',
        'TZOFFSETTO:+0100',
        'RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10',
        'END:STANDARD',
        'BEGIN:DAYLIGHT',
        'DTSTART:16010101T020000',
        'TZOFFSETFROM:+0100',
        'TZOFFSETTO:+0200',
        'RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3',
        'END:DAYLIGHT',
        'END:VTIMEZONE',
      ].join('\r\n'),
      vevent(
        'UID:outlook',
        'DTSTART;TZID=W. Europe Standard Time:20260710T100000',
        'DTEND;TZID=W. Europe Standard Time:20260710T120000'
      ),
      vevent(
        'UID:winter',
        'DTSTART;TZID=W. Europe Standard Time:20261210T100000',
        'DTEND;TZID=W. Europe Standard Time:20261210T120000'
      )
    );
    expect(pairs(text)).toEqual([
      ['outlook', '2026-07-10T08:00:00.000Z', '2026-07-10T10:00:00.000Z'],
      ['winter', '2026-12-10T09:00:00.000Z', '2026-12-10T11:00:00.000Z'],
    ]);
  });

  it('makes all-day events whole venue-local days, 23 h and 25 h long on DST days (Europe/Berlin)', () => {
    const text = calendar(
      vevent('UID:spring', 'DTSTART;VALUE=DATE:20260329', 'DTEND;VALUE=DATE:20260330'),
      vevent('UID:autumn', 'DTSTART;VALUE=DATE:20261025', 'DTEND;VALUE=DATE:20261026'),
      vevent('UID:summer-2d', 'DTSTART;VALUE=DATE:20260701', 'DTEND;VALUE=DATE:20260703'),
      vevent('UID:no-end', 'DTSTART;VALUE=DATE:20260801')
    );
    const events = parseCalendar(text, options()).events;
    expect(events.map((e) => [e.key, iso(e.start), iso(e.end), (e.end - e.start) / 3_600_000, e.allDay])).toEqual([
      ['spring', '2026-03-28T23:00:00.000Z', '2026-03-29T22:00:00.000Z', 23, true],
      ['summer-2d', '2026-06-30T22:00:00.000Z', '2026-07-02T22:00:00.000Z', 48, true],
      ['no-end', '2026-07-31T22:00:00.000Z', '2026-08-01T22:00:00.000Z', 24, true],
      ['autumn', '2026-10-24T22:00:00.000Z', '2026-10-25T23:00:00.000Z', 25, true],
    ]);
    // The same date in another venue zone is another real-time day.
    const tokyo = parseCalendar(text, options({ timezone: 'Asia/Tokyo' })).events.find((e) => e.key === 'spring');
    expect([iso(tokyo!.start), iso(tokyo!.end)]).toEqual(['2026-03-28T15:00:00.000Z', '2026-03-29T15:00:00.000Z']);
  });

  it('expands a weekly series across DST with EXDATE, a moved and a cancelled occurrence', () => {
    const text = calendar(
      vevent(
        'UID:series@x',
        'DTSTART;TZID=Europe/Berlin:20260310T100000',
        'DTEND;TZID=Europe/Berlin:20260310T120000',
        'RRULE:FREQ=WEEKLY;COUNT=6',
        'EXDATE;TZID=Europe/Berlin:20260317T100000',
        'SUMMARY:Yoga'
      ),
      vevent(
        'UID:series@x',
        'RECURRENCE-ID;TZID=Europe/Berlin:20260324T100000',
        'DTSTART;TZID=Europe/Berlin:20260324T140000',
        'DTEND;TZID=Europe/Berlin:20260324T150000',
        'SUMMARY:Yoga (moved)'
      ),
      vevent(
        'UID:series@x',
        'RECURRENCE-ID;TZID=Europe/Berlin:20260407T100000',
        'DTSTART;TZID=Europe/Berlin:20260407T100000',
        'DTEND;TZID=Europe/Berlin:20260407T120000',
        'STATUS:CANCELLED'
      )
    );
    const result = parseCalendar(text, options());
    expect(result.events.map((e) => [e.key, iso(e.start), iso(e.end), e.summary])).toEqual([
      ['series@x#2026-03-10T09:00:00.000Z', '2026-03-10T09:00:00.000Z', '2026-03-10T11:00:00.000Z', 'Yoga'],
      ['series@x#2026-03-24T09:00:00.000Z', '2026-03-24T13:00:00.000Z', '2026-03-24T14:00:00.000Z', 'Yoga (moved)'],
      // After the switch to summer time 10:00 local is 08:00 UTC.
      ['series@x#2026-03-31T08:00:00.000Z', '2026-03-31T08:00:00.000Z', '2026-03-31T10:00:00.000Z', 'Yoga'],
      ['series@x#2026-04-14T08:00:00.000Z', '2026-04-14T08:00:00.000Z', '2026-04-14T10:00:00.000Z', 'Yoga'],
    ]);
    expect(result.skipped.cancelled).toBe(1);
    // Keys are stable: parsing again gives the same identities.
    expect(parseCalendar(text, options()).events.map((e) => e.key)).toEqual(result.events.map((e) => e.key));
  });

  it('expands all-day and endless series only within the window', () => {
    const text = calendar(
      vevent('UID:daily', 'DTSTART:20200101T100000Z', 'DTEND:20200101T110000Z', 'RRULE:FREQ=DAILY'),
      vevent('UID:weekends', 'DTSTART;VALUE=DATE:20260103', 'DTEND;VALUE=DATE:20260105', 'RRULE:FREQ=WEEKLY;UNTIL=20260120')
    );
    const window = { start: t('2026-01-01T00:00:00Z'), end: t('2026-01-11T00:00:00Z') };
    const result = parseCalendar(text, options({ window }));
    expect(result.events.filter((e) => e.uid === 'daily')).toHaveLength(10);
    expect(result.events.filter((e) => e.uid === 'weekends').map((e) => [e.key, iso(e.start), iso(e.end)])).toEqual([
      ['weekends#2026-01-03', '2026-01-02T23:00:00.000Z', '2026-01-04T23:00:00.000Z'],
      ['weekends#2026-01-10', '2026-01-09T23:00:00.000Z', '2026-01-11T23:00:00.000Z'],
    ]);
    expect(result.truncated).toBe(false);
  });

  it('drops cancelled events and free (transparent) time, and counts what it skipped', () => {
    const text = calendar(
      vevent('UID:a', 'DTSTART:20260610T080000Z', 'DTEND:20260610T100000Z', 'STATUS:CANCELLED'),
      vevent('UID:b', 'DTSTART:20260610T080000Z', 'DTEND:20260610T100000Z', 'TRANSP:TRANSPARENT'),
      vevent('UID:c', 'DTSTART:20260610T080000Z'),
      vevent('UID:d', 'DTSTART:20260610T080000Z', 'DTEND:20260610T100000Z', 'STATUS:TENTATIVE'),
      vevent('UID:e', 'DTSTART:20250610T080000Z', 'DTEND:20250610T100000Z')
    );
    const result = parseCalendar(text, options());
    expect(result.events.map((e) => e.key)).toEqual(['d']);
    expect(result.skipped).toEqual({ cancelled: 1, transparent: 1, empty: 1, invalid: 0 });
  });

  it('caps the number of events and recurrence steps', () => {
    const text = calendar(vevent('UID:hourly', 'DTSTART:20260101T000000Z', 'DTEND:20260101T003000Z', 'RRULE:FREQ=HOURLY'));
    const capped = parseCalendar(text, options({ maxEvents: 50 }));
    expect(capped.events).toHaveLength(50);
    expect(capped.truncated).toBe(true);
    const steps = parseCalendar(text, options({ maxIterations: 20 }));
    expect(steps.events).toHaveLength(20);
    expect(steps.truncated).toBe(true);
  });

  it('keys events without a UID by their content, and hashes over-long keys', () => {
    const noUid = calendar(vevent('DTSTART:20260610T080000Z', 'DTEND:20260610T100000Z'));
    const [first] = parseCalendar(noUid, options()).events;
    expect(first.key).toMatch(/^nouid:[0-9a-f]{32}$/);
    expect(parseCalendar(noUid, options()).events[0].key).toBe(first.key);
    const long = 'x'.repeat(400);
    const [hashed] = parseCalendar(
      calendar(vevent(`UID:${long}`, 'DTSTART:20260610T080000Z', 'DTEND:20260610T100000Z')),
      options()
    ).events;
    expect(hashed.key).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(hashed.uid).toBe(long);
  });

  it.each([
    ['HTML', '<html><body>Not found</body></html>'],
    ['garbage inside a calendar', 'BEGIN:VCALENDAR\r\ngarbage\r\nEND:VCALENDAR'],
    ['a vCard', 'BEGIN:VCARD\r\nVERSION:3.0\r\nEND:VCARD'],
    ['an unknown recurrence frequency', calendar(vevent('UID:x', 'DTSTART:20260610T080000Z', 'RRULE:FREQ=NONSENSE'))],
  ])('refuses %s as unparseable', (_label, text) => {
    expect(() => parseCalendar(text, options())).toThrow(CalendarError);
    try {
      parseCalendar(text, options());
    } catch (error) {
      expect((error as CalendarError).code).toBe('unparseable');
    }
  });

  it('counts an event whose rule only fails when expanded instead of failing the feed', () => {
    // (Lines ical.js cannot parse at all, e.g. RRULE:FREQ=NONSENSE, make the whole feed unparseable.)
    const text = calendar(
      vevent('UID:bad', 'DTSTART:20260610T080000Z', 'DTEND:20260610T100000Z', 'RRULE:FREQ=DAILY;UNTIL=garbage'),
      vevent('UID:good', 'DTSTART:20260611T080000Z', 'DTEND:20260611T100000Z')
    );
    const result = parseCalendar(text, options());
    expect(result.events.map((e) => e.key)).toEqual(['good']);
    expect(result.skipped.invalid).toBe(1);
  });
});

describe('isPublicAddress (SSRF guard)', () => {
  it.each([
    '127.0.0.1',
    '127.1.2.3',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '255.255.255.255',
    '198.18.0.1',
    '::1',
    '::',
    'fe80::1',
    'fc00::1',
    'fd12:3456::1',
    'ff02::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:10.0.0.1',
    '64:ff9b::a00:1',
    '2001:db8::1',
    'not-an-ip',
    '',
  ])('refuses %s', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each(['8.8.8.8', '1.1.1.1', '172.32.0.1', '93.184.216.34', '2606:4700:4700::1111', '::ffff:8.8.8.8', '64:ff9b::808:808'])(
    'allows %s',
    (address) => {
      expect(isPublicAddress(address)).toBe(true);
    }
  );
});

describe('normaliseFeedUrl', () => {
  it('turns webcal into https and drops the fragment', () => {
    expect(normaliseFeedUrl(' webcal://calendar.example.com/feed.ics#x ')).toBe('https://calendar.example.com/feed.ics');
    expect(normaliseFeedUrl('HTTP://Example.com/a?b=1')).toBe('http://example.com/a?b=1');
  });

  it.each([
    'ftp://example.com/a.ics',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'not a url',
    'https://user:pw@example.com/a.ics',
    `https://example.com/${'a'.repeat(2100)}`,
  ])('refuses %s', (url) => {
    expect(() => normaliseFeedUrl(url)).toThrow(expect.objectContaining({ code: 'invalid_url' }));
  });
});
