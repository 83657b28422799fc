import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import type Stripe from 'stripe';
import { appService } from '../../../../../api/app-services';
import { PaymentError } from '../../../../../domain/payment/errors';
import { paymentsService } from '../get-service';
import type { PendingEvent } from './payment-sync';

const TABLE = 'payment_webhook_events';
/** Stripe's own default: a signature older than 5 minutes is refused (replay protection). */
const TOLERANCE_SECONDS = 300;

/** The PaymentIntent an event is about: events are triggers, the intent is re-read and applied. */
const intentIdOf = (event: Stripe.Event): string | null => {
  const object = event.data.object as { object?: string; id?: string; payment_intent?: string | { id: string } | null };
  if (object.object === 'payment_intent') return object.id ?? null;
  const intent = object.payment_intent;
  if (typeof intent === 'string') return intent;
  return intent?.id ?? null;
};

/**
 * POST /payments/webhook. The signature is checked on the raw body; the event id is claimed in the
 * same transaction as the event's effects, so a duplicate — even one delivered concurrently — changes
 * nothing (on PostgreSQL the second insert waits for the first transaction, then finds the id).
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const stripeService = () => paymentsService(strapi, 'stripe');

  const claim =
    (event: Stripe.Event, objectId: string | null, outcome: string) =>
    async (trx: Knex): Promise<boolean> => {
      const inserted = await trx(TABLE)
        .insert({
          event_id: event.id,
          type: event.type,
          object_id: objectId,
          stripe_created_s: event.created,
          received_at_ms: Date.now(),
          outcome,
        })
        .onConflict('event_id')
        .ignore()
        .returning('event_id');
      return inserted.length > 0;
    };

  const alreadySeen = async (eventId: string): Promise<boolean> =>
    Boolean(await strapi.db.connection(TABLE).where({ event_id: eventId }).first('event_id'));

  return {
    verify(rawBody: Buffer | string | undefined, signature: string | undefined): Stripe.Event {
      const secret = stripeService().webhookSecret();
      if (!stripeService().configured() || !secret)
        throw new PaymentError('webhook_not_configured', 'Stripe webhooks are not configured on this server');
      if (!rawBody || !signature) throw new PaymentError('invalid_signature', 'Missing Stripe-Signature header or body');
      try {
        return stripeService().client().webhooks.constructEvent(rawBody, signature, secret, TOLERANCE_SECONDS);
      } catch {
        throw new PaymentError('invalid_signature', 'The webhook signature is invalid or too old');
      }
    },

    /** Forgets event ids received before `cutoff` (housekeeping; Stripe retries for 3 days at most). */
    async purgeOlderThan(cutoff: number): Promise<number> {
      return strapi.db.connection(TABLE).where('received_at_ms', '<', cutoff).delete();
    },

    async handle(event: Stripe.Event): Promise<{ event: string; outcome: string }> {
      if (await alreadySeen(event.id)) return { event: event.id, outcome: 'duplicate' };
      if (event.type === 'account.updated') {
        // A vendor's Stripe Connect account changed (onboarding, requirements): its status is stored with the
        // event claim, in one transaction (src/api/vendor-profile/services/vendor-account.ts).
        const account = event.data.object as Stripe.Account;
        return strapi.db.transaction(async ({ trx }) => {
          if (!(await claim(event, account.id, 'account_updated')(trx))) return { event: event.id, outcome: 'duplicate' };
          const vendors = appService(strapi, 'api::vendor-profile.vendor-account');
          return { event: event.id, outcome: await vendors.applyAccountUpdate(account, event.created, trx) };
        });
      }
      const intentId = intentIdOf(event);
      if (!intentId) {
        const fresh = await strapi.db.transaction(({ trx }) => claim(event, null, 'ignored')(trx));
        return { event: event.id, outcome: fresh ? 'ignored' : 'duplicate' };
      }
      const sync = paymentsService(strapi, 'payment-sync');
      const snapshot = await sync.read(intentId);
      const result = await sync.apply(snapshot, {
        claim: claim(event, intentId, 'applied'),
        also: async (payment): Promise<PendingEvent[]> => {
          if (event.type !== 'charge.dispute.created' || payment.disputed) return [];
          const dispute = event.data.object as Stripe.Dispute;
          await paymentsService(strapi, 'payment-records').update(payment, { disputed: true });
          return [
            {
              name: 'payment.disputed',
              payload: {
                booking: payment.booking?.documentId ?? '',
                venue: payment.booking?.venue?.documentId ?? '',
                customer: payment.customer?.id ?? 0,
                payment: payment.documentId,
                amount: dispute.amount,
                currency: dispute.currency.toUpperCase(),
                reason: dispute.reason ?? null,
              },
            },
          ];
        },
      });
      if (result.outcome === 'unknown_intent') {
        // Not one of ours (another integration on the same account): remember it so retries stop here.
        await strapi.db.transaction(({ trx }) => claim(event, intentId, 'unknown_intent')(trx));
      }
      return { event: event.id, outcome: result.outcome };
    },
  };
};
