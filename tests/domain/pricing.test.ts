import { DateTime } from 'luxon';
import {
  PricingError,
  quote,
  specialRateFor,
  specificity,
  type PricingRule,
  type Quote,
  type QuoteInput,
} from '../../src/domain/pricing';
import { HOUR, MINUTE, type Weekday } from '../../src/domain/time';

const BERLIN = 'Europe/Berlin';
const NEW_YORK = 'America/New_York';
const KOLKATA = 'Asia/Kolkata';

/** Venue-local wall clock "2026-06-10T10:00" → epoch ms. */
const at = (local: string, zone = BERLIN): number => DateTime.fromISO(local, { zone }).toMillis();

let nextId = 100;
const specialRate = (fields: Partial<PricingRule>): PricingRule => ({
  id: nextId++,
  name: 'Special',
  kind: 'special_rate',
  active: true,
  priority: 0,
  uses: 0,
  ...fields,
});
const discount = (fields: Partial<PricingRule>): PricingRule => ({
  id: nextId++,
  name: 'Discount',
  kind: 'discount',
  active: true,
  priority: 0,
  uses: 0,
  discountType: 'percent',
  discountValue: 10,
  ...fields,
});

/** Base 100.00 EUR/h, 10 % platform fee, 19 % tax unless overridden. */
const price = (from: string, to: string, overrides: Partial<QuoteInput> = {}): Quote => {
  const timezone = overrides.timezone ?? BERLIN;
  return quote({
    pricePerHour: 10000,
    currency: 'EUR',
    timezone,
    window: { start: at(from, timezone), end: at(to, timezone) },
    rules: [],
    platformFeePercent: 10,
    taxPercent: 19,
    ...overrides,
  });
};

const linesOf = (q: Quote) => q.lines.map((line) => [line.label, line.amount]);

const expectPricingError = (run: () => unknown, code: PricingError['code']): PricingError => {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(PricingError);
    expect((error as PricingError).code).toBe(code);
    return error as PricingError;
  }
  throw new Error(`expected PricingError ${code}`);
};

// 2026-06-10 is a Wednesday, 2026-06-12 a Friday, 2026-06-13 a Saturday.
describe('base rate and line breakdown', () => {
  it('prices a plain booking at the base rate with fee and tax', () => {
    const q = price('2026-06-10T10:00', '2026-06-10T13:00');
    expect(q).toEqual({
      currency: 'EUR',
      hours: 3,
      lines: [{ label: '3 h × 100.00 EUR/h (base rate)', amount: 30000, minutes: 180, rate: 10000, rule_id: null }],
      subtotal: 30000,
      discount: 0,
      discount_rule: null,
      platform_fee: 3000,
      tax: 6270,
      total_amount: 39270,
    });
  });

  it('labels fractional hours and rounds a line half up', () => {
    const q = price('2026-06-10T10:00', '2026-06-10T11:30');
    expect(q.hours).toBe(1.5);
    expect(linesOf(q)).toEqual([['1.5 h × 100.00 EUR/h (base rate)', 15000]]);
    // 1001 × 0.5 h = 500.5 → 501
    expect(price('2026-06-10T10:00', '2026-06-10T10:30', { pricePerHour: 1001 }).subtotal).toBe(501);
    // 1000 × 10 min = 166.67 → 167; label rounds hours to two decimals
    const tenMinutes = price('2026-06-10T10:00', '2026-06-10T10:10', { pricePerHour: 1000 });
    expect(linesOf(tenMinutes)).toEqual([['0.17 h × 10.00 EUR/h (base rate)', 167]]);
  });

  it('rounds once per line, not per segment', () => {
    // 23:50–00:10 is two segments (midnight) of 167.5 each at 1005/h; the line is 335, not 168 + 168.
    const q = price('2026-06-10T23:50', '2026-06-11T00:10', { pricePerHour: 1005 });
    expect(q.lines).toHaveLength(1);
    expect(q.lines[0]).toMatchObject({ amount: 335, minutes: 20 });
    expect(q.subtotal).toBe(335);
  });

  it('formats currencies by their minor units', () => {
    const yen = price('2026-06-10T10:00', '2026-06-10T12:00', { pricePerHour: 1500, currency: 'JPY' });
    expect(linesOf(yen)).toEqual([['2 h × 1500 JPY/h (base rate)', 3000]]);
    const dinar = price('2026-06-10T10:00', '2026-06-10T11:00', { pricePerHour: 12345, currency: 'KWD' });
    expect(dinar.lines[0].label).toBe('1 h × 12.345 KWD/h (base rate)');
  });
});

