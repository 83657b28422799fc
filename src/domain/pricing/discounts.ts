import { HOUR } from '../time';
import { percentOf } from './money';
import { hasPromoCode, normalizePromoCode, ruleCoversDate } from './rules';
import { PricingError, type PricingRule } from './types';

/** What the discount decision needs to know about the booking. */
export interface DiscountContext {
  subtotal: number;
  durationMs: number; // real elapsed booking length
  startDate: string; // venue-local date the booking starts on
  promoCode?: string | null;
}

export interface DiscountChoice {
  rule: PricingRule;
  amount: number;
}

/** Saving of one discount on a subtotal; never more than the subtotal. */
export const discountAmount = (rule: PricingRule, subtotal: number): number => {
  const value = rule.discountValue ?? 0;
  const amount = rule.discountType === 'percent' ? percentOf(subtotal, value) : value;
  return Math.min(Math.max(amount, 0), subtotal);
};

/**
 * Validity, minimum length and remaining uses — everything but the promo code. Discounts are judged
 * on the date (and weekday) the booking starts: one booking gets one discount decision.
 */
export const discountAppliesTo = (rule: PricingRule, context: DiscountContext): boolean => {
  if (!rule.active || rule.kind !== 'discount') return false;
  if (!ruleCoversDate(rule, context.startDate)) return false;
  // Compare in ms so 90 minutes meets a 1.5 h minimum without float doubt.
  if (rule.minHours !== null && rule.minHours !== undefined && context.durationMs < rule.minHours * HOUR) return false;
  if (rule.maxUses !== null && rule.maxUses !== undefined && (rule.uses ?? 0) >= rule.maxUses) return false;
  return true;
};

/** Bigger saving first, then higher priority, then higher id. Negative when `a` wins. */
const compareChoices = (a: DiscountChoice, b: DiscountChoice): number =>
  b.amount - a.amount || (b.rule.priority ?? 0) - (a.rule.priority ?? 0) || b.rule.id - a.rule.id;

/**
 * The single discount that saves the customer the most, or null. A code the customer gives must
 * name at least one applicable discount, else PROMO_CODE_INVALID — a customer must never be told a
 * code worked when it did not. A valid code can still lose to a bigger automatic discount.
 */
export const chooseDiscount = (rules: PricingRule[], context: DiscountContext): DiscountChoice | null => {
  const givenCode = normalizePromoCode(context.promoCode);
  const applicable = rules.filter((rule) => discountAppliesTo(rule, context));
  const matchesGivenCode = (rule: PricingRule) => givenCode !== null && normalizePromoCode(rule.promoCode) === givenCode;

  if (givenCode !== null && !applicable.some(matchesGivenCode)) {
    throw new PricingError('PROMO_CODE_INVALID', `promo code "${context.promoCode?.trim()}" is not valid for this booking`);
  }

  const candidates = applicable
    .filter((rule) => !hasPromoCode(rule) || matchesGivenCode(rule))
    .map((rule) => ({ rule, amount: discountAmount(rule, context.subtotal) }))
    .sort(compareChoices);
  const best = candidates[0];
  // A discount that saves nothing is not reported, so callers never count a use of it.
  return best && best.amount > 0 ? best : null;
};
