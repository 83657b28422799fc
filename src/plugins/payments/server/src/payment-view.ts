import type { PaymentRecord } from './services/payment-records';

const iso = (value: string | null | undefined) => (value ? new Date(value).toISOString() : null);

/** A payment as the API shows it: no raw provider objects, charge ids or connected account ids. */
export const paymentView = (payment: PaymentRecord) => ({
  documentId: payment.documentId,
  booking: payment.booking
    ? {
        documentId: payment.booking.documentId,
        reference: payment.booking.reference,
        status: payment.booking.status,
        venue: payment.booking.venue ? { documentId: payment.booking.venue.documentId, name: payment.booking.venue.name } : null,
      }
    : null,
  payment_intent_id: payment.transaction_id,
  amount: payment.amount,
  currency: payment.currency,
  status: payment.status,
  capture_method: payment.capture_method,
  amount_captured: payment.amount_captured ?? 0,
  refunded_amount: payment.refunded_amount ?? 0,
  platform_fee: payment.platform_fee ?? 0,
  failure_reason: payment.failure_reason ?? null,
  disputed: Boolean(payment.disputed),
  refunds: payment.refunds.map((refund) => ({
    documentId: refund.documentId,
    amount: refund.amount,
    currency: refund.currency,
    status: refund.status,
    kind: refund.kind,
    reason: refund.reason,
    created_at: iso(refund.createdAt),
  })),
  created_at: iso(payment.createdAt),
  updated_at: iso(payment.updatedAt),
});