describe('special rates', () => {
  it('uses an absolute price per hour', () => {
    const weekend = specialRate({ id: 1, name: 'Weekend', weekdays: ['sat', 'sun'], pricePerHour: 15000 });
    const q = price('2026-06-13T10:00', '2026-06-13T12:00', { rules: [weekend] });
    expect(q.lines).toEqual([{ label: '2 h × 150.00 EUR/h (Weekend)', amount: 30000, minutes: 120, rate: 15000, rule_id: 1 }]);
    expect(q.subtotal).toBe(30000);
  });

  it('uses a multiplier of the base rate, rounded half up to minor units', () => {
    const weekend = specialRate({ name: 'Weekend', weekdays: ['sat'], multiplier: 1.25 });
    expect(linesOf(price('2026-06-13T10:00', '2026-06-13T12:00', { rules: [weekend] }))).toEqual([
      ['2 h × 125.00 EUR/h (Weekend)', 25000],
    ]);
    // 333 × 1.5 = 499.5 → 500; 1010 × 1.05 = 1060.5 even though the float is 1060.4999…
    const half = specialRate({ name: 'Half', multiplier: 1.5 });
    expect(price('2026-06-10T10:00', '2026-06-10T11:00', { pricePerHour: 333, rules: [half] }).lines[0].rate).toBe(500);
    const fivePercent = specialRate({ name: 'Five', multiplier: 1.05 });
    expect(price('2026-06-10T10:00', '2026-06-10T11:00', { pricePerHour: 1010, rules: [fivePercent] }).lines[0].rate).toBe(1061);
  });

  it('splits a booking that straddles a time-window boundary into two lines', () => {
    const evening = specialRate({ name: 'Evening', timeFrom: '18:00', timeTo: '22:00', pricePerHour: 15000 });
    const q = price('2026-06-10T16:00', '2026-06-10T20:00', { rules: [evening] });
    expect(linesOf(q)).toEqual([
      ['2 h × 100.00 EUR/h (base rate)', 20000],
      ['2 h × 150.00 EUR/h (Evening)', 30000],
    ]);
    expect(q.subtotal).toBe(50000);
  });

  it('groups non-adjacent segments of the same rate into one line, in order of first use', () => {
    const evening = specialRate({ name: 'Evening', timeFrom: '18:00', timeTo: '22:00', pricePerHour: 15000 });
    const q = price('2026-06-10T16:00', '2026-06-11T00:00', { rules: [evening] });
    expect(linesOf(q)).toEqual([
      ['4 h × 100.00 EUR/h (base rate)', 40000],
      ['4 h × 150.00 EUR/h (Evening)', 60000],
    ]);
  });

  it('switches to a weekday rule at local midnight', () => {
    const saturday = specialRate({ name: 'Saturday', weekdays: ['sat'], multiplier: 2 });
    const q = price('2026-06-12T22:00', '2026-06-13T02:00', { rules: [saturday] });
    expect(linesOf(q)).toEqual([
      ['2 h × 100.00 EUR/h (base rate)', 20000],
      ['2 h × 200.00 EUR/h (Saturday)', 40000],
    ]);
  });

  it('treats midnight in the venue zone, not UTC', () => {
    // New York Friday 22:00 → Saturday 02:00 local is Saturday 02:00–06:00 UTC.
    const saturday = specialRate({ name: 'Saturday', weekdays: ['sat'], multiplier: 2 });
    const q = price('2026-06-12T22:00', '2026-06-13T02:00', { timezone: NEW_YORK, rules: [saturday] });
    expect(linesOf(q)).toEqual([
      ['2 h × 100.00 EUR/h (base rate)', 20000],
      ['2 h × 200.00 EUR/h (Saturday)', 40000],
    ]);
  });

  it('handles half-hour zone offsets (Asia/Kolkata)', () => {
    const evening = specialRate({ name: 'Evening', timeFrom: '18:00', timeTo: '24:00', pricePerHour: 16000 });
    // 12:00–13:00 UTC is 17:30–18:30 IST.
    const q = quote({
      pricePerHour: 10000,
      currency: 'INR',
      timezone: KOLKATA,
      window: { start: Date.UTC(2026, 5, 10, 12, 0), end: Date.UTC(2026, 5, 10, 13, 0) },
      rules: [evening],
      platformFeePercent: 0,
      taxPercent: 0,
    });
    expect(linesOf(q)).toEqual([
      ['0.5 h × 100.00 INR/h (base rate)', 5000],
      ['0.5 h × 160.00 INR/h (Evening)', 8000],
    ]);
  });

  describe('a window running past midnight', () => {
    const lateFriday = (fields: Partial<PricingRule> = {}) =>
      specialRate({ name: 'Late night', weekdays: ['fri'], timeFrom: '22:00', timeTo: '02:00', pricePerHour: 20000, ...fields });

    it('covers the early morning after the day it starts on', () => {
      const q = price('2026-06-12T21:00', '2026-06-13T03:00', { rules: [lateFriday()] });
      expect(linesOf(q)).toEqual([
        ['2 h × 100.00 EUR/h (base rate)', 20000],
        ['4 h × 200.00 EUR/h (Late night)', 80000],
      ]);
    });

    it('does not cover the early morning of its own weekday', () => {
      // Friday 00:00–02:00 belongs to Thursday night, which the rule does not include.
      const q = price('2026-06-11T23:00', '2026-06-12T03:00', { rules: [lateFriday()] });
      expect(linesOf(q)).toEqual([['4 h × 100.00 EUR/h (base rate)', 40000]]);
    });

    it('still covers Saturday morning when the date range ends on the Friday', () => {
      const q = price('2026-06-13T00:00', '2026-06-13T03:00', { rules: [lateFriday({ endsOn: '2026-06-12' })] });
      expect(linesOf(q)).toEqual([
        ['2 h × 200.00 EUR/h (Late night)', 40000],
        ['1 h × 100.00 EUR/h (base rate)', 10000],
      ]);
    });

    it('runs a full day when timeTo equals timeFrom', () => {
      const allDay = specialRate({
        name: 'Day pass',
        timeFrom: '06:00',
        timeTo: '06:00',
        pricePerHour: 5000,
        startsOn: '2026-06-10',
        endsOn: '2026-06-10',
      });
      const q = price('2026-06-10T05:00', '2026-06-11T07:00', { rules: [allDay] });
      expect(linesOf(q)).toEqual([
        ['2 h × 100.00 EUR/h (base rate)', 20000],
        ['24 h × 50.00 EUR/h (Day pass)', 120000],
      ]);
    });
  });

  describe('date range boundaries are inclusive', () => {
    const summer = specialRate({ name: 'Summer', startsOn: '2026-07-01', endsOn: '2026-07-31', pricePerHour: 12000 });

    it('starts applying at local midnight of startsOn', () => {
      expect(linesOf(price('2026-06-30T23:00', '2026-07-01T01:00', { rules: [summer] }))).toEqual([
        ['1 h × 100.00 EUR/h (base rate)', 10000],
        ['1 h × 120.00 EUR/h (Summer)', 12000],
      ]);
    });

    it('applies through the whole endsOn day', () => {
      expect(linesOf(price('2026-07-31T23:00', '2026-08-01T01:00', { rules: [summer] }))).toEqual([
        ['1 h × 120.00 EUR/h (Summer)', 12000],
        ['1 h × 100.00 EUR/h (base rate)', 10000],
      ]);
    });

    it('accepts a range open on one side', () => {
      const from = specialRate({ name: 'From Aug', startsOn: '2026-08-01', pricePerHour: 9000 });
      const until = specialRate({ name: 'Until Jun', endsOn: '2026-06-30', pricePerHour: 8000 });
      expect(price('2027-01-05T10:00', '2027-01-05T11:00', { rules: [from, until] }).subtotal).toBe(9000);
      expect(price('2025-01-05T10:00', '2025-01-05T11:00', { rules: [from, until] }).subtotal).toBe(8000);
      expect(price('2026-07-15T10:00', '2026-07-15T11:00', { rules: [from, until] }).subtotal).toBe(10000);
    });
  });

  describe('precedence', () => {
    it('lets the highest priority win over a more specific rule', () => {
      const broad = specialRate({ id: 1, name: 'Broad', priority: 5, pricePerHour: 20000 });
      const specific = specialRate({
        id: 2,
        name: 'Specific',
        priority: 1,
        weekdays: ['wed'],
        timeFrom: '08:00',
        timeTo: '20:00',
        startsOn: '2026-06-01',
        pricePerHour: 30000,
      });
      expect(linesOf(price('2026-06-10T10:00', '2026-06-10T11:00', { rules: [specific, broad] }))).toEqual([
        ['1 h × 200.00 EUR/h (Broad)', 20000],
      ]);
    });

    it('computes specificity as 4 × time window + 2 × weekdays + 1 × date range', () => {
      expect(specificity(specialRate({ pricePerHour: 1 }))).toBe(0);
      expect(specificity(specialRate({ pricePerHour: 1, endsOn: '2026-12-31' }))).toBe(1);
      expect(specificity(specialRate({ pricePerHour: 1, weekdays: ['mon'] }))).toBe(2);
      expect(specificity(specialRate({ pricePerHour: 1, weekdays: [] }))).toBe(0);
      expect(specificity(specialRate({ pricePerHour: 1, weekdays: ['mon'], startsOn: '2026-01-01' }))).toBe(3);
      expect(specificity(specialRate({ pricePerHour: 1, timeFrom: '10:00', timeTo: '12:00' }))).toBe(4);
      expect(
        specificity(
          specialRate({ pricePerHour: 1, timeFrom: '10:00', timeTo: '12:00', weekdays: ['mon'], startsOn: '2026-01-01' })
        )
      ).toBe(7);
    });

    it('lets the more specific rule win a priority tie, at every level', () => {
      // Each pair: the less specific rule has the higher id, so only specificity can make the other win.
      const everyDay = specialRate({ id: 60, name: 'Every day', pricePerHour: 11000 });
      const dated = specialRate({ id: 50, name: 'Dated', startsOn: '2026-06-01', endsOn: '2026-06-30', pricePerHour: 12000 });
      const weekday = specialRate({ id: 40, name: 'Wednesday', weekdays: ['wed'], pricePerHour: 13000 });
      const datedWeekday = specialRate({
        id: 30,
        name: 'June Wednesday',
        weekdays: ['wed'],
        startsOn: '2026-06-01',
        pricePerHour: 14000,
      });
      const timed = specialRate({ id: 20, name: 'Morning', timeFrom: '08:00', timeTo: '12:00', pricePerHour: 15000 });
      const winnerOf = (...rules: PricingRule[]) =>
        price('2026-06-10T10:00', '2026-06-10T11:00', { rules }).lines.map((line) => line.rule_id);
      expect(winnerOf(everyDay, dated)).toEqual([50]);
      expect(winnerOf(dated, weekday)).toEqual([40]);
      expect(winnerOf(weekday, datedWeekday)).toEqual([30]);
      expect(winnerOf(datedWeekday, timed)).toEqual([20]);
      expect(winnerOf(everyDay, dated, weekday, datedWeekday, timed)).toEqual([20]);
    });

    it('lets the higher id win a full tie, whatever the input order', () => {
      const older = specialRate({ id: 7, name: 'Older', weekdays: ['wed'], pricePerHour: 12000 });
      const newer = specialRate({ id: 8, name: 'Newer', weekdays: ['wed'], pricePerHour: 13000 });
      expect(specialRateFor([older, newer], '2026-06-10', 600)?.id).toBe(8);
      expect(specialRateFor([newer, older], '2026-06-10', 600)?.id).toBe(8);
      expect(price('2026-06-10T10:00', '2026-06-10T11:00', { rules: [newer, older] }).subtotal).toBe(13000);
    });

    it('never stacks special rates', () => {
      const a = specialRate({ id: 1, name: 'A', multiplier: 1.5 });
      const b = specialRate({ id: 2, name: 'B', multiplier: 2 });
      expect(linesOf(price('2026-06-10T10:00', '2026-06-10T11:00', { rules: [a, b] }))).toEqual([
        ['1 h × 200.00 EUR/h (B)', 20000],
      ]);
    });

    it('falls back to the base rate when nothing applies', () => {
      const inactive = specialRate({ name: 'Off', active: false, pricePerHour: 1 });
      const otherDay = specialRate({ name: 'Monday', weekdays: ['mon'], pricePerHour: 2 });
      const otherTime = specialRate({ name: 'Night', timeFrom: '00:00', timeTo: '06:00', pricePerHour: 3 });
      const expired = specialRate({ name: 'Old', endsOn: '2026-06-09', pricePerHour: 4 });
      const rules = [inactive, otherDay, otherTime, expired];
      expect(specialRateFor(rules, '2026-06-10', 600)).toBeNull();
      expect(linesOf(price('2026-06-10T10:00', '2026-06-10T11:00', { rules }))).toEqual([
        ['1 h × 100.00 EUR/h (base rate)', 10000],
      ]);
    });

    it('gives a segment to the special rate even when it equals the base rate, as its own line', () => {
      const same = specialRate({ id: 9, name: 'Same', timeFrom: '11:00', timeTo: '12:00', pricePerHour: 10000 });
      const q = price('2026-06-10T10:00', '2026-06-10T12:00', { rules: [same] });
      expect(q.lines.map((line) => [line.rule_id, line.amount])).toEqual([
        [null, 10000],
        [9, 10000],
      ]);
    });
  });
});

