import { checkWindow } from '../../../domain/availability';
import { BookingError } from '../../../domain/booking/errors';
import { quote, type Quote } from '../../../domain/pricing';
import { DAY, type Interval } from '../../../domain/time';
import type { BookableVenue } from '../../venue/services/venue-rules';
import { guardRange } from '../services/slots';
import { REASON_MESSAGES } from '../window-reasons';
import type { EngineContext } from './context';

export interface QuoteRequest {
  start: number;
  end: number;
  guests: number;
  promo_code?: string | null;
}

/** Quoting: window validation and a priced quote, without writing anything (quote endpoint and create). */
export const quoting = (ctx: EngineContext) => ({
  async quoteFor(venue: BookableVenue, request: QuoteRequest, now: number): Promise<Quote> {
    const config = await ctx.settings().booking();
    const window = { start: request.start, end: request.end };
    if (request.start > now + config.maxAdvanceDays * DAY) {
      throw new BookingError('invalid_window', `Bookings can be made up to ${config.maxAdvanceDays} days ahead`, {
        reason: 'OUTSIDE_HOURS',
      });
    }
    const blocked = await ctx.venues().blocked(venue.documentId, window);
    const reason = checkWindow(
      venue.rules,
      blocked,
      { ...window, guests: request.guests },
      { now, granularityMinutes: config.granularityMinutes }
    );
    if (reason) throw new BookingError('invalid_window', REASON_MESSAGES[reason], { reason });
    return quote({
      pricePerHour: venue.pricePerHour,
      currency: venue.currency,
      timezone: venue.timezone,
      window,
      rules: venue.pricingRules,
      promoCode: request.promo_code ?? null,
      platformFeePercent: config.platformFeePercent,
      taxPercent: config.taxPercent,
    });
  },

  /** Is the window free of other live bookings (buffers included)? Read-only check for the quote endpoint. */
  async isTaken(venue: BookableVenue, window: Interval, now: number): Promise<boolean> {
    const guard = guardRange(window, venue.rules.bufferMinutes);
    return (await ctx.slots().conflicting(ctx.strapi.db.connection, venue.documentId, guard, now)).length > 0;
  },
});

export type Quoting = ReturnType<typeof quoting>;
