import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import type Stripe from 'stripe';
import {
  bookingPaymentStatusOf,
  factsOf,
  isStaleSnapshot,
  type RefundSnapshot,
} from '../../../../../domain/payment/intent-facts';
import { appService } from '../../../../../api/app-services';
import { publish, type PendingEvent } from '../../../../../api/booking/engine/context';
import type { BookingColumns } from '../../../../../api/booking/services/booking-records';
import { paymentsService } from '../get-service';
import type { PaymentRecord, RefundRecord } from './payment-records';

export interface ProviderSnapshot {
  intent: Stripe.PaymentIntent;
  refunds: Stripe.Refund[];
}

export type SyncOutcome = 'applied' | 'duplicate' | 'unknown_intent';

export type { PendingEvent };

const REFUND_STATUS: Record<string, RefundRecord['status']> = { succeeded: 'succeeded', failed: 'failed', canceled: 'canceled' };
const AUTOMATIC_KINDS = new Set(['slot_gone', 'not_payable']);
const CAPTURED = new Set(['succeeded', 'partially_refunded', 'refunded']);

/**
 * Applies the provider's truth about one PaymentIntent to our records: the payment row, its refunds,
 * and the booking (confirmation, payment facts). Webhooks, /payments/verify and the reconciliation job
 * all come through here with a fresh read, so events are only triggers: duplicates and out-of-order
 * deliveries converge on the same state. Everything runs in one transaction under the payment's row
 * lock; work that needs the provider again (an automatic refund, releasing an authorization) happens
 * after commit, and a refund is reserved as a `pending` row inside the transaction so a crash in
 * between leaves a record the reconciliation job finishes.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const records = () => paymentsService(strapi, 'payment-records');
  const engine = () => appService(strapi, 'api::booking.booking-engine');
  const bookings = () => appService(strapi, 'api::booking.booking-records');
  const stripe = () => paymentsService(strapi, 'stripe').client();

  /**
   * An intent of ours with no payment row (the process call died between creating the intent and
   * recording it) that has moved money: adopt it by its metadata, so the money is never lost. Intents
   * that moved nothing are left alone — a `created` event racing the process call must not record a
   * second row (process records it under the same booking lock).
   */
  const adopt = async (trx: Knex.Transaction, intent: Stripe.PaymentIntent): Promise<PaymentRecord | null> => {
    const bookingId = intent.metadata?.booking;
    if (!bookingId || !['succeeded', 'requires_capture', 'processing'].includes(intent.status)) return null;
    await bookings().lock(trx, bookingId);
    const recorded = await records().byIntent(intent.id);
    if (recorded) return recorded;
    const booking = await bookings().load(bookingId);
    if (!booking?.customer) return null;
    const existing = await records().byBooking(bookingId);
    if (existing) return existing.transaction_id === intent.id ? existing : null;
    return records().create({
      booking: booking.id,
      customer: booking.customer.id,
      amount: intent.amount,
      currency: intent.currency.toUpperCase(),
      status: 'requires_payment_method',
      transaction_id: intent.id,
      capture_method: intent.capture_method === 'manual' ? 'manual' : 'automatic',
      platform_fee:
        intent.application_fee_amount ?? (booking.price_breakdown as { platform_fee?: number } | null)?.platform_fee ?? 0,
      stripe_account_id: typeof intent.transfer_data?.destination === 'string' ? intent.transfer_data.destination : null,
    });
  };

  const eventBase = (payment: PaymentRecord) => ({
    booking: payment.booking?.documentId ?? '',
    venue: payment.booking?.venue?.documentId ?? '',
    customer: payment.customer?.id ?? 0,
    payment: payment.documentId,
  });

  /** Mirrors the provider's refunds into refund rows; returns events for refunds that succeeded just now. */
  const syncRefunds = async (payment: PaymentRecord, refunds: Stripe.Refund[], events: PendingEvent[]) => {
    for (const remote of refunds) {
      const status = REFUND_STATUS[remote.status ?? ''] ?? 'pending';
      const local =
        payment.refunds.find((refund) => refund.stripe_refund_id === remote.id) ??
        payment.refunds.find((refund) => refund.documentId === remote.metadata?.refund);
      const wasSucceeded = local?.status === 'succeeded';
      const kind = local?.kind ?? 'provider';
      if (!local) {
        // Made outside this app (the provider's dashboard): still money returned, still recorded.
        await records().createRefund(payment, {
          amount: remote.amount,
          kind: 'provider',
          initiated_by: 'provider',
          reason: remote.reason ?? null,
          status,
          stripe_refund_id: remote.id,
        });
      } else if (local.status !== status || local.stripe_refund_id !== remote.id) {
        await records().updateRefund(local, {
          status,
          stripe_refund_id: remote.id,
          failure_reason: remote.failure_reason ?? null,
        });
      }
      if (status === 'succeeded' && !wasSucceeded) {
        events.push({
          name: 'payment.refunded',
          payload: {
            ...eventBase(payment),
            amount: remote.amount,
            currency: payment.currency,
            automatic: AUTOMATIC_KINDS.has(kind),
          },
        });
      }
    }
  };

  /** A refund reserved in the transaction (outbox row) for money the booking can no longer take. */
  const reserveAutomaticRefund = async (payment: PaymentRecord, captured: number, kind: 'slot_gone' | 'not_payable') => {
    const fresh = (await records().byDocumentId(payment.documentId)) as PaymentRecord;
    const committed = fresh.refunds
      .filter((refund) => refund.status === 'succeeded' || refund.status === 'pending')
      .reduce((sum, refund) => sum + refund.amount, 0);
    const amount = captured - committed;
    if (amount <= 0) return null;
    const reason =
      kind === 'slot_gone'
        ? 'The payment arrived after the hold ran out and the time was booked by someone else'
        : 'The booking could no longer be paid for';
    return records().createRefund(fresh, { amount, kind, initiated_by: 'system', reason });
  };

  return {
    /** The provider's current view of an intent and its refunds (the only input `apply` trusts). */
    async read(intentId: string): Promise<ProviderSnapshot> {
      const intent = await stripe().paymentIntents.retrieve(intentId);
      const refunds: Stripe.Refund[] = [];
      for await (const refund of stripe().refunds.list({ payment_intent: intentId, limit: 100 })) refunds.push(refund);
      return { intent, refunds };
    },

    /**
     * Applies a snapshot. `claim` runs first inside the transaction (the webhook's dedup insert); when it
     * returns false the event was applied before and nothing happens.
     */
    async apply(
      snapshot: ProviderSnapshot,
      options: {
        claim?: (trx: Knex) => Promise<boolean>;
        /** More effects of the triggering event, inside the same transaction and lock (e.g. a dispute flag). */
        also?: (payment: PaymentRecord) => Promise<PendingEvent[]>;
        now?: number;
      } = {}
    ): Promise<{ outcome: SyncOutcome; payment: PaymentRecord | null }> {
      const { intent, refunds } = snapshot;
      const now = options.now ?? Date.now();
      const events: PendingEvent[] = [];
      const followUps: Array<() => Promise<unknown>> = [];

      const result = await strapi.db.transaction(async ({ trx, onCommit }) => {
        if (options.claim && !(await options.claim(trx))) return { outcome: 'duplicate' as const, payment: null };
        const found = (await records().byIntent(intent.id)) ?? (await adopt(trx, intent));
        if (!found) return { outcome: 'unknown_intent' as const, payment: null };
        await records().lock(trx, intent.id);
        const before = (await records().byIntent(intent.id)) as PaymentRecord;
        const facts = factsOf(intent, refunds as unknown as RefundSnapshot[]);
        const publishOnCommit = () =>
          onCommit(() => {
            for (const event of events) publish(event);
          });
        // A read overtaken by a newer one already applied (e.g. a `created` event that waited for the lock):
        // its state is not written back; the event's own effects (`also`) still apply.
        if (isStaleSnapshot(before, facts)) {
          if (options.also) events.push(...(await options.also(before)));
          publishOnCommit();
          return { outcome: 'applied' as const, payment: before };
        }
        const charge = typeof intent.latest_charge === 'string' ? intent.latest_charge : (intent.latest_charge?.id ?? null);

        await records().update(before, {
          status: facts.status,
          amount_captured: facts.amount_captured,
          refunded_amount: facts.refunded_amount,
          failure_reason: facts.failure_reason,
          last_synced_at: new Date(now).toISOString(),
          ...(charge ? { stripe_charge_id: charge } : {}),
          raw: {
            id: intent.id,
            status: intent.status,
            amount: intent.amount,
            amount_received: intent.amount_received,
            capture_method: intent.capture_method,
          },
        });
        await syncRefunds(before, refunds, events);

        const booking = before.booking;
        if (booking) {
          const becameCaptured = intent.status === 'succeeded' && !CAPTURED.has(before.status);
          if (becameCaptured) {
            const { outcome } = await engine().applyCapturedPayment(booking.documentId, { now });
            if (outcome === 'slot_gone' || outcome === 'not_payable') {
              const reserved = await reserveAutomaticRefund(before, facts.amount_captured, outcome);
              if (reserved) followUps.push(() => paymentsService(strapi, 'refunds').execute(reserved.documentId));
            } else {
              events.push({
                name: 'payment.succeeded',
                payload: { ...eventBase(before), amount: facts.amount_captured, currency: before.currency, captured: true },
              });
            }
          }
          if (facts.status === 'authorized' && before.status !== 'authorized') {
            events.push({
              name: 'payment.succeeded',
              payload: { ...eventBase(before), amount: intent.amount, currency: before.currency, captured: false },
            });
          }
          if (facts.status === 'failed' && before.status !== 'failed') {
            events.push({ name: 'payment.failed', payload: { ...eventBase(before), reason: facts.failure_reason } });
          }

          const current = (await bookings().columns(booking.documentId, ['payment_status', 'refund_due', 'status'])) as Pick<
            BookingColumns,
            'payment_status' | 'refund_due' | 'status'
          >;
          const newlyRefunded = Math.max(0, facts.refunded_amount - before.refunded_amount);
          await engine().syncPayment(booking.documentId, {
            payment_status: bookingPaymentStatusOf(facts.status, current.payment_status),
            refunded_amount: facts.refunded_amount,
            refund_due: Math.max(0, (current.refund_due ?? 0) - newlyRefunded),
          });
          // An authorization for a booking that will not happen any more is released; one for a booking
          // that is already confirmed (approved while it was being authorized) is captured.
          if (facts.status === 'authorized' && ['expired', 'cancelled', 'rejected'].includes(current.status)) {
            followUps.push(() => paymentsService(strapi, 'booking-payments').release(before));
          }
          if (facts.status === 'authorized' && ['confirmed', 'completed'].includes(current.status)) {
            followUps.push(() => paymentsService(strapi, 'booking-payments').capture(before));
          }
        }
        if (options.also) events.push(...(await options.also(before)));
        publishOnCommit();
        return { outcome: 'applied' as const, payment: before };
      });

      for (const followUp of followUps) {
        // Failures here are repaired by the reconciliation job (the refund row stays pending).
        await followUp().catch((error: unknown) =>
          strapi.log.warn(`[payments] follow-up for ${intent.id} failed, reconciliation will retry: ${(error as Error).message}`)
        );
      }
      const payment = result.payment ? await records().byIntent(intent.id) : null;
      return { outcome: result.outcome, payment };
    },

    /** Re-read and apply (verify endpoint, reconciliation, after our own provider calls). */
    async refresh(intentId: string, options: { now?: number } = {}) {
      return this.apply(await this.read(intentId), options);
    },
  };
};