describe('daylight saving time', () => {
  it('prices 01:00–04:00 on Berlin spring-forward day as 2 h', () => {
    const q = price('2026-03-29T01:00', '2026-03-29T04:00');
    expect(q.hours).toBe(2);
    expect(linesOf(q)).toEqual([['2 h × 100.00 EUR/h (base rate)', 20000]]);
  });

  it('prices 01:00–04:00 on Berlin fall-back day as 4 h', () => {
    const q = price('2026-10-25T01:00', '2026-10-25T04:00');
    expect(q.hours).toBe(4);
    expect(linesOf(q)).toEqual([['4 h × 100.00 EUR/h (base rate)', 40000]]);
  });

  it('applies a wall-clock window to both passes of a repeated hour, and skips a missing one', () => {
    const night = specialRate({ name: 'Night', timeFrom: '02:00', timeTo: '03:00', pricePerHour: 20000 });
    expect(linesOf(price('2026-10-25T01:00', '2026-10-25T04:00', { rules: [night] }))).toEqual([
      ['2 h × 100.00 EUR/h (base rate)', 20000],
      ['2 h × 200.00 EUR/h (Night)', 40000],
    ]);
    expect(linesOf(price('2026-03-29T01:00', '2026-03-29T04:00', { rules: [night] }))).toEqual([
      ['2 h × 100.00 EUR/h (base rate)', 20000],
    ]);
  });

  it('classifies the hour after a spring-forward gap by its wall clock', () => {
    // 02:30 does not exist on 2026-03-29; from 03:00 (= 01:00 UTC) the rule is in force.
    const rule = specialRate({ name: 'From half past two', timeFrom: '02:30', timeTo: '05:00', pricePerHour: 20000 });
    expect(linesOf(price('2026-03-29T01:00', '2026-03-29T04:00', { rules: [rule] }))).toEqual([
      ['1 h × 100.00 EUR/h (base rate)', 10000],
      ['1 h × 200.00 EUR/h (From half past two)', 20000],
    ]);
  });

  it('handles New York spring forward (00:00–06:00 local is 5 h)', () => {
    const q = price('2026-03-08T00:00', '2026-03-08T06:00', { timezone: NEW_YORK });
    expect(q.hours).toBe(5);
    expect(q.subtotal).toBe(50000);
  });
});

