import type { Actor } from '../../../../../infra/actor';
import type { Core } from '@strapi/strapi';
import type Stripe from 'stripe';
import { PaymentError } from '../../../../../domain/payment/errors';
import { appService } from '../../../../../api/app-services';
import type { BookingRow } from '../../../../../api/booking/booking-view';
import { runSteps } from '../../../../../infra/steps';
import { paymentsService } from '../get-service';
import type { PaymentRecord } from './payment-records';

export interface IntentView {
  payment: string;
  booking: string;
  payment_intent_id: string;
  client_secret: string | null;
  amount: number;
  currency: string;
  status: string;
  capture_method: 'automatic' | 'manual';
}

const intentView = (payment: PaymentRecord, intent: Stripe.PaymentIntent): IntentView => ({
  payment: payment.documentId,
  booking: payment.booking?.documentId ?? '',
  payment_intent_id: intent.id,
  client_secret: intent.client_secret,
  amount: intent.amount,
  currency: intent.currency.toUpperCase(),
  status: intent.status,
  capture_method: intent.capture_method === 'manual' ? 'manual' : 'automatic',
});

/**
 * Can this booking take its (first) payment now? Instant bookings while their hold lasts (captured at
 * once); requests while waiting for the vendor (authorized, captured on approval); a confirmed
 * booking that is still unpaid (approved before payments were switched on).
 */
const assertPayable = (row: BookingRow, now: number) => {
  const holdLasts = row.status === 'pending_payment' && (!row.hold_expires_at || Date.parse(row.hold_expires_at) > now);
  const requestOpen = row.status === 'requested' && (!row.request_expires_at || Date.parse(row.request_expires_at) > now);
  const confirmedUnpaid = row.status === 'confirmed' && ['unpaid', 'failed'].includes(row.payment_status);
  if (!holdLasts && !requestOpen && !confirmedUnpaid) {
    throw new PaymentError('not_payable', `This booking cannot be paid (it is ${row.status})`, { status: row.status });
  }
};

/**
 * POST /payments/process: one PaymentIntent per booking, as compensating steps:
 *   create-intent (idempotency key from the booking, so retries and racing calls get the same intent)
 *     ↳ compensated by cancelling the intent
 *   record-payment (under the booking's row lock, re-checking that the booking can still be paid)
 * If the hold ran out between the two, the intent is cancelled and the caller gets a 409.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const records = () => paymentsService(strapi, 'payment-records');
  const stripe = () => paymentsService(strapi, 'stripe').client();
  const engine = () => appService(strapi, 'api::booking.booking-engine');
  const bookings = () => appService(strapi, 'api::booking.booking-records');

  const connectAccountOf = async (row: BookingRow): Promise<string | null> => {
    const vendorId = row.venue?.vendor?.documentId;
    if (!vendorId) return null;
    const vendor = (await strapi.db.query('api::vendor-profile.vendor-profile').findOne({
      where: { documentId: vendorId },
      select: ['stripe_account_id'],
    })) as { stripe_account_id: string | null } | null;
    return vendor?.stripe_account_id || null;
  };

  const customerIdOf = async (userId: number): Promise<string | null> => {
    const user = (await strapi.db
      .query('plugin::users-permissions.user')
      .findOne({ where: { id: userId }, select: ['stripe_customer_id'] })) as { stripe_customer_id: string | null } | null;
    return user?.stripe_customer_id || null;
  };

  return {
    async process(
      actor: Extract<Actor, { kind: 'user' }>,
      bookingDocumentId: string,
      options: { clock?: () => number } = {}
    ): Promise<IntentView> {
      const clock = options.clock ?? Date.now;
      const { row, relation } = await engine().access(actor, bookingDocumentId);
      // Only the customer pays; for anyone else the booking's payment does not exist.
      if (relation !== 'customer') throw new PaymentError('not_found', 'Booking not found');

      const existing = await records().byBooking(bookingDocumentId);
      if (existing) return intentView(existing, await stripe().paymentIntents.retrieve(existing.transaction_id));
      assertPayable(row, clock());

      const destination = await connectAccountOf(row);
      const customer = await customerIdOf(actor.userId);
      const platformFee = Number((row.price_breakdown as { platform_fee?: number } | null)?.platform_fee ?? 0);
      const manual = row.status === 'requested';
      const ctx: { intent: Stripe.PaymentIntent | null; payment: PaymentRecord | null } = { intent: null, payment: null };

      await runSteps(
        ctx,
        [
          {
            name: 'create-intent',
            invoke: async (state) => {
              state.intent = await stripe().paymentIntents.create(
                {
                  amount: row.total_amount,
                  currency: row.currency.toLowerCase(),
                  capture_method: manual ? 'manual' : 'automatic',
                  ...(customer ? { customer } : {}),
                  description: `Booking ${row.reference ?? row.documentId} — ${row.venue?.name ?? 'venue'}`,
                  metadata: {
                    booking: row.documentId,
                    reference: row.reference ?? '',
                    venue: row.venue?.documentId ?? '',
                    customer_user: String(actor.userId),
                  },
                  ...(destination
                    ? { application_fee_amount: Math.min(platformFee, row.total_amount), transfer_data: { destination } }
                    : {}),
                },
                { idempotencyKey: `booking-${row.documentId}-intent` }
              );
            },
            compensate: async (state) => {
              if (!state.intent) return;
              await stripe().paymentIntents.cancel(
                state.intent.id,
                { cancellation_reason: 'abandoned' },
                { idempotencyKey: `booking-${row.documentId}-intent-cancel` }
              );
            },
          },
          {
            name: 'record-payment',
            invoke: async (state) => {
              const intent = state.intent as Stripe.PaymentIntent;
              state.payment = await strapi.db.transaction(async ({ trx }) => {
                await bookings().lock(trx, row.documentId);
                const recorded = await records().byBooking(row.documentId);
                // A racing call recorded the same intent first: that is success, not a conflict.
                if (recorded?.transaction_id === intent.id) return recorded;
                if (recorded) throw new PaymentError('not_payable', 'This booking already has a payment', { status: row.status });
                const { row: fresh } = await engine().access(actor, row.documentId);
                assertPayable(fresh, clock());
                return records().create({
                  booking: row.id,
                  customer: actor.userId,
                  amount: intent.amount,
                  currency: intent.currency.toUpperCase(),
                  status: 'requires_payment_method',
                  transaction_id: intent.id,
                  capture_method: manual ? 'manual' : 'automatic',
                  platform_fee: platformFee,
                  stripe_account_id: destination,
                });
              });
            },
          },
        ],
        {
          onCompensationError: (step, error) =>
            strapi.log.error(`[payments] compensating ${step} for booking ${row.documentId} failed: ${(error as Error).message}`),
        }
      );
      return intentView(ctx.payment as PaymentRecord, ctx.intent as Stripe.PaymentIntent);
    },
  };
};
