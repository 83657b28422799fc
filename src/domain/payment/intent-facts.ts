/**
 * What a PaymentIntent (as re-read from the provider) means for our records. Pure: webhook, verify and
 * reconciliation all derive state from a fresh read through these functions, so the order and number
 * of events never matter — only the latest truth does.
 */
import type { PaymentStatus } from '../booking/state-machine';

export const PAYMENT_RECORD_STATUSES = [
  'requires_payment_method',
  'requires_action',
  'processing',
  'authorized',
  'succeeded',
  'failed',
  'canceled',
  'partially_refunded',
  'refunded',
] as const;
export type PaymentRecordStatus = (typeof PAYMENT_RECORD_STATUSES)[number];

/** A booking's payment status (the booking state machine's list). */
export type BookingPaymentStatus = PaymentStatus;

/** The fields of a provider PaymentIntent this module reads (a subset of Stripe.PaymentIntent). */
export interface IntentSnapshot {
  id: string;
  status: string;
  amount: number;
  amount_received: number;
  currency: string;
  last_payment_error?: { code?: string | null; decline_code?: string | null; message?: string | null } | null;
  cancellation_reason?: string | null;
}

export interface RefundSnapshot {
  id: string;
  amount: number;
  status: string | null; // pending | requires_action | succeeded | failed | canceled
  metadata?: Record<string, string> | null;
}

export interface IntentFacts {
  status: PaymentRecordStatus;
  amount_captured: number;
  refunded_amount: number;
  failure_reason: string | null;
}

export const refundedTotal = (refunds: RefundSnapshot[]): number =>
  refunds.filter((refund) => refund.status === 'succeeded').reduce((sum, refund) => sum + refund.amount, 0);

export const factsOf = (intent: IntentSnapshot, refunds: RefundSnapshot[]): IntentFacts => {
  const captured = intent.status === 'succeeded' ? intent.amount_received : 0;
  const refunded = Math.min(captured, refundedTotal(refunds));
  const failure = intent.last_payment_error
    ? (intent.last_payment_error.decline_code ?? intent.last_payment_error.code ?? 'card_declined')
    : null;
  const base = (): PaymentRecordStatus => {
    switch (intent.status) {
      case 'succeeded':
        if (refunded > 0) return refunded >= captured ? 'refunded' : 'partially_refunded';
        return 'succeeded';
      case 'requires_capture':
        return 'authorized';
      case 'processing':
        return 'processing';
      case 'requires_action':
        return 'requires_action';
      case 'canceled':
        return 'canceled';
      default:
        // requires_payment_method / requires_confirmation: a decline leaves the intent here with an error.
        return failure ? 'failed' : 'requires_payment_method';
    }
  };
  return {
    status: base(),
    amount_captured: captured,
    refunded_amount: refunded,
    failure_reason: intent.status === 'succeeded' ? null : failure,
  };
};

/** The booking's payment_status for a payment record status (`null`: leave the booking's as it is). */
export const bookingPaymentStatusOf = (status: PaymentRecordStatus, current: BookingPaymentStatus): BookingPaymentStatus => {
  switch (status) {
    case 'succeeded':
      return 'paid';
    case 'partially_refunded':
    case 'refunded':
      return status;
    case 'authorized':
      return 'authorized';
    case 'failed':
      return current === 'unpaid' || current === 'failed' || current === 'authorized' ? 'failed' : current;
    case 'canceled':
      // A released authorization: nothing was taken.
      return current === 'authorized' || current === 'failed' ? 'unpaid' : current;
    default:
      return current;
  }
};

/** Statuses after which the provider will not move money for this intent any more without our action. */
export const SETTLED_STATUSES: PaymentRecordStatus[] = ['succeeded', 'partially_refunded', 'refunded', 'canceled'];

const CAPTURED_STATUSES: PaymentRecordStatus[] = ['succeeded', 'partially_refunded', 'refunded'];

/**
 * Is this read older than what we already recorded? Snapshots are read before the payment's lock is
 * taken, so a slow one can arrive after a newer one was applied. PaymentIntents only move forward once
 * money moved: a captured intent never becomes uncaptured, an authorization only becomes captured or
 * cancelled, a cancelled intent stays cancelled, and refunds only add up. Such a read is skipped.
 */
export const isStaleSnapshot = (
  recorded: { status: PaymentRecordStatus; refunded_amount: number },
  next: IntentFacts
): boolean => {
  if (next.refunded_amount < recorded.refunded_amount) return true;
  if (CAPTURED_STATUSES.includes(recorded.status)) return !CAPTURED_STATUSES.includes(next.status);
  if (recorded.status === 'canceled') return next.status !== 'canceled';
  if (recorded.status === 'authorized') return !['authorized', 'canceled', ...CAPTURED_STATUSES].includes(next.status);
  return false;
};