describe('discounts', () => {
  // Subtotal 30000 unless noted.
  const threeHours = (overrides: Partial<QuoteInput> = {}) => price('2026-06-10T10:00', '2026-06-10T13:00', overrides);

  it('applies an automatic percent discount before fee and tax', () => {
    const q = threeHours({ rules: [discount({ id: 5, name: 'Ten off', discountType: 'percent', discountValue: 10 })] });
    expect(q).toMatchObject({
      subtotal: 30000,
      discount: 3000,
      discount_rule: { id: 5, name: 'Ten off', promo_code: null },
      platform_fee: 2700,
      tax: 5643,
      total_amount: 35343,
    });
  });

  it('rounds a percent discount half up', () => {
    // 12.5 % of 10020 = 1252.5 → 1253
    const q = price('2026-06-10T10:00', '2026-06-10T11:00', { pricePerHour: 10020, rules: [discount({ discountValue: 12.5 })] });
    expect(q.discount).toBe(1253);
  });

  it('caps a fixed discount at the subtotal', () => {
    const q = threeHours({ rules: [discount({ discountType: 'fixed', discountValue: 50000 })] });
    expect(q).toMatchObject({ subtotal: 30000, discount: 30000, platform_fee: 0, tax: 0, total_amount: 0 });
    expect(threeHours({ rules: [discount({ discountType: 'fixed', discountValue: 2500 })] }).discount).toBe(2500);
  });

  it('requires the minimum hours', () => {
    const long = discount({ minHours: 3 });
    expect(price('2026-06-10T10:00', '2026-06-10T12:00', { rules: [long] }).discount).toBe(0);
    expect(threeHours({ rules: [long] }).discount).toBe(3000);
    const ninetyMinutes = discount({ minHours: 1.5 });
    expect(price('2026-06-10T10:00', '2026-06-10T11:30', { rules: [ninetyMinutes] }).discount).toBe(1500);
    expect(price('2026-06-10T10:00', '2026-06-10T11:29', { rules: [ninetyMinutes] }).discount).toBe(0);
  });

  it('stops once used up', () => {
    expect(threeHours({ rules: [discount({ maxUses: 5, uses: 5 })] }).discount).toBe(0);
    expect(threeHours({ rules: [discount({ maxUses: 5, uses: 4 })] }).discount).toBe(3000);
    expect(threeHours({ rules: [discount({ maxUses: 0, uses: 0 })] }).discount).toBe(0);
  });

  it('checks validity against the local start date, inclusively', () => {
    const june = discount({ startsOn: '2026-06-10', endsOn: '2026-06-12' });
    expect(price('2026-06-10T00:00', '2026-06-10T02:00', { rules: [june] }).discount).toBe(2000);
    expect(price('2026-06-12T23:00', '2026-06-13T01:00', { rules: [june] }).discount).toBe(2000);
    expect(price('2026-06-13T00:00', '2026-06-13T02:00', { rules: [june] }).discount).toBe(0);
    // Starts the evening before the range: the booking's start date decides, not where it ends.
    expect(price('2026-06-09T23:00', '2026-06-10T01:00', { rules: [june] }).discount).toBe(0);
  });

  it('uses the venue-local start date, not the UTC one', () => {
    // New York 2026-06-09 22:00 is already 2026-06-10 02:00 UTC.
    const fromTenth = discount({ startsOn: '2026-06-10' });
    expect(price('2026-06-09T22:00', '2026-06-10T00:00', { timezone: NEW_YORK, rules: [fromTenth] }).discount).toBe(0);
    expect(price('2026-06-10T00:00', '2026-06-10T02:00', { timezone: NEW_YORK, rules: [fromTenth] }).discount).toBe(2000);
  });

  it('honours weekdays on the start date', () => {
    const wednesdays = discount({ weekdays: ['wed'] });
    expect(threeHours({ rules: [wednesdays] }).discount).toBe(3000);
    expect(price('2026-06-11T10:00', '2026-06-11T13:00', { rules: [wednesdays] }).discount).toBe(0);
  });

  it('ignores inactive discounts', () => {
    expect(threeHours({ rules: [discount({ active: false, discountValue: 50 })] }).discount_rule).toBeNull();
  });

  it('picks the single discount that saves the most', () => {
    const tenPercent = discount({ id: 1, name: 'Ten percent', discountValue: 10 });
    const fixed = discount({ id: 2, name: 'Fixed 25', discountType: 'fixed', discountValue: 2500 });
    const big = threeHours({ rules: [tenPercent, fixed] });
    expect([big.discount, big.discount_rule?.id]).toEqual([3000, 1]);
    const small = price('2026-06-10T10:00', '2026-06-10T12:00', { rules: [tenPercent, fixed] });
    expect([small.discount, small.discount_rule?.id]).toEqual([2500, 2]);
  });

  it('breaks a saving tie by priority, then by id', () => {
    const low = discount({ id: 1, name: 'Low', priority: 0, discountType: 'fixed', discountValue: 3000 });
    const high = discount({ id: 2, name: 'High', priority: 3, discountValue: 10 });
    const later = discount({ id: 3, name: 'Later', priority: 0, discountType: 'fixed', discountValue: 3000 });
    expect(threeHours({ rules: [low, high, later] }).discount_rule?.id).toBe(2);
    expect(threeHours({ rules: [later, low] }).discount_rule?.id).toBe(3);
  });

  describe('promo codes', () => {
    const summer = (fields: Partial<PricingRule> = {}) =>
      discount({ id: 20, name: 'Summer code', promoCode: 'SUMMER20', discountValue: 20, ...fields });

    it('applies only when the customer gives the code', () => {
      expect(threeHours({ rules: [summer()] }).discount).toBe(0);
      const q = threeHours({ rules: [summer()], promoCode: 'SUMMER20' });
      expect(q).toMatchObject({ discount: 6000, discount_rule: { id: 20, name: 'Summer code', promo_code: 'SUMMER20' } });
    });

    it('matches case-insensitively and trimmed', () => {
      expect(threeHours({ rules: [summer()], promoCode: '  summer20 ' }).discount).toBe(6000);
      expect(threeHours({ rules: [summer({ promoCode: ' Summer20' })], promoCode: 'SUMMER20' }).discount).toBe(6000);
    });

    it('treats a blank code as no code', () => {
      expect(threeHours({ rules: [summer()], promoCode: '   ' }).discount).toBe(0);
    });

    it('rejects an unknown code', () => {
      expectPricingError(() => threeHours({ rules: [summer()], promoCode: 'WINTER' }), 'PROMO_CODE_INVALID');
      expectPricingError(() => threeHours({ rules: [], promoCode: 'WINTER' }), 'PROMO_CODE_INVALID');
    });

    it('rejects a used-up, expired, too-short, inactive or wrong-day code', () => {
      const rejects = (rule: PricingRule) =>
        expectPricingError(() => threeHours({ rules: [rule], promoCode: 'summer20' }), 'PROMO_CODE_INVALID');
      rejects(summer({ maxUses: 10, uses: 10 }));
      rejects(summer({ endsOn: '2026-06-09' }));
      rejects(summer({ startsOn: '2026-06-11' }));
      rejects(summer({ minHours: 4 }));
      rejects(summer({ active: false }));
      rejects(summer({ weekdays: ['sat', 'sun'] }));
    });

    it('accepts a code when one of several rules with it is applicable', () => {
      const usedUp = summer({ id: 21, maxUses: 1, uses: 1, discountValue: 50 });
      const fresh = summer({ id: 22, discountValue: 15 });
      expect(threeHours({ rules: [usedUp, fresh], promoCode: 'SUMMER20' }).discount_rule?.id).toBe(22);
    });

    it('lets a bigger automatic discount beat a valid code', () => {
      const automatic = discount({ id: 30, name: 'Automatic', discountValue: 25 });
      const q = threeHours({ rules: [summer(), automatic], promoCode: 'summer20' });
      expect(q).toMatchObject({ discount: 7500, discount_rule: { id: 30, promo_code: null } });
    });

    it('lets a valid code beat a smaller automatic discount', () => {
      const automatic = discount({ id: 30, name: 'Automatic', discountValue: 5 });
      expect(threeHours({ rules: [summer(), automatic], promoCode: 'SUMMER20' }).discount_rule?.id).toBe(20);
    });
  });
});

