import { DateTime } from 'luxon';
import { dayOf, isoDate, venueZone } from '../../src/domain/local-time';
import {
  dayBySegments,
  instantsOf,
  monthStart,
  offsetSegments,
  periodsOf,
  previousRange,
  weekStart,
} from '../../src/domain/analytics/periods';

const d = dayOf;

describe('report periods', () => {
  it('clips weeks (Monday first) and months to the range and covers every day once', () => {
    const weeks = periodsOf({ from: d('2026-03-04'), to: d('2026-03-20') }, 'week');
    expect(weeks.map((p) => [isoDate(p.from), isoDate(p.to)])).toEqual([
      ['2026-03-04', '2026-03-08'],
      ['2026-03-09', '2026-03-15'],
      ['2026-03-16', '2026-03-20'],
    ]);
    const months = periodsOf({ from: d('2024-01-15'), to: d('2024-03-02') }, 'month');
    expect(months.map((p) => [isoDate(p.from), isoDate(p.to)])).toEqual([
      ['2024-01-15', '2024-01-31'],
      ['2024-02-01', '2024-02-29'],
      ['2024-03-01', '2024-03-02'],
    ]);
    expect(periodsOf({ from: d('2026-01-01'), to: d('2026-01-03') }, 'day')).toHaveLength(3);
    expect(isoDate(weekStart(d('2026-03-08')))).toBe('2026-03-02'); // a Sunday belongs to the week of Monday the 2nd
    expect(isoDate(monthStart(d('2026-12-31')))).toBe('2026-12-01');
  });

  it('the previous period has the same length and ends the day before', () => {
    const previous = previousRange({ from: d('2026-03-01'), to: d('2026-03-31') });
    expect([isoDate(previous.from), isoDate(previous.to)]).toEqual(['2026-01-29', '2026-02-28']);
  });

  it('local days have their real length on DST days', () => {
    const berlin = venueZone('Europe/Berlin');
    const spring = instantsOf({ from: d('2026-03-29'), to: d('2026-03-29') }, berlin);
    expect((spring.end - spring.start) / 3_600_000).toBe(23);
    expect(new Date(spring.start).toISOString()).toBe('2026-03-28T23:00:00.000Z');
    const autumn = instantsOf({ from: d('2026-10-25'), to: d('2026-10-25') }, berlin);
    expect((autumn.end - autumn.start) / 3_600_000).toBe(25);
  });
});

describe('offset segments (the SQL CASE of local days)', () => {
  it('finds the Berlin 2026 transitions to the millisecond', () => {
    const zone = venueZone('Europe/Berlin');
    const segments = offsetSegments(zone, Date.parse('2026-01-01T00:00:00Z'), Date.parse('2027-01-01T00:00:00Z'));
    expect(segments).toEqual([
      { from: null, offsetMs: 3_600_000 },
      { from: Date.parse('2026-03-29T01:00:00Z'), offsetMs: 7_200_000 },
      { from: Date.parse('2026-10-25T01:00:00Z'), offsetMs: 3_600_000 },
    ]);
    expect(
      offsetSegments(venueZone('Asia/Kolkata'), Date.parse('2026-01-01T00:00:00Z'), Date.parse('2027-01-01T00:00:00Z'))
    ).toEqual([{ from: null, offsetMs: 19_800_000 }]);
  });

  it.each(['Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'UTC'])(
    'gives the same local day as luxon for instants across a year in %s',
    (name) => {
      const zone = venueZone(name);
      const start = Date.parse('2026-01-01T00:00:00Z');
      const end = Date.parse('2027-01-01T00:00:00Z');
      const segments = offsetSegments(zone, start, end);
      for (let t = start; t < end; t += 7 * 60_000 * 61 + 1_234) {
        expect(isoDate(dayBySegments(t, segments))).toBe(DateTime.fromMillis(t, { zone: name }).toISODate());
      }
    }
  );
});
