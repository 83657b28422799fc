import type { Actor } from '../../../infra/actor';
import { cancellerOf, refundQuoteOf, type RefundQuote } from '../booking-facts';
import { bookingView, relationshipTo, type BookingRow, type BookingView } from '../booking-view';
import type { EngineContext } from './context';
import { requireRelationship, transition } from './steps';

/** Transitions people ask for: cancel (customer, vendor, staff), approve and decline (vendor, staff). */
export const transitions = (ctx: EngineContext) => {
  const viewFor = async (actor: Actor, documentId: string): Promise<BookingView> => {
    const updated = (await ctx.records().load(documentId)) as BookingRow;
    return bookingView(updated, relationshipTo(updated, actor));
  };

  return {
    /** Customer (refund by the policy snapshot), vendor (full refund) or staff cancel; the refund due is recorded. */
    async cancel(actor: Actor, documentId: string, reason: string, options: { now?: number } = {}) {
      const now = options.now ?? Date.now();
      let refund: RefundQuote | null = null;
      const { row } = await transition(ctx, documentId, 'cancel', {
        now,
        authorize: requireRelationship(actor, ['customer', 'vendor', 'staff']),
        extra: (locked) => {
          refund = refundQuoteOf(locked, actor, now);
          return {
            cancelled_at: new Date(now).toISOString(),
            cancelled_by: cancellerOf(locked, actor),
            cancel_reason: reason,
            refund_due: refund.amount,
          };
        },
      });
      const due = refund as unknown as RefundQuote;
      return {
        booking: await viewFor(actor, row.documentId),
        // Money moves through the payments service; until it has, the refund is recorded as due.
        refund: { ...due, status: due.amount > 0 ? ('due' as const) : ('none' as const) },
      };
    },

    /** Vendor accepts a request-to-book. */
    async approve(actor: Actor, documentId: string, options: { now?: number } = {}): Promise<BookingView> {
      const now = options.now ?? Date.now();
      const { row } = await transition(ctx, documentId, 'approve', {
        now,
        authorize: requireRelationship(actor, ['vendor', 'staff']),
        extra: () => ({ confirmed_at: new Date(now).toISOString() }),
      });
      return viewFor(actor, row.documentId);
    },

    /** Vendor declines a request-to-book. */
    async decline(actor: Actor, documentId: string, reason: string | null, options: { now?: number } = {}): Promise<BookingView> {
      const { row } = await transition(ctx, documentId, 'reject', {
        now: options.now,
        authorize: requireRelationship(actor, ['vendor', 'staff']),
        extra: () => ({ cancel_reason: reason }),
      });
      return viewFor(actor, row.documentId);
    },
  };
};
