/**
 * Booking price quotes. Pure: the caller loads the venue's rules and passes them in.
 *
 * Documented precedence
 * ---------------------
 * 1. Segments. The booking [start, end) is split at every venue-local midnight and at every
 *    timeFrom / timeTo of an active special rate, in the venue zone (luxon offsets, DST-correct:
 *    lengths are real elapsed time, so Berlin 01:00–04:00 is 2 h on 2026-03-29 and 4 h on 2026-10-25).
 *    A special rate covers a segment when it is active, the segment's local date is within
 *    [startsOn, endsOn] (inclusive, either bound optional), the local weekday is in weekdays (if
 *    any), and the segment's wall clock is inside [timeFrom, timeTo) (if set). A window with
 *    timeTo <= timeFrom runs past midnight and belongs to the date/weekday it STARTS on: a Friday
 *    22:00–02:00 rule also covers Saturday 00:00–02:00 (and timeFrom == timeTo is a full 24 h).
 * 2. One special rate per segment, never stacked: highest priority wins; on a tie the more specific
 *    rule (4 for a time window + 2 for weekdays + 1 for a date range); then the higher id.
 *    No special rate → base rate.
 * 3. Rate = pricePerHour, or round(base × multiplier). Segments are grouped by (rate, rule) into
 *    lines in time order of first use; line amount = round(rate × line minutes / 60), half up, so
 *    rounding happens once per line and subtotal = Σ line amounts exactly.
 * 4. Discounts are judged once per booking, on its local START date (date range and weekdays), its
 *    real length (minHours) and remaining uses (uses < maxUses). Automatic discounts (no code) are
 *    always candidates; coded ones only when the customer gives that code (trimmed, any case). A
 *    given code that matches no applicable discount → PROMO_CODE_INVALID. The single discount that
 *    saves the most applies (tie: higher priority, then higher id), even if that means a valid code
 *    loses to a bigger automatic discount. percent: round(subtotal × value / 100); fixed:
 *    min(value, subtotal). A discount saving 0 is not reported (discount_rule null).
 * 5. platform_fee = round((subtotal − discount) × fee% / 100);
 *    tax = round((subtotal − discount + platform_fee) × tax% / 100);
 *    total_amount = subtotal − discount + platform_fee + tax.
 * 6. Every ACTIVE rule is validated (inactive ones are ignored, so drafts cannot break quotes);
 *    a malformed one throws PricingError('INVALID_RULE') naming its id. Time-window and rate fields
 *    on discounts, and discount fields on special rates, are ignored.
 * 7. RangeError for end <= start, non-integer instants, an unknown IANA zone, a malformed currency,
 *    or a negative / non-integer base rate or negative percentages.
 */
import { HOUR, MINUTE, type Interval } from '../time';
import { chooseDiscount } from './discounts';
import { localDateOf, splitIntoLocalSegments, venueZone, type LocalSegment } from '../local-time';
import { amountForDuration, formatHours, formatMoney, minorDigits, percentOf } from './money';
import { timeWindowOf, validateRule } from './rules';
import { hourlyRateOf, specialRateFor } from './special-rates';
import type { PricingRule, Quote, QuoteInput, QuoteLine } from './types';

export * from './types';
export { specialRateFor, hourlyRateOf, compareSpecialRates } from './special-rates';
export { chooseDiscount, discountAmount, discountAppliesTo } from './discounts';
export { ruleCoversDate, ruleCoversMoment, specificity, validateRule, normalizePromoCode } from './rules';
export { splitIntoLocalSegments, type LocalSegment } from '../local-time';
export { formatMoney, formatHours } from './money';

const assertValidInput = (input: QuoteInput): void => {
  const { start, end } = input.window;
  if (!Number.isInteger(start) || !Number.isInteger(end)) throw new RangeError('window bounds must be integer epoch ms');
  if (end <= start) throw new RangeError('window end must be after its start');
  if (!Number.isInteger(input.pricePerHour) || input.pricePerHour < 0) {
    throw new RangeError('pricePerHour must be a non-negative integer (minor units)');
  }
  for (const [name, percent] of [
    ['platformFeePercent', input.platformFeePercent],
    ['taxPercent', input.taxPercent],
  ] as const) {
    if (!Number.isFinite(percent) || percent < 0) throw new RangeError(`${name} must be a non-negative number`);
  }
  minorDigits(input.currency); // throws RangeError for a malformed currency code
};

/** Every clock time at which some special rate starts or stops applying. */
const clockBoundariesOf = (specialRates: PricingRule[]): number[] =>
  specialRates.flatMap((rule) => {
    const window = timeWindowOf(rule);
    return window ? [window.from, window.to] : [];
  });

interface LineAccumulator {
  rule: PricingRule | null;
  rate: number;
  elapsedMs: number;
}

const lineLabel = (line: LineAccumulator, minutes: number, currency: string): string =>
  `${formatHours(minutes)} h × ${formatMoney(line.rate, currency)}/h (${line.rule ? line.rule.name : 'base rate'})`;

/** Prices each segment at its winning rate and groups them into lines by (rate, rule). */
const priceSegments = (segments: LocalSegment[], specialRates: PricingRule[], input: QuoteInput): QuoteLine[] => {
  const lines = new Map<string, LineAccumulator>(); // insertion order = time order of first use
  for (const segment of segments) {
    const rule = specialRateFor(specialRates, segment.date, segment.minuteOfDay);
    const rate = hourlyRateOf(rule, input.pricePerHour);
    const key = `${rule?.id ?? 'base'}:${rate}`;
    const line = lines.get(key) ?? { rule, rate, elapsedMs: 0 };
    line.elapsedMs += segment.end - segment.start;
    lines.set(key, line);
  }
  return [...lines.values()].map((line) => {
    const minutes = line.elapsedMs / MINUTE;
    return {
      label: lineLabel(line, minutes, input.currency),
      amount: amountForDuration(line.rate, line.elapsedMs, HOUR),
      minutes,
      rate: line.rate,
      rule_id: line.rule?.id ?? null,
    };
  });
};

const durationOf = (window: Interval): number => window.end - window.start;

export const quote = (input: QuoteInput): Quote => {
  assertValidInput(input);
  const zone = venueZone(input.timezone);
  const activeRules = input.rules.filter((rule) => rule.active);
  activeRules.forEach(validateRule);
  const specialRates = activeRules.filter((rule) => rule.kind === 'special_rate');

  const segments = splitIntoLocalSegments(input.window, zone, clockBoundariesOf(specialRates));
  const lines = priceSegments(segments, specialRates, input);
  const subtotal = lines.reduce((sum, line) => sum + line.amount, 0);

  const chosen = chooseDiscount(activeRules, {
    subtotal,
    durationMs: durationOf(input.window),
    startDate: localDateOf(input.window.start, zone),
    promoCode: input.promoCode,
  });
  const discount = chosen?.amount ?? 0;
  const platformFee = percentOf(subtotal - discount, input.platformFeePercent);
  const tax = percentOf(subtotal - discount + platformFee, input.taxPercent);

  return {
    currency: input.currency,
    hours: durationOf(input.window) / HOUR,
    lines,
    subtotal,
    discount,
    discount_rule: chosen
      ? { id: chosen.rule.id, name: chosen.rule.name, promo_code: chosen.rule.promoCode?.trim() || null }
      : null,
    platform_fee: platformFee,
    tax,
    total_amount: subtotal - discount + platformFee + tax,
  };
};
