import type { Core } from '@strapi/strapi';
import { MINUTE } from '../../../../../domain/time';
import { appService } from '../../../../../api/app-services';
import { paymentsService } from '../get-service';

/** How long money may still arrive for a booking that ended unpaid before its intent is cancelled. */
const ABANDON_AFTER_MS = 60 * MINUTE;
const UNPAID = new Set(['requires_payment_method', 'requires_action', 'failed']);
const ENDED = new Set(['expired', 'cancelled', 'rejected']);

export interface ReconciliationReport {
  synced: number;
  changed: number;
  refunds_retried: number;
  refunds_settled: number;
  released: number;
  abandoned: number;
  errors: number;
}

/**
 * The safety net for lost webhooks and provider outages (run once per cluster by the cron job):
 * 1. payments not settled and not looked at for a while are re-read and applied (a webhook that never
 *    came: the booking is confirmed anyway);
 * 2. refunds left `pending` (crash or outage between reserving and executing) are executed, with the
 *    same idempotency key;
 * 3. cancelled bookings that still owe a refund get it;
 * 4. authorizations of bookings that will not happen are released (done inside 1 by payment-sync), and
 *    unpaid intents of bookings that ended more than an hour ago are cancelled (so they stop being polled).
 * Every item is independent: one failure is counted and logged, the rest go on.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async run(options: { now?: number; staleMs?: number; batch?: number } = {}): Promise<ReconciliationReport> {
    const report: ReconciliationReport = {
      synced: 0,
      changed: 0,
      refunds_retried: 0,
      refunds_settled: 0,
      released: 0,
      abandoned: 0,
      errors: 0,
    };
    if (!paymentsService(strapi, 'stripe').configured()) return report;
    const now = options.now ?? Date.now();
    const batch = options.batch ?? 100;
    const records = paymentsService(strapi, 'payment-records');
    const attempt = async (what: string, work: () => Promise<void>) => {
      try {
        await work();
      } catch (error) {
        report.errors += 1;
        strapi.log.warn(`[payments] reconciliation: ${what} failed: ${(error as Error).message}`);
      }
    };

    for (const payment of await records.needingSync(now, options.staleMs ?? 2 * MINUTE, batch)) {
      await attempt(`sync ${payment.transaction_id}`, async () => {
        const { payment: after } = await paymentsService(strapi, 'payment-sync').refresh(payment.transaction_id, { now });
        report.synced += 1;
        if (after && after.status !== payment.status) report.changed += 1;
        if (after?.status === 'canceled' && payment.status === 'authorized') report.released += 1;
        // An unpaid intent of a booking that ended over an hour ago is cancelled: late money for it is no
        // longer expected (it would still be handled), and the job stops polling it.
        const booking = after?.booking;
        if (
          after &&
          booking &&
          UNPAID.has(after.status) &&
          ENDED.has(booking.status) &&
          Date.parse(booking.updatedAt ?? '') < now - ABANDON_AFTER_MS
        ) {
          await paymentsService(strapi, 'booking-payments').release(after);
          report.abandoned += 1;
        }
      });
    }

    for (const refund of await records.pendingRefunds(now - MINUTE, batch)) {
      await attempt(`refund ${refund.documentId}`, async () => {
        await paymentsService(strapi, 'refunds').execute(refund.documentId);
        report.refunds_retried += 1;
      });
    }

    for (const booking of await appService(strapi, 'api::booking.booking-records').owingRefunds(batch)) {
      await attempt(`refund due for ${booking}`, async () => {
        const settlement = await paymentsService(strapi, 'booking-payments').settle(booking);
        if (settlement.refund) report.refunds_settled += 1;
      });
    }
    return report;
  },
});
