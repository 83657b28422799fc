import { DateTime } from 'luxon';
import { bucketOf, foldDays, ratio, zoneOffsets } from '../../src/domain/vendor-analytics/buckets';

/** Pure bucket maths of the vendor analytics: zone offsets across DST changes, ISO weeks, months, folding. */

const utc = (iso: string) => Date.parse(iso);
const localDay = (at: number, offsets: ReturnType<typeof zoneOffsets>, zone: string) => {
  const row = offsets.find((o) => o.zone === zone && at >= o.from && at < o.to);
  if (!row) throw new Error('no offset row');
  return Math.floor((at + row.offsetMs) / 86_400_000);
};

describe('vendor analytics buckets', () => {
  it('finds DST changes to the minute (Berlin spring and autumn, New York, Lord Howe half hour)', () => {
    const berlin = zoneOffsets(['Europe/Berlin'], utc('2026-03-01T00:00:00Z'), utc('2026-11-01T00:00:00Z'));
    expect(berlin.map((o) => [new Date(o.from).toISOString(), o.offsetMs / 3_600_000])).toEqual([
      ['2026-03-01T00:00:00.000Z', 1],
      ['2026-03-29T01:00:00.000Z', 2],
      ['2026-10-25T01:00:00.000Z', 1],
    ]);
    const lordHowe = zoneOffsets(['Australia/Lord_Howe'], utc('2026-03-01T00:00:00Z'), utc('2026-05-01T00:00:00Z'));
    expect(lordHowe.map((o) => o.offsetMs / 60_000)).toEqual([660, 630]);
    // Every instant of a DST day lands on the venue-local date luxon gives.
    const zones = ['Europe/Berlin', 'America/New_York', 'Asia/Kolkata'];
    const offsets = zoneOffsets(zones, utc('2026-03-07T00:00:00Z'), utc('2026-04-02T00:00:00Z'));
    for (const zone of zones) {
      for (let at = utc('2026-03-08T00:00:00Z'); at < utc('2026-04-01T00:00:00Z'); at += 17 * 60_000) {
        const expected = DateTime.fromMillis(at, { zone }).toISODate();
        expect(bucketOf(localDay(at, offsets, zone), 'day')).toBe(expected);
      }
    }
  });

  it('buckets days into ISO weeks (Monday) and months; folds and sorts sums per key', () => {
    const day = (iso: string) => Math.floor(utc(`${iso}T00:00:00Z`) / 86_400_000);
    expect(bucketOf(day('2026-03-29'), 'week')).toBe('2026-03-23');
    expect(bucketOf(day('2026-03-30'), 'week')).toBe('2026-03-30');
    expect(bucketOf(day('2027-01-01'), 'week')).toBe('2026-12-28');
    expect(bucketOf(day('2026-02-28'), 'month')).toBe('2026-02-01');
    const rows = [
      { day: day('2026-03-31'), currency: 'USD', gross: 5 },
      { day: day('2026-03-30'), currency: 'EUR', gross: 1 },
      { day: day('2026-04-01'), currency: 'EUR', gross: 2 },
      { day: day('2026-03-29'), currency: 'EUR', gross: 4 },
    ];
    expect(foldDays(rows, 'month', ['currency'], ['gross'])).toEqual([
      { bucket: '2026-03-01', currency: 'EUR', gross: 5 },
      { bucket: '2026-03-01', currency: 'USD', gross: 5 },
      { bucket: '2026-04-01', currency: 'EUR', gross: 2 },
    ]);
    expect(foldDays(rows, 'week', ['currency'], ['gross'])).toEqual([
      { bucket: '2026-03-23', currency: 'EUR', gross: 4 },
      { bucket: '2026-03-30', currency: 'EUR', gross: 3 },
      { bucket: '2026-03-30', currency: 'USD', gross: 5 },
    ]);
    expect(ratio(1, 3)).toBe(0.3333);
    expect(ratio(1, 0)).toBeNull();
  });
});
