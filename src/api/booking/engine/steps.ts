import { BookingError } from '../../../domain/booking/errors';
import {
  nextStatus,
  SLOT_HOLDING_STATUSES,
  type BookingEvent,
  type BookingStatus,
  type PaymentStatus,
} from '../../../domain/booking/state-machine';
import type { Interval } from '../../../domain/time';
import type { Actor } from '../../../infra/actor';
import { relationshipTo, type BookingRow } from '../booking-view';
import type { BookingWrite } from '../services/booking-records';
import type { BookingTx, EngineContext, PendingEvent } from './context';

/** Steps the booking use cases share, each inside the caller's transaction (see context.ts). */

export const bookingNotFound = () => new BookingError('not_found', 'Booking not found');

export const bookingInterval = (row: BookingRow): Interval => ({
  start: Date.parse(row.start_datetime),
  end: Date.parse(row.end_datetime),
});

export const updatedEvent = (row: BookingRow, to: BookingStatus, paymentStatus: string): PendingEvent => ({
  name: 'booking.updated',
  payload: {
    booking: row.documentId,
    venue: row.venue?.documentId ?? '',
    customer: row.customer?.id ?? 0,
    status: to,
    payment_status: paymentStatus,
    previous_status: row.status,
  },
});

export const availabilityEvent = (
  venue: string,
  interval: Interval,
  reason: string,
  holdExpiresAt?: string | null
): PendingEvent => ({
  name: 'availability.changed',
  payload: {
    venue,
    from: new Date(interval.start).toISOString(),
    to: new Date(interval.end).toISOString(),
    reason,
    ...(holdExpiresAt !== undefined ? { hold_expires_at: holdExpiresAt } : {}),
  },
});

/** A promo code's use is counted once, when its booking is confirmed (in the same transaction). */
const countPromoUse = async (tx: BookingTx, row: BookingRow) => {
  const discountRule = (row.price_breakdown as { discount_rule?: { id?: number } } | null)?.discount_rule;
  if (discountRule?.id) await tx.trx('pricing_rules').where('id', discountRule.id).increment('uses', 1);
};

/**
 * Applies one state-machine event to a locked booking: status + extra fields on the booking, and the slot
 * row follows (released when the booking stops holding time).
 */
export const applyEvent = async (
  ctx: EngineContext,
  tx: BookingTx,
  row: BookingRow,
  event: BookingEvent,
  extra: BookingWrite
): Promise<BookingStatus> => {
  const to = nextStatus(row.status, event);
  await ctx.records().update(row.documentId, { status: to, ...extra });
  const holds = SLOT_HOLDING_STATUSES.includes(to);
  await ctx.slots().update(tx.trx, row.documentId, {
    status: to,
    active: holds,
    // Once confirmed, nothing can expire the slot any more.
    ...(to === 'confirmed' || to === 'completed' ? { expiresAt: null } : {}),
  });
  if (to === 'confirmed') await countPromoUse(tx, row);
  const paymentStatus = extra.payment_status ?? row.payment_status;
  tx.events.push(updatedEvent(row, to, paymentStatus));
  if (!holds && row.venue) tx.events.push(availabilityEvent(row.venue.documentId, bookingInterval(row), `booking_${to}`));
  return to;
};

/**
 * Expires the bookings whose deadline passed but whose slots still overlap `guard` (all but `except`): they
 * must be let go before the time can be taken again, or the exclusion constraint — which cannot look at
 * the clock — would still see them.
 */
export const expireStaleOverlapping = async (
  ctx: EngineContext,
  tx: BookingTx,
  venue: string,
  guard: Interval,
  now: number,
  except?: string
): Promise<void> => {
  for (const stale of await ctx.slots().staleOverlapping(tx.trx, venue, guard, now)) {
    const row = await tx.lockBooking(stale.booking_document_id);
    if (row && row.documentId !== except) await applyEvent(ctx, tx, row, 'expire', {});
  }
};

export interface TransitionOptions {
  /** Runs on the locked row before the change; throws to refuse it. */
  authorize?: (row: BookingRow) => void;
  /** Further fields written with the new status. */
  extra?: (row: BookingRow, now: number) => BookingWrite;
  now?: number;
}

/** Locks the booking and applies one event to it, in a transaction of its own. */
export const transition = async (
  ctx: EngineContext,
  documentId: string,
  event: BookingEvent,
  options: TransitionOptions = {}
): Promise<{ row: BookingRow; status: BookingStatus }> => {
  const now = options.now ?? Date.now();
  return ctx.transaction('booking-engine', async (tx) => {
    const row = await tx.lockBooking(documentId);
    if (!row) throw bookingNotFound();
    options.authorize?.(row);
    const status = await applyEvent(ctx, tx, row, event, options.extra?.(row, now) ?? {});
    return { row, status };
  });
};

export interface PaymentFacts {
  payment_status?: PaymentStatus;
  refunded_amount?: number;
  refund_due?: number;
}

/** Writes changed payment facts; a moved payment status is published like a status change. */
export const patchPaymentFacts = async (ctx: EngineContext, tx: BookingTx, row: BookingRow, facts: PaymentFacts) => {
  const changed = Object.fromEntries(
    Object.entries(facts).filter(([key, value]) => value !== undefined && row[key as keyof PaymentFacts] !== value)
  ) as PaymentFacts;
  if (Object.keys(changed).length === 0) return;
  await ctx.records().update(row.documentId, changed);
  if (changed.payment_status) tx.events.push(updatedEvent(row, row.status, changed.payment_status));
};

/** Refuses anyone but the given relations; strangers learn nothing (the booking "does not exist" for them). */
export const requireRelationship = (actor: Actor, allowed: Array<'customer' | 'vendor' | 'staff'>) => (row: BookingRow) => {
  const relation = relationshipTo(row, actor);
  if (!relation) throw bookingNotFound();
  if (!allowed.includes(relation)) throw new BookingError('forbidden', `Only the ${allowed.join(' or ')} may do this`);
};
