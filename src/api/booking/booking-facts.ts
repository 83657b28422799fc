import { type Actor } from '../../infra/actor';
import crypto from 'node:crypto';
import { refundFor, type Canceller, type PolicySnapshot } from '../../domain/booking/cancellation';
import { relationshipTo, type BookingRow } from './booking-view';

/** Facts about a booking row that several engine steps need. */

/** What the customer has paid and not yet got back (refunds are based on it). */
export const paidAmount = (row: BookingRow): number => {
  if (row.payment_status === 'paid') return row.total_amount;
  if (row.payment_status === 'partially_refunded') return Math.max(0, row.total_amount - Number(row.refunded_amount ?? 0));
  return 0;
};

/** Has the hold (pending_payment) or request (requested) deadline of this booking passed? */
export const deadlinePassed = (row: BookingRow, now: number): boolean => {
  const deadline =
    row.status === 'pending_payment' ? row.hold_expires_at : row.status === 'requested' ? row.request_expires_at : null;
  return deadline !== null && Date.parse(deadline) <= now;
};

/** Human-friendly booking reference (e.g. TOF-7K3M9Q2A), no ambiguous characters. */
const REFERENCE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export const newReference = (): string =>
  `TOF-${Array.from(crypto.randomBytes(8), (byte) => REFERENCE_ALPHABET[byte % REFERENCE_ALPHABET.length]).join('')}`;

/** Who is cancelling, as the refund policy sees it. */
export const cancellerOf = (row: BookingRow, actor: Actor): Canceller => {
  const relation = relationshipTo(row, actor);
  return relation === 'staff' ? 'admin' : relation === 'vendor' ? 'vendor' : 'customer';
};

/** What a cancellation by `actor` at `now` would refund, by the booking's policy snapshot. */
export const refundQuoteOf = (row: BookingRow, actor: Actor, now: number) => {
  const snapshot = row.cancellation_policy as unknown as PolicySnapshot;
  const refund = refundFor(snapshot, {
    paidAmount: paidAmount(row),
    start: Date.parse(row.start_datetime),
    now,
    by: cancellerOf(row, actor),
  });
  return {
    amount: refund.amount,
    currency: row.currency,
    percent: refund.percent,
    paid_amount: paidAmount(row),
    basis: refund.basis,
    policy: snapshot?.policy ?? null,
    tier: refund.tier,
    hours_before_start: Math.round(refund.hours_before_start * 100) / 100,
  };
};

export type RefundQuote = ReturnType<typeof refundQuoteOf>;
