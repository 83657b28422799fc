import type { Actor } from '../../../../../infra/actor';
import type { Core } from '@strapi/strapi';
import Stripe from 'stripe';
import { PaymentError } from '../../../../../domain/payment/errors';
import { appService } from '../../../../../api/app-services';
import type { CancelOutcome, Settlement } from '../../../../../api/payments-port';
import { paymentsService } from '../get-service';
import type { PaymentRecord } from './payment-records';
import type { RefundInitiator } from './refunds';

const UNCAPTURED = new Set(['authorized', 'requires_payment_method', 'requires_action', 'failed']);
const CAPTURED = new Set(['succeeded', 'partially_refunded']);

/**
 * Booking transitions that move money: the vendor's approval captures the authorization, a decline
 * releases it, a cancellation refunds what the policy owes. The booking engine decides the transition;
 * this service does the provider side around it, in the order that can be undone.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const engine = () => appService(strapi, 'api::booking.booking-engine');
  const bookings = () => appService(strapi, 'api::booking.booking-records');
  const records = () => paymentsService(strapi, 'payment-records');
  const sync = () => paymentsService(strapi, 'payment-sync');
  const stripeService = () => paymentsService(strapi, 'stripe');

  const initiatorOf = (cancelledBy: string | null): RefundInitiator =>
    cancelledBy === 'vendor' ? 'vendor' : cancelledBy === 'admin' ? 'admin' : cancelledBy === 'customer' ? 'customer' : 'system';

  return {
    /** Lets an uncaptured intent go (declined request, cancelled or expired booking). Safe to repeat. */
    async release(payment: PaymentRecord): Promise<void> {
      try {
        await stripeService()
          .client()
          .paymentIntents.cancel(
            payment.transaction_id,
            { cancellation_reason: 'abandoned' },
            { idempotencyKey: `release-${payment.transaction_id}` }
          );
      } catch (error) {
        // Already captured or cancelled: the refresh below records what it became.
        if (!(error instanceof Stripe.errors.StripeInvalidRequestError)) throw error;
      }
      await sync().refresh(payment.transaction_id);
    },

    /** Captures an authorization (idempotent per intent), then applies what Stripe says. */
    async capture(payment: PaymentRecord): Promise<void> {
      await stripeService()
        .client()
        .paymentIntents.capture(payment.transaction_id, {}, { idempotencyKey: `capture-${payment.transaction_id}` });
      await sync().refresh(payment.transaction_id);
    },

    /** After a booking stopped (cancelled, declined): release an authorization or refund what is owed. */
    async settle(bookingDocumentId: string): Promise<Settlement> {
      const none: Settlement = { status: 'none', refund: null };
      if (!stripeService().configured()) return none;
      const recorded = await records().byBooking(bookingDocumentId);
      if (!recorded) return none;
      const { payment } = await sync().refresh(recorded.transaction_id);
      if (!payment) return none;
      if (UNCAPTURED.has(payment.status)) {
        await this.release(payment);
        return { status: 'released', refund: null };
      }
      if (!CAPTURED.has(payment.status)) return none;
      const booking = await bookings().columns(bookingDocumentId, ['cancelled_by', 'cancel_reason']);
      const refund = await paymentsService(strapi, 'refunds').refundDue(payment.documentId, bookingDocumentId, {
        initiatedBy: initiatorOf(booking?.cancelled_by ?? null),
        reason: booking?.cancel_reason ?? null,
      });
      if (!refund) return none;
      return {
        status: refund.status === 'succeeded' ? 'refunded' : 'pending',
        refund: { documentId: refund.documentId, amount: refund.amount, currency: refund.currency, status: refund.status },
      };
    },

    /** Cancel through the engine (refund due by policy recorded), then settle; the provider failing leaves the refund due. */
    async cancel(
      actor: Actor,
      bookingDocumentId: string,
      reason: string,
      options: { now?: number } = {}
    ): Promise<CancelOutcome> {
      const cancelled = await engine().cancel(actor, bookingDocumentId, reason, options);
      let settlement: Settlement;
      try {
        settlement = await this.settle(bookingDocumentId);
      } catch (error) {
        strapi.log.warn(
          `[payments] settling cancelled booking ${bookingDocumentId} failed, the reconciliation job retries: ${(error as Error).message}`
        );
        settlement = { status: cancelled.refund.amount > 0 ? 'due' : 'none', refund: null };
      }
      // Owed but not sent (no provider payment to refund through, or the provider failed): recorded as due.
      const status = settlement.status === 'none' && cancelled.refund.amount > 0 ? 'due' : settlement.status;
      return {
        booking: await engine().status(actor, bookingDocumentId),
        refund: { ...cancelled.refund, status, refund: settlement.refund },
      };
    },

    /**
     * Vendor approval. With payments on, a request needs an authorized payment: it is captured first,
     * and the captured money confirms the booking (payment-sync → engine). Should the booking have
     * moved on meanwhile (cancelled, expired), the capture is compensated by an automatic refund.
     */
    async approve(actor: Actor, bookingDocumentId: string) {
      if (!stripeService().configured()) return engine().approve(actor, bookingDocumentId);
      const { row, relation } = await engine().access(actor, bookingDocumentId);
      if (relation !== 'vendor' && relation !== 'staff') return engine().approve(actor, bookingDocumentId); // engine says why
      if (row.status !== 'requested') return engine().approve(actor, bookingDocumentId); // 409 from the state machine
      const recorded = await records().byBooking(bookingDocumentId);
      const payment = recorded ? (await sync().refresh(recorded.transaction_id)).payment : null;
      if (!payment || payment.status !== 'authorized') {
        throw new PaymentError('payment_not_authorized', 'The customer has not authorized a payment for this request yet', {
          payment_status: payment?.status ?? 'none',
        });
      }
      await this.capture(payment);
      const view = await engine().status(actor, bookingDocumentId);
      if (view.status !== 'confirmed') {
        throw new PaymentError('not_payable', `The booking is ${view.status}; the captured payment is being refunded`, {
          status: view.status,
        });
      }
      return view;
    },

    /** Vendor decline, then the authorization is released (the job retries if the provider is down). */
    async decline(actor: Actor, bookingDocumentId: string, reason: string | null) {
      await engine().decline(actor, bookingDocumentId, reason);
      try {
        await this.settle(bookingDocumentId);
      } catch (error) {
        strapi.log.warn(
          `[payments] releasing the authorization of ${bookingDocumentId} failed, the reconciliation job retries: ${(error as Error).message}`
        );
      }
      return engine().status(actor, bookingDocumentId);
    },

    /**
     * POST /payments/refund. Customers get what the cancellation policy gives (refunding an active
     * booking cancels it; they cannot pick another amount); vendors and staff may refund any amount
     * up to what remains, without cancelling.
     */
    async requestRefund(actor: Actor, request: { booking: string; amount?: number; reason: string }) {
      const { row, relation } = await engine().access(actor, request.booking);
      const recorded = await records().byBooking(request.booking);
      if (!recorded)
        throw new PaymentError('nothing_to_refund', 'This booking has no payment', { payment_status: row.payment_status });
      if (relation === 'customer') {
        if (row.status !== 'cancelled') {
          const quote = await engine().refundQuote(actor, request.booking);
          if (request.amount !== undefined && request.amount !== quote.amount) {
            throw new PaymentError('refund_not_allowed', 'Customers are refunded what the cancellation policy gives', {
              policy_amount: quote.amount,
              currency: quote.currency,
            });
          }
          return this.cancel(actor, request.booking, request.reason);
        }
        const settlement = await this.settle(request.booking);
        if (settlement.status === 'none') throw new PaymentError('nothing_to_refund', 'Nothing more is owed for this booking');
        return {
          booking: await engine().status(actor, request.booking),
          refund: { status: settlement.status, refund: settlement.refund },
        };
      }
      const refund = await paymentsService(strapi, 'refunds').refund(recorded.documentId, {
        amount: request.amount,
        kind: 'goodwill',
        initiatedBy: relation === 'staff' ? 'admin' : 'vendor',
        reason: request.reason,
      });
      return {
        booking: await engine().status(actor, request.booking),
        refund: {
          status: refund.status === 'succeeded' ? 'refunded' : 'pending',
          refund: { documentId: refund.documentId, amount: refund.amount, currency: refund.currency, status: refund.status },
        },
      };
    },
  };
};