describe('platform fee and tax', () => {
  it('rounds the fee and the tax half up, each on its own base', () => {
    // fee 10 % of 123.45 = 12.345 → 1235; tax 19 % of 135.80 = 25.802 → 2580
    const q = price('2026-06-10T10:00', '2026-06-10T11:00', { pricePerHour: 12345 });
    expect(q).toMatchObject({ subtotal: 12345, discount: 0, platform_fee: 1235, tax: 2580, total_amount: 16160 });
  });

  it('rounds exact halves up', () => {
    // fee 50 % of 101 = 50.5 → 51; tax 10 % of 152 = 15.2 → 15
    const q = price('2026-06-10T10:00', '2026-06-10T11:00', { pricePerHour: 101, platformFeePercent: 50, taxPercent: 10 });
    expect(q).toMatchObject({ platform_fee: 51, tax: 15, total_amount: 167 });
  });

  it('supports fractional percentages', () => {
    // fee 7.5 % of 270.00 (after 10 % off) = 20.25 → 2025; tax 8.25 % of 290.25 = 23.945625 → 2395
    const q = price('2026-06-10T10:00', '2026-06-10T13:00', {
      rules: [discount({ discountValue: 10 })],
      platformFeePercent: 7.5,
      taxPercent: 8.25,
    });
    expect(q).toMatchObject({ subtotal: 30000, discount: 3000, platform_fee: 2025, tax: 2395, total_amount: 31420 });
  });

  it('charges nothing extra when fee and tax are zero', () => {
    const q = price('2026-06-10T10:00', '2026-06-10T11:00', { platformFeePercent: 0, taxPercent: 0 });
    expect(q).toMatchObject({ platform_fee: 0, tax: 0, total_amount: 10000 });
  });
});

