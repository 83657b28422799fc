import type { Core } from '@strapi/strapi';
import Stripe from 'stripe';
import { PaymentError } from '../../../../../domain/payment/errors';
import { appService } from '../../../../../api/app-services';
import { paymentsService } from '../get-service';
import type { PaymentRecord, RefundRecord } from './payment-records';

export type RefundKind = 'cancellation' | 'customer_request' | 'goodwill' | 'slot_gone' | 'not_payable';
export type RefundInitiator = 'customer' | 'vendor' | 'admin' | 'system';

const REFUNDABLE = new Set(['succeeded', 'partially_refunded']);

/** Money already returned or on its way back: succeeded and pending (reserved) refunds. */
const committedRefunds = (payment: PaymentRecord): number =>
  payment.refunds
    .filter((refund) => refund.status === 'succeeded' || refund.status === 'pending')
    .reduce((sum, refund) => sum + refund.amount, 0);

/**
 * Refunds in two steps: reserve (a `pending` refund row, under the payment's row lock, checked against
 * what was captured minus what is already returned or reserved — so concurrent refunds can never add up
 * to more than was paid), then execute at the provider with the row's id as idempotency key (safe to
 * repeat; the reconciliation job finishes rows a crash or outage left pending).
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const records = () => paymentsService(strapi, 'payment-records');

  const reserve = async (
    paymentDocumentId: string,
    amountFor: (payment: PaymentRecord, remaining: number) => Promise<number | null> | number | null,
    meta: { kind: RefundKind; initiatedBy: RefundInitiator; reason: string | null }
  ): Promise<RefundRecord | null> =>
    strapi.db.transaction(async ({ trx }) => {
      const found = await records().byDocumentId(paymentDocumentId);
      if (!found) throw new PaymentError('not_found', 'Payment not found');
      await records().lock(trx, found.transaction_id);
      const payment = (await records().byDocumentId(paymentDocumentId)) as PaymentRecord;
      if (!REFUNDABLE.has(payment.status)) {
        throw new PaymentError('nothing_to_refund', 'This payment has no captured money to refund', {
          payment_status: payment.status,
        });
      }
      const remaining = payment.amount_captured - committedRefunds(payment);
      const amount = await amountFor(payment, remaining);
      if (amount === null) return null;
      if (remaining <= 0)
        throw new PaymentError('nothing_to_refund', 'Everything paid has already been refunded', { remaining: 0 });
      if (amount > remaining) {
        throw new PaymentError('over_refund', `At most ${remaining} can still be refunded`, {
          remaining,
          requested: amount,
          currency: payment.currency,
        });
      }
      return records().createRefund(payment, { amount, kind: meta.kind, initiated_by: meta.initiatedBy, reason: meta.reason });
    });

  return {
    /** Reserve and execute a refund of `amount` (default: everything that remains). */
    async refund(
      paymentDocumentId: string,
      request: { amount?: number; kind: RefundKind; initiatedBy: RefundInitiator; reason: string | null }
    ): Promise<RefundRecord> {
      const reserved = await reserve(paymentDocumentId, (_payment, remaining) => request.amount ?? remaining, request);
      return this.execute((reserved as RefundRecord).documentId);
    },

    /**
     * The refund a cancelled booking still owes (its refund_due minus refunds already under way), or
     * null when nothing is owed. Reserved under the payment lock so two settlers never both pay it.
     */
    async refundDue(
      paymentDocumentId: string,
      bookingDocumentId: string,
      meta: { initiatedBy: RefundInitiator; reason: string | null }
    ) {
      const reserved = await reserve(
        paymentDocumentId,
        async (payment, remaining) => {
          const booking = await appService(strapi, 'api::booking.booking-records').columns(bookingDocumentId, ['refund_due']);
          const underWay = payment.refunds
            .filter((refund) => refund.status === 'pending' && refund.kind === 'cancellation')
            .reduce((sum, refund) => sum + refund.amount, 0);
          const owed = Math.min((booking?.refund_due ?? 0) - underWay, remaining);
          return owed > 0 ? owed : null;
        },
        { kind: 'cancellation', ...meta }
      );
      return reserved ? this.execute(reserved.documentId) : null;
    },

    /** Executes a reserved refund at the provider, then applies the provider's view. */
    async execute(refundDocumentId: string): Promise<RefundRecord> {
      const refund = await records().refundToExecute(refundDocumentId);
      if (!refund?.payment) throw new PaymentError('not_found', 'Refund not found');
      if (refund.status !== 'pending') return refund;
      const stripe = paymentsService(strapi, 'stripe').client();
      try {
        await stripe.refunds.create(
          {
            payment_intent: refund.payment.transaction_id,
            amount: refund.amount,
            reason: refund.kind === 'customer_request' || refund.kind === 'cancellation' ? 'requested_by_customer' : undefined,
            metadata: { refund: refund.documentId, booking: refund.booking?.documentId ?? '', kind: refund.kind },
            // Destination charges: take the vendor's share back in proportion, and the platform fee with it.
            ...(refund.payment.stripe_account_id ? { reverse_transfer: true, refund_application_fee: true } : {}),
          },
          { idempotencyKey: `refund-${refund.documentId}` }
        );
      } catch (error) {
        // The provider said no (it will keep saying no): the reservation is released. Connection
        // problems leave it pending for the reconciliation job to retry with the same key.
        if (error instanceof Stripe.errors.StripeInvalidRequestError || error instanceof Stripe.errors.StripeCardError) {
          await records().updateRefund(refund, { status: 'failed', failure_reason: (error.code ?? error.message).slice(0, 255) });
        }
        throw error;
      }
      await paymentsService(strapi, 'payment-sync').refresh(refund.payment.transaction_id);
      return (await records().refundByDocumentId(refundDocumentId)) as RefundRecord;
    },
  };
};
