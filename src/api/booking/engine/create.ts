import type { Actor } from '../../../infra/actor';
import { forUpdate } from '../../../infra/db';
import { snapshotPolicy } from '../../../domain/booking/cancellation';
import { BookingError } from '../../../domain/booking/errors';
import type { BookingStatus } from '../../../domain/booking/state-machine';
import type { Quote } from '../../../domain/pricing';
import { HOUR, MINUTE } from '../../../domain/time';
import { newReference } from '../booking-facts';
import { bookingView, type BookingRow, type BookingView } from '../booking-view';
import { guardRange } from '../services/slots';
import type { BookingTx, EngineContext } from './context';
import type { Quoting } from './quote';
import { availabilityEvent, expireStaleOverlapping } from './steps';

export interface CreateBookingInput {
  venue: string;
  start: number;
  end: number;
  guests: number;
  promo_code?: string | null;
  notes?: string | null;
}

/** Reserve a use of a limited promo code while the booking holds its slot (released by expiry/cancel). */
const reservePromoUse = async (ctx: EngineContext, tx: BookingTx, priced: Quote, now: number) => {
  const rule = priced.discount_rule;
  if (!rule?.promo_code) return;
  const row = (await forUpdate(ctx.strapi, tx.trx('pricing_rules').where('id', rule.id)).first('max_uses', 'uses')) as
    { max_uses: number | null; uses: number | null } | undefined;
  if (!row || row.max_uses === null || row.max_uses === undefined) return;
  const reserved = await ctx.slots().countLiveHoldsWithPromo(tx.trx, rule.id, now);
  if (Number(row.uses ?? 0) + reserved >= Number(row.max_uses)) {
    throw new BookingError('invalid_request', 'This promo code has been used up', { reason: 'PROMO_CODE_INVALID' });
  }
};

/**
 * Creation: a customer books a window. Instant venues hold the slot until paid (pending_payment), request
 * venues until the vendor answers (requested). The slot row is written in the same transaction, after
 * expiring stale holds on that time; a live overlap is `slot_taken`.
 */
export const creation = (ctx: EngineContext, quoting: Quoting) => ({
  async create(
    actor: Extract<Actor, { kind: 'user' }>,
    input: CreateBookingInput,
    options: { now?: number } = {}
  ): Promise<BookingView> {
    const now = options.now ?? Date.now();
    const venue = await ctx.venues().load(input.venue);
    if (!venue) throw new BookingError('not_found', 'Venue not found');
    if (venue.vendor.userId === actor.userId) throw new BookingError('forbidden', 'You cannot book your own venue');
    const config = await ctx.settings().booking();
    const priced = await quoting.quoteFor(venue, input, now);
    const window = { start: input.start, end: input.end };
    const instant = venue.bookingMode === 'instant';
    const expiresAt = now + (instant ? config.holdMinutes * MINUTE : config.requestExpiryHours * HOUR);
    const status: BookingStatus = instant ? 'pending_payment' : 'requested';

    return ctx.transaction('booking-engine', async (tx) => {
      await tx.lockCustomer(actor.userId);
      if ((await ctx.slots().countLiveHolds(tx.trx, actor.userId, now)) >= config.maxActiveHoldsPerCustomer) {
        throw new BookingError(
          'too_many_holds',
          `You already have ${config.maxActiveHoldsPerCustomer} unpaid or unanswered bookings`,
          { limit: config.maxActiveHoldsPerCustomer }
        );
      }
      await reservePromoUse(ctx, tx, priced, now);

      const guard = guardRange(window, venue.rules.bufferMinutes);
      await expireStaleOverlapping(ctx, tx, venue.documentId, guard, now);
      if ((await ctx.slots().conflicting(tx.trx, venue.documentId, guard, now)).length > 0) {
        throw new BookingError('slot_taken', 'The requested time is no longer available');
      }

      const documentId = await ctx.records().create({
        reference: newReference(),
        venue: venue.id,
        customer: actor.userId,
        start_datetime: new Date(window.start).toISOString(),
        end_datetime: new Date(window.end).toISOString(),
        guests: input.guests,
        status,
        payment_status: 'unpaid',
        total_amount: priced.total_amount,
        currency: priced.currency,
        price_breakdown: priced,
        promo_code: priced.discount_rule?.promo_code ?? null,
        hold_expires_at: instant ? new Date(expiresAt).toISOString() : null,
        request_expires_at: instant ? null : new Date(expiresAt).toISOString(),
        cancellation_policy: snapshotPolicy(venue.cancellationPolicy, config.policies),
        notes: input.notes ?? null,
        refund_due: 0,
      });
      await ctx.slots().reserve(tx.trx, {
        booking: documentId,
        venue: venue.documentId,
        customerId: actor.userId,
        promoRuleId: priced.discount_rule?.promo_code ? priced.discount_rule.id : null,
        interval: window,
        bufferMinutes: venue.rules.bufferMinutes,
        expiresAt,
        status,
      });
      const row = (await ctx.records().load(documentId)) as BookingRow;
      const view = bookingView(row, 'customer');
      tx.events.push(
        {
          name: 'booking.created',
          payload: {
            booking: row.documentId,
            venue: venue.documentId,
            customer: actor.userId,
            status: row.status,
            payment_status: row.payment_status,
          },
        },
        availabilityEvent(venue.documentId, window, `booking_${status}`, view.hold_expires_at)
      );
      return view;
    });
  },
});
