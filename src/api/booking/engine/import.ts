import { snapshotPolicy } from '../../../domain/booking/cancellation';
import { SLOT_HOLDING_STATUSES, type BookingStatus, type PaymentStatus } from '../../../domain/booking/state-machine';
import type { Quote } from '../../../domain/pricing';
import type { Interval } from '../../../domain/time';
import type { BookableVenue } from '../../venue/services/venue-rules';
import { newReference } from '../booking-facts';
import type { EngineContext } from './context';

export interface ImportedBooking {
  venue: BookableVenue;
  customerId: number;
  window: Interval;
  guests: number;
  status: BookingStatus;
  paymentStatus: PaymentStatus;
  quote: Quote;
  confirmedAt?: string;
}

/** Import: bookings recorded as given (demo data, imports). */
export const imports = (ctx: EngineContext) => ({
  /**
   * Records a booking as given, without customer-facing rules: still through the guarded path, so its
   * slot row exists and overlaps are still refused.
   */
  async importBooking(data: ImportedBooking): Promise<string> {
    const config = await ctx.settings().booking();
    return ctx.transaction('booking-import', async (tx) => {
      const documentId = await ctx.records().create({
        reference: newReference(),
        venue: data.venue.id,
        customer: data.customerId,
        start_datetime: new Date(data.window.start).toISOString(),
        end_datetime: new Date(data.window.end).toISOString(),
        guests: data.guests,
        status: data.status,
        payment_status: data.paymentStatus,
        total_amount: data.quote.total_amount,
        currency: data.quote.currency,
        price_breakdown: data.quote,
        cancellation_policy: snapshotPolicy(data.venue.cancellationPolicy, config.policies),
        confirmed_at: data.confirmedAt ?? null,
        refund_due: 0,
      });
      await ctx.slots().reserve(tx.trx, {
        booking: documentId,
        venue: data.venue.documentId,
        customerId: data.customerId,
        promoRuleId: null,
        interval: data.window,
        bufferMinutes: data.venue.rules.bufferMinutes,
        expiresAt: null,
        status: data.status,
      });
      if (!SLOT_HOLDING_STATUSES.includes(data.status)) {
        await ctx.slots().update(tx.trx, documentId, { status: data.status, active: false });
      }
      return documentId;
    });
  },
});
