import type { BookingWrite } from '../services/booking-records';
import type { BookingRow } from '../booking-view';
import { guardRange } from '../services/slots';
import type { EngineContext } from './context';
import {
  applyEvent,
  availabilityEvent,
  bookingInterval,
  bookingNotFound,
  expireStaleOverlapping,
  patchPaymentFacts,
  transition,
  type PaymentFacts,
} from './steps';

export type CapturedPaymentOutcome = 'confirmed' | 'already_confirmed' | 'slot_gone' | 'not_payable';

/** PostgreSQL's exclusion constraint refused an overlapping active slot. */
const isExclusionViolation = (error: unknown): boolean => (error as { code?: string } | null)?.code === '23P01';

/** Payment facts: what the payments plugin tells the engine about money (it never sets a status itself). */
export const paymentFacts = (ctx: EngineContext) => ({
  /** Payment captured for an instant booking (pending_payment → confirmed). */
  async markPaid(documentId: string, options: { now?: number } = {}): Promise<BookingRow> {
    const now = options.now ?? Date.now();
    const { row } = await transition(ctx, documentId, 'pay', {
      now,
      extra: () => ({ payment_status: 'paid', confirmed_at: new Date(now).toISOString() }),
    });
    return (await ctx.records().load(row.documentId)) as BookingRow;
  },

  /**
   * Money was captured for a booking, whatever its status now (payments calls this for every
   * succeeded PaymentIntent, so it must be safe to repeat):
   * - pending_payment → confirmed; requested → confirmed (captured on the vendor's approval);
   *   confirmed/completed → payment facts only;
   * - expired → confirmed again when its time is still free (the money came late), else `slot_gone`;
   * - cancelled / rejected → `not_payable` (the caller refunds).
   */
  async applyCapturedPayment(
    documentId: string,
    options: { now?: number } = {}
  ): Promise<{ outcome: CapturedPaymentOutcome; row: BookingRow }> {
    const now = options.now ?? Date.now();
    const reload = async () => (await ctx.records().load(documentId)) as BookingRow;
    try {
      return await ctx.transaction('booking-engine', async (tx) => {
        const row = await tx.lockBooking(documentId);
        if (!row) throw bookingNotFound();
        const confirmedAt: BookingWrite = { payment_status: 'paid', confirmed_at: new Date(now).toISOString() };
        // Captured money for a request means the vendor approved it (payments captures only on approval).
        if (row.status === 'pending_payment' || row.status === 'requested') {
          await applyEvent(ctx, tx, row, row.status === 'requested' ? 'approve' : 'pay', confirmedAt);
          return { outcome: 'confirmed' as const, row: await reload() };
        }
        if (row.status === 'confirmed' || row.status === 'completed') {
          const unpaid =
            row.payment_status === 'unpaid' || row.payment_status === 'authorized' || row.payment_status === 'failed';
          await patchPaymentFacts(ctx, tx, row, { payment_status: unpaid ? 'paid' : row.payment_status });
          return { outcome: 'already_confirmed' as const, row: await reload() };
        }
        if (row.status === 'expired' && row.venue) {
          const guard = guardRange(bookingInterval(row), row.venue.buffer_minutes ?? 0);
          await expireStaleOverlapping(ctx, tx, row.venue.documentId, guard, now, documentId);
          if ((await ctx.slots().conflicting(tx.trx, row.venue.documentId, guard, now)).length > 0) {
            return { outcome: 'slot_gone' as const, row };
          }
          await applyEvent(ctx, tx, row, 'pay_late', confirmedAt);
          // applyEvent only publishes availability for released slots; this one is taken again.
          tx.events.push(availabilityEvent(row.venue.documentId, bookingInterval(row), 'booking_confirmed'));
          return { outcome: 'confirmed' as const, row: await reload() };
        }
        return { outcome: 'not_payable' as const, row };
      });
    } catch (error) {
      // The exclusion constraint refused to re-activate the slot: someone holds that time.
      if (isExclusionViolation(error)) return { outcome: 'slot_gone', row: await reload() };
      throw error;
    }
  },

  /**
   * Payment facts of a booking, kept in step with the payment provider by the payments plugin
   * (no status change; `booking.updated` is published when the payment status moves).
   */
  async syncPayment(documentId: string, facts: PaymentFacts): Promise<BookingRow> {
    return ctx.transaction('booking-engine', async (tx) => {
      const row = await tx.lockBooking(documentId);
      if (!row) throw bookingNotFound();
      await patchPaymentFacts(ctx, tx, row, facts);
      return (await ctx.records().load(documentId)) as BookingRow;
    });
  },
});