describe('invalid input', () => {
  const invalidRules: Array<[string, Partial<PricingRule>]> = [
    ['special rate without price or multiplier', { kind: 'special_rate' }],
    ['special rate with both price and multiplier', { kind: 'special_rate', pricePerHour: 100, multiplier: 2 }],
    ['negative multiplier', { kind: 'special_rate', multiplier: -1 }],
    ['fractional price', { kind: 'special_rate', pricePerHour: 10.5 }],
    ['unparseable timeFrom', { kind: 'special_rate', pricePerHour: 100, timeFrom: '9:00', timeTo: '12:00' }],
    ['out-of-range timeTo', { kind: 'special_rate', pricePerHour: 100, timeFrom: '09:00', timeTo: '25:00' }],
    ['timeFrom at 24:00', { kind: 'special_rate', pricePerHour: 100, timeFrom: '24:00', timeTo: '02:00' }],
    ['timeFrom without timeTo', { kind: 'special_rate', pricePerHour: 100, timeFrom: '09:00' }],
    ['unknown weekday', { kind: 'special_rate', pricePerHour: 100, weekdays: ['funday' as Weekday] }],
    ['malformed date', { kind: 'special_rate', pricePerHour: 100, startsOn: '2026-13-01' }],
    ['reversed date range', { kind: 'special_rate', pricePerHour: 100, startsOn: '2026-07-01', endsOn: '2026-06-01' }],
    ['discount without type', { kind: 'discount', discountType: null, discountValue: 10 }],
    ['discount without value', { kind: 'discount', discountType: 'fixed', discountValue: null }],
    ['percent above 100', { kind: 'discount', discountType: 'percent', discountValue: 101 }],
    ['negative fixed discount', { kind: 'discount', discountType: 'fixed', discountValue: -5 }],
    ['negative minHours', { kind: 'discount', discountType: 'fixed', discountValue: 5, minHours: -1 }],
  ];

  it.each(invalidRules)('rejects an active %s as INVALID_RULE naming the rule', (_case, fields) => {
    const rule: PricingRule = { id: 4242, name: 'Broken', active: true, priority: 0, uses: 0, kind: 'special_rate', ...fields };
    const error = expectPricingError(() => price('2026-06-10T10:00', '2026-06-10T11:00', { rules: [rule] }), 'INVALID_RULE');
    expect(error.message).toContain('4242');
    expect(error.ruleId).toBe(4242);
  });

  it('ignores a broken rule that is inactive', () => {
    const draft = specialRate({ active: false, pricePerHour: 100, multiplier: 2 });
    expect(price('2026-06-10T10:00', '2026-06-10T11:00', { rules: [draft] }).subtotal).toBe(10000);
  });

  it('accepts a 100 % discount and a 24:00 end time', () => {
    const free = discount({ discountValue: 100 });
    const lateEvening = specialRate({ name: 'Till midnight', timeFrom: '20:00', timeTo: '24:00', pricePerHour: 5000 });
    const q = price('2026-06-10T19:00', '2026-06-11T01:00', { rules: [free, lateEvening] });
    expect(linesOf(q)).toEqual([
      ['2 h × 100.00 EUR/h (base rate)', 20000],
      ['4 h × 50.00 EUR/h (Till midnight)', 20000],
    ]);
    expect(q).toMatchObject({ subtotal: 40000, discount: 40000, total_amount: 0 });
  });

  it('throws RangeError for an empty or reversed window', () => {
    expect(() => price('2026-06-10T10:00', '2026-06-10T10:00')).toThrow(RangeError);
    expect(() => price('2026-06-10T11:00', '2026-06-10T10:00')).toThrow(RangeError);
  });

  it('throws RangeError for an unknown timezone', () => {
    const window = { start: Date.UTC(2026, 5, 10, 10), end: Date.UTC(2026, 5, 10, 11) };
    expect(() =>
      quote({
        pricePerHour: 10000,
        currency: 'EUR',
        timezone: 'Mars/Olympus_Mons',
        window,
        rules: [],
        platformFeePercent: 10,
        taxPercent: 19,
      })
    ).toThrow(RangeError);
  });

  // One validator for availability and pricing (src/domain/local-time.ts): IANA names only.
  it.each(['UTC+3', 'system', 'local', ''])('throws RangeError for the non-IANA zone %j', (timezone) => {
    const window = { start: Date.UTC(2026, 5, 10, 10), end: Date.UTC(2026, 5, 10, 11) };
    expect(() =>
      quote({ pricePerHour: 10000, currency: 'EUR', timezone, window, rules: [], platformFeePercent: 0, taxPercent: 0 })
    ).toThrow(RangeError);
  });

  it('prices a UTC venue by the UTC clock', () => {
    const saturday = specialRate({ name: 'Saturday', weekdays: ['sat'], multiplier: 2 });
    expect(linesOf(price('2026-06-12T23:00', '2026-06-13T01:00', { timezone: 'UTC', rules: [saturday] }))).toEqual([
      ['1 h × 100.00 EUR/h (base rate)', 10000],
      ['1 h × 200.00 EUR/h (Saturday)', 20000],
    ]);
  });
});

