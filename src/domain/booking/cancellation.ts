import { HOUR } from '../time';

/**
 * Cancellation policies and refunds. The policy in force is snapshotted onto the booking when it is
 * created, so later changes by admins never change the terms a customer booked under.
 */
export type PolicyName = 'flexible' | 'moderate' | 'strict';

export interface RefundTier {
  min_hours_before: number; // the tier applies when cancelling at least this long before start
  refund_percent: number;
}

export interface CancellationPolicies {
  flexible: RefundTier[];
  moderate: RefundTier[];
  strict: RefundTier[];
  vendor_cancel_refund_percent: number;
}

export interface PolicySnapshot {
  policy: PolicyName;
  tiers: RefundTier[];
  vendor_cancel_refund_percent: number;
}

/** Contract defaults: flexible 100 % until 24 h then 50 %; moderate 100 % until 5 days, 50 % until 24 h, then 0; strict 50 % until 7 days, then 0. */
export const DEFAULT_POLICIES: CancellationPolicies = {
  flexible: [
    { min_hours_before: 24, refund_percent: 100 },
    { min_hours_before: 0, refund_percent: 50 },
  ],
  moderate: [
    { min_hours_before: 120, refund_percent: 100 },
    { min_hours_before: 24, refund_percent: 50 },
    { min_hours_before: 0, refund_percent: 0 },
  ],
  strict: [
    { min_hours_before: 168, refund_percent: 50 },
    { min_hours_before: 0, refund_percent: 0 },
  ],
  vendor_cancel_refund_percent: 100,
};

export const snapshotPolicy = (policy: PolicyName, policies: CancellationPolicies = DEFAULT_POLICIES): PolicySnapshot => ({
  policy,
  tiers: [...policies[policy]].sort((a, b) => b.min_hours_before - a.min_hours_before),
  vendor_cancel_refund_percent: policies.vendor_cancel_refund_percent,
});

export type Canceller = 'customer' | 'vendor' | 'admin' | 'system';

export interface RefundQuote {
  percent: number;
  amount: number;
  hours_before_start: number;
  tier: RefundTier | null;
  basis: 'policy' | 'vendor_cancelled' | 'admin';
}

/**
 * Refund for a cancellation at `now` of a booking starting at `start`, of `paidAmount` (minor units).
 * "100 % until 24 h before" includes exactly 24 h before;
 * no tier matches once the start has passed, so nothing is refunded by policy then;
 * a vendor or admin cancellation refunds the vendor percentage whenever it happens.
 */
export const refundFor = (
  snapshot: PolicySnapshot,
  input: { paidAmount: number; start: number; now: number; by: Canceller }
): RefundQuote => {
  const hoursBefore = (input.start - input.now) / HOUR;
  if (input.by !== 'customer') {
    const percent = snapshot.vendor_cancel_refund_percent;
    return {
      percent,
      amount: Math.round((input.paidAmount * percent) / 100),
      hours_before_start: hoursBefore,
      tier: null,
      basis: input.by === 'vendor' ? 'vendor_cancelled' : 'admin',
    };
  }
  const tiers = [...snapshot.tiers].sort((a, b) => b.min_hours_before - a.min_hours_before);
  const tier = tiers.find((t) => hoursBefore >= t.min_hours_before) ?? null;
  const percent = tier?.refund_percent ?? 0;
  return {
    percent,
    amount: Math.round((input.paidAmount * percent) / 100),
    hours_before_start: hoursBefore,
    tier,
    basis: 'policy',
  };
};
