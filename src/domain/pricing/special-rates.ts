import { roundMinor } from './money';
import { ruleCoversMoment, specificity } from './rules';
import type { PricingRule } from './types';

/**
 * Precedence between special rates that all cover a moment: higher priority, then more specific,
 * then the later rule (higher id). Negative when `a` wins.
 */
export const compareSpecialRates = (a: PricingRule, b: PricingRule): number =>
  (b.priority ?? 0) - (a.priority ?? 0) || specificity(b) - specificity(a) || b.id - a.id;

const isActiveSpecialRate = (rule: PricingRule): boolean => rule.active && rule.kind === 'special_rate';

/**
 * The one special rate in force at wall-clock `minuteOfDay` of local `date`, or null for the base
 * rate. Rates never stack: the precedence winner alone decides the price.
 */
export const specialRateFor = (rules: PricingRule[], date: string, minuteOfDay: number): PricingRule | null => {
  const applicable = rules.filter((rule) => isActiveSpecialRate(rule) && ruleCoversMoment(rule, date, minuteOfDay));
  return applicable.sort(compareSpecialRates)[0] ?? null;
};

/** Hourly rate (minor units) a special rate charges: its own price, or the base rate × multiplier. */
export const hourlyRateOf = (rule: PricingRule | null, basePricePerHour: number): number => {
  if (!rule) return basePricePerHour;
  if (rule.pricePerHour !== null && rule.pricePerHour !== undefined) return rule.pricePerHour;
  return roundMinor(basePricePerHour * (rule.multiplier ?? 1));
};
