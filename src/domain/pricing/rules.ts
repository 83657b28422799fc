import { DateTime } from 'luxon';
import { parseClock, WEEKDAY_NUMBER, WEEKDAYS, type Weekday } from '../time';
import { PricingError, type PricingRule } from './types';
import { previousDate, weekdayOf } from '../local-time';

/** Rule validation and the date / weekday / time-window tests shared by special rates and discounts. */

const isSet = <T>(value: T | null | undefined): value is T => value !== null && value !== undefined;

const invalid = (rule: PricingRule, reason: string): PricingError =>
  new PricingError('INVALID_RULE', `pricing rule ${rule.id} ("${rule.name}") is invalid: ${reason}`, rule.id);

const isIsoDate = (value: string): boolean =>
  /^\d{4}-\d{2}-\d{2}$/.test(value) && DateTime.fromISO(value, { zone: 'utc' }).isValid;

const isNonNegativeInteger = (value: unknown): value is number => Number.isInteger(value) && (value as number) >= 0;
const isNonNegativeNumber = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0;

export const hasPromoCode = (rule: PricingRule): boolean => normalizePromoCode(rule.promoCode) !== null;

/** Codes compare trimmed and case-insensitively; blank counts as no code. */
export const normalizePromoCode = (code: string | null | undefined): string | null => {
  const trimmed = (code ?? '').trim().toLowerCase();
  return trimmed === '' ? null : trimmed;
};

/** A rule's local time window in minutes after midnight, or null when it runs all day. */
export const timeWindowOf = (rule: PricingRule): { from: number; to: number } | null =>
  isSet(rule.timeFrom) && isSet(rule.timeTo) ? { from: parseClock(rule.timeFrom), to: parseClock(rule.timeTo) } : null;

const hasWeekdays = (rule: PricingRule): boolean => Array.isArray(rule.weekdays) && rule.weekdays.length > 0;
const hasDateRange = (rule: PricingRule): boolean => isSet(rule.startsOn) || isSet(rule.endsOn);

const validateCommonFields = (rule: PricingRule): void => {
  for (const bound of [rule.startsOn, rule.endsOn]) {
    if (isSet(bound) && !isIsoDate(bound)) throw invalid(rule, `"${bound}" is not a YYYY-MM-DD date`);
  }
  if (isSet(rule.startsOn) && isSet(rule.endsOn) && rule.startsOn > rule.endsOn) {
    throw invalid(rule, 'startsOn is after endsOn');
  }
  if (isSet(rule.weekdays)) {
    const known = Array.isArray(rule.weekdays) && rule.weekdays.every((day) => WEEKDAYS.includes(day));
    if (!known) throw invalid(rule, `weekdays must be a list of ${WEEKDAYS.join('/')}`);
  }
};

const validateSpecialRate = (rule: PricingRule): void => {
  const hasPrice = isSet(rule.pricePerHour);
  const hasMultiplier = isSet(rule.multiplier);
  if (hasPrice === hasMultiplier) throw invalid(rule, 'a special rate needs exactly one of pricePerHour and multiplier');
  if (hasPrice && !isNonNegativeInteger(rule.pricePerHour)) throw invalid(rule, 'pricePerHour must be a non-negative integer');
  if (hasMultiplier && !isNonNegativeNumber(rule.multiplier)) throw invalid(rule, 'multiplier must be a non-negative number');
  if (isSet(rule.timeFrom) !== isSet(rule.timeTo)) throw invalid(rule, 'timeFrom and timeTo go together');
  if (!isSet(rule.timeFrom) || !isSet(rule.timeTo)) return;
  let from: number;
  try {
    from = parseClock(rule.timeFrom);
    parseClock(rule.timeTo);
  } catch {
    throw invalid(rule, `unparseable time window "${rule.timeFrom}"–"${rule.timeTo}"`);
  }
  if (from >= 1440) throw invalid(rule, 'timeFrom must be before 24:00');
};

const validateDiscount = (rule: PricingRule): void => {
  if (rule.discountType !== 'percent' && rule.discountType !== 'fixed')
    throw invalid(rule, 'discountType must be percent or fixed');
  if (!isNonNegativeNumber(rule.discountValue)) throw invalid(rule, 'discountValue must be a non-negative number');
  if (rule.discountType === 'percent' && rule.discountValue > 100) throw invalid(rule, 'a percent discount cannot exceed 100');
  if (rule.discountType === 'fixed' && !Number.isInteger(rule.discountValue))
    throw invalid(rule, 'a fixed discount is whole minor units');
  if (isSet(rule.minHours) && !isNonNegativeNumber(rule.minHours)) throw invalid(rule, 'minHours must be a non-negative number');
  if (isSet(rule.maxUses) && !isNonNegativeInteger(rule.maxUses)) throw invalid(rule, 'maxUses must be a non-negative integer');
};

/** Throws PricingError('INVALID_RULE') naming the rule when it cannot be priced with. */
export const validateRule = (rule: PricingRule): void => {
  if (rule.kind !== 'special_rate' && rule.kind !== 'discount') throw invalid(rule, `unknown kind "${String(rule.kind)}"`);
  validateCommonFields(rule);
  if (rule.kind === 'special_rate') validateSpecialRate(rule);
  else validateDiscount(rule);
};

/** Whether the rule's date range (inclusive, either bound optional) and weekdays allow a local date. */
export const ruleCoversDate = (rule: PricingRule, date: string): boolean => {
  if (isSet(rule.startsOn) && date < rule.startsOn) return false;
  if (isSet(rule.endsOn) && date > rule.endsOn) return false;
  if (!hasWeekdays(rule)) return true;
  const weekday = weekdayOf(date);
  return (rule.weekdays as Weekday[]).some((day) => WEEKDAY_NUMBER[day] === weekday);
};

/**
 * Whether the rule covers the wall-clock minute `minuteOfDay` of local `date`. A window running past
 * midnight belongs to the day it starts on: Fri 22:00–02:00 covers Sat 00:00–02:00 because of Friday.
 */
export const ruleCoversMoment = (rule: PricingRule, date: string, minuteOfDay: number): boolean => {
  const window = timeWindowOf(rule);
  if (!window) return ruleCoversDate(rule, date);
  const { from, to } = window;
  if (from < to) return from <= minuteOfDay && minuteOfDay < to && ruleCoversDate(rule, date);
  const inTonightsPart = minuteOfDay >= from && ruleCoversDate(rule, date);
  const inLastNightsPart = minuteOfDay < to && ruleCoversDate(rule, previousDate(date));
  return inTonightsPart || inLastNightsPart;
};

/** 4 for a time window + 2 for weekdays + 1 for a date range: narrower rules beat broader ones. */
export const specificity = (rule: PricingRule): number =>
  (timeWindowOf(rule) ? 4 : 0) + (hasWeekdays(rule) ? 2 : 0) + (hasDateRange(rule) ? 1 : 0);