/** Deterministic PRNG (mulberry32) so the generated cases are frozen. */
const seededRandom = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

describe('invariants over generated inputs', () => {
  const random = seededRandom(20260329);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const integer = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const clock = () => `${String(integer(0, 23)).padStart(2, '0')}:${pick(['00', '15', '30', '45'])}`;
  const maybe = <T>(value: () => T): T | null => (random() < 0.5 ? value() : null);
  const weekdays: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
  // Around both 2026 DST switches of Berlin and New York, and an ordinary month.
  const anchors = [
    Date.UTC(2026, 2, 7),
    Date.UTC(2026, 2, 27),
    Date.UTC(2026, 9, 23),
    Date.UTC(2026, 9, 31),
    Date.UTC(2026, 5, 1),
  ];

  const generateRule = (id: number): PricingRule => {
    const startsOn = maybe(() => `2026-${pick(['03', '06', '10', '11'])}-${String(integer(1, 28)).padStart(2, '0')}`);
    const base = {
      id,
      name: `Rule ${id}`,
      active: random() < 0.9,
      priority: integer(0, 3),
      startsOn,
      endsOn: startsOn && random() < 0.5 ? '2026-12-31' : null,
      weekdays: maybe(() => weekdays.filter(() => random() < 0.4)),
      uses: integer(0, 3),
    };
    if (random() < 0.6) {
      const timed = random() < 0.6;
      return {
        ...base,
        kind: 'special_rate',
        timeFrom: timed ? clock() : null,
        timeTo: timed ? pick([clock(), '24:00']) : null,
        ...(random() < 0.5 ? { pricePerHour: integer(0, 40000) } : { multiplier: integer(0, 300) / 100 }),
      };
    }
    const percent = random() < 0.5;
    return {
      ...base,
      kind: 'discount',
      discountType: percent ? 'percent' : 'fixed',
      discountValue: percent ? integer(0, 100) : integer(0, 50000),
      minHours: maybe(() => integer(0, 8) / 2),
      maxUses: maybe(() => integer(0, 5)),
    };
  };

  it('keeps totals consistent and every amount a non-negative integer for 400 generated quotes', () => {
    const isMoney = (value: number) => Number.isInteger(value) && value >= 0;
    for (let i = 0; i < 400; i += 1) {
      const start = pick(anchors) + integer(0, 4 * 24 * 4) * 15 * MINUTE + (random() < 0.2 ? integer(1, 59_999) : 0);
      const end = start + integer(1, 72 * 4) * 15 * MINUTE + (random() < 0.2 ? integer(1, 59_999) : 0);
      const input: QuoteInput = {
        pricePerHour: integer(0, 50000),
        currency: pick(['EUR', 'USD', 'INR', 'JPY']),
        timezone: pick([BERLIN, NEW_YORK, KOLKATA]),
        window: { start, end },
        rules: Array.from({ length: integer(0, 6) }, (_, index) => generateRule(index + 1)),
        platformFeePercent: pick([0, 5, 7.5, 10, 12]),
        taxPercent: pick([0, 7, 8.25, 19, 20]),
      };
      const q = quote(input);
      const context = JSON.stringify(input);

      expect({ context, sum: q.lines.reduce((sum, line) => sum + line.amount, 0) }).toEqual({ context, sum: q.subtotal });
      expect({ context, total: q.subtotal - q.discount + q.platform_fee + q.tax }).toEqual({ context, total: q.total_amount });
      for (const amount of [
        q.subtotal,
        q.discount,
        q.platform_fee,
        q.tax,
        q.total_amount,
        ...q.lines.map((line) => line.amount),
      ]) {
        expect({ context, amount, money: isMoney(amount) }).toEqual({ context, amount, money: true });
      }
      expect(q.discount).toBeLessThanOrEqual(q.subtotal);
      expect(q.hours).toBe((end - start) / HOUR);
      // Lines partition the booking: their minutes add up to its real length.
      expect(q.lines.reduce((sum, line) => sum + line.minutes, 0)).toBeCloseTo((end - start) / MINUTE, 6);
      const keys = q.lines.map((line) => `${line.rule_id}:${line.rate}`);
      expect(new Set(keys).size).toBe(keys.length);
    }
  });
});
