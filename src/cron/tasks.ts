import type { Core } from '@strapi/strapi';
import { runOncePerCluster } from '../infra/cluster-lock';
import { purgeExpiredIdempotencyKeys } from '../infra/idempotency';

const logged = (strapi: Core.Strapi, name: string, work: () => Promise<unknown>) => async () => {
  try {
    const outcome = await runOncePerCluster(strapi, name, work);
    if (outcome.ran) strapi.log.debug(`[job] ${name} ${JSON.stringify(outcome.result)}`);
  } catch (error) {
    strapi.log.error(`[job] ${name} failed: ${(error as Error).stack ?? error}`);
  }
};

/** Scheduled jobs (config/server.ts). Each runs on one instance per round (see cluster-lock). */
export const cronTasks = {
  bookingMaintenance: {
    // Every minute: expire unpaid holds and unanswered requests, complete ended bookings.
    options: { rule: '*/1 * * * *' },
    task: ({ strapi }: { strapi: Core.Strapi }) =>
      logged(strapi, 'booking-maintenance', () => strapi.service('api::booking.booking-engine').runMaintenance())(),
  },
  paymentReconciliation: {
    // Every 5 minutes: re-read payments a webhook may have missed, finish pending refunds (see the payments plugin).
    options: { rule: '*/5 * * * *' },
    task: ({ strapi }: { strapi: Core.Strapi }) =>
      logged(strapi, 'payment-reconciliation', () => strapi.plugin('payments').service('reconciliation').run())(),
  },
  bookingReminders: {
    // Every 10 minutes: reminders for confirmed bookings starting within 24 h (once per booking).
    options: { rule: '*/10 * * * *' },
    task: ({ strapi }: { strapi: Core.Strapi }) =>
      logged(strapi, 'booking-reminders', () => strapi.service('api::notification.notification-producers').sendReminders())(),
  },
  calendarSync: {
    // Every 15 minutes (ICAL_SYNC_CRON): re-read the vendors' imported iCal feeds (src/api/calendar-feed).
    options: { rule: process.env.ICAL_SYNC_CRON || '*/15 * * * *' },
    task: ({ strapi }: { strapi: Core.Strapi }) =>
      logged(strapi, 'calendar-sync', () => strapi.service('api::calendar-feed.calendar-sync').runScheduled())(),
  },
  dailyHousekeeping: {
    // Nightly: roll the opening-hours search projection forward, drop day-old idempotency keys and
    // webhook event ids older than 30 days (Stripe stops retrying an event after 3 days).
    options: { rule: '17 3 * * *' },
    task: ({ strapi }: { strapi: Core.Strapi }) =>
      logged(strapi, 'daily-housekeeping', async () => ({
        venues_refreshed: await strapi.service('api::venue.open-ranges').refreshStale(),
        idempotency_keys_purged: await purgeExpiredIdempotencyKeys(strapi),
        webhook_events_purged: await strapi.plugin('payments').service('webhooks').purgeOlderThan(Date.now() - 30 * 24 * 3600 * 1000),
      }))(),
  },
};
