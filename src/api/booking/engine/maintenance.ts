import { BookingError } from '../../../domain/booking/errors';
import { deadlinePassed } from '../booking-facts';
import type { EngineContext } from './context';
import { transition } from './steps';

/** Maintenance: the job that expires and completes bookings on time. */
export const maintenance = (ctx: EngineContext) => ({
  /**
   * Marks holds and requests whose deadline passed as expired and ended confirmed bookings as
   * completed. Safe to run concurrently on several instances: each booking is locked and
   * transitions once; a booking that moved on meanwhile is skipped.
   */
  async runMaintenance(options: { now?: number; batch?: number } = {}) {
    const now = options.now ?? Date.now();
    const batch = options.batch ?? 200;
    const summary = { expired: 0, completed: 0 };
    for (const [ids, event, key] of [
      [await ctx.slots().dueForExpiry(now, batch), 'expire', 'expired'],
      [await ctx.slots().dueForCompletion(now, batch), 'complete', 'completed'],
    ] as const) {
      for (const documentId of ids) {
        try {
          await transition(ctx, documentId, event, {
            now,
            // Re-check under the lock: the deadline may have been lifted (paid, approved) meanwhile.
            authorize: (row) => {
              if (event === 'expire' && !deadlinePassed(row, now)) throw new BookingError('illegal_transition', 'not due');
              if (event === 'complete' && Date.parse(row.end_datetime) > now) {
                throw new BookingError('illegal_transition', 'not due');
              }
            },
          });
          summary[key] += 1;
        } catch (error) {
          if (!(error instanceof BookingError && error.code === 'illegal_transition')) throw error;
        }
      }
    }
    return summary;
  },
});
