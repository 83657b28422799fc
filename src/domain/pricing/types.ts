import type { Interval, Weekday } from '../time';
import { DomainError } from '../errors';

/** A venue's special rate or discount, as stored in api::pricing-rule (camelCased). */
export interface PricingRule {
  id: number;
  name: string;
  kind: 'special_rate' | 'discount';
  active: boolean;
  priority: number; // default 0
  startsOn?: string | null; // 'YYYY-MM-DD' venue-local, inclusive
  endsOn?: string | null; // inclusive
  weekdays?: Weekday[] | null; // null/empty = every day
  timeFrom?: string | null; // 'HH:mm' venue-local; special rates only
  timeTo?: string | null; // 'HH:mm' or '24:00'; timeTo <= timeFrom means past midnight
  pricePerHour?: number | null; // special_rate: absolute hourly rate (minor units) …
  multiplier?: number | null; // … or a multiplier of the base rate (exactly one of the two)
  discountType?: 'percent' | 'fixed' | null; // discount: percent (0–100) or fixed minor units
  discountValue?: number | null;
  promoCode?: string | null; // a coded discount needs the customer to give the code; uncoded is automatic
  minHours?: number | null; // discount applies only when booking hours >= minHours
  maxUses?: number | null; // discount applies only while uses < maxUses
  uses: number;
}

export interface QuoteInput {
  pricePerHour: number; // base rate, minor units
  currency: string;
  timezone: string; // venue IANA zone
  window: Interval; // the booking [start,end)
  rules: PricingRule[];
  promoCode?: string | null;
  platformFeePercent: number; // e.g. 10
  taxPercent: number; // e.g. 19
}

export interface QuoteLine {
  label: string;
  amount: number;
  minutes: number;
  rate: number;
  rule_id: number | null;
}

export interface Quote {
  currency: string;
  hours: number; // real elapsed hours (minutes / 60, may be fractional)
  lines: QuoteLine[]; // one line per (rate, rule) actually used, in time order of first use
  subtotal: number;
  discount: number; // 0 <= discount <= subtotal
  discount_rule: { id: number; name: string; promo_code: string | null } | null;
  platform_fee: number;
  tax: number;
  total_amount: number; // === subtotal - discount + platform_fee + tax
}

export type PricingErrorCode = 'PROMO_CODE_INVALID' | 'INVALID_RULE';

/** name 'PricingError'; `ruleId` names the offending rule of an INVALID_RULE. */
export class PricingError extends DomainError<PricingErrorCode> {
  constructor(
    code: PricingErrorCode,
    message: string,
    /** The offending rule, for INVALID_RULE. */
    readonly ruleId: number | null = null
  ) {
    super(code, message);
  }
}
