import type { Core } from '@strapi/strapi';
import { runOncePerCluster } from '../infra/cluster-lock';
import { purgeExpiredIdempotencyKeys } from '../infra/idempotency';
import { appService } from '../api/app-services';
import { DAY } from '../domain/time';
import { paymentsService } from '../plugins/payments/server/src/get-service';
import { controlCenterService } from '../plugins/control-center/server/src/get-service';
import { recordJobRun } from '../infra/job-runs';

/** Runs a job once per cluster, logs its outcome and records the run in job_runs (shown on the health page). */
const logged = (strapi: Core.Strapi, name: string, work: () => Promise<unknown>) => async () => {
  const startedAt = Date.now();
  let ran = false;
  try {
    const outcome = await runOncePerCluster(strapi, name, async () => {
      ran = true;
      return work();
    });
    if (outcome.ran) {
      strapi.log.debug(`[job] ${name} ${JSON.stringify(outcome.result)}`);
      await recordJobRun(strapi, { name, startedAt, finishedAt: Date.now() });
    }
  } catch (error) {
    strapi.log.error(`[job] ${name} failed: ${(error as Error).stack ?? error}`);
    if (ran) await recordJobRun(strapi, { name, startedAt, finishedAt: Date.now(), error });
  }
};

/** Scheduled jobs (config/server.ts). Each runs on one instance per round (see cluster-lock). */
export const cronTasks = {
  bookingMaintenance: {
    // Every minute: expire unpaid holds and unanswered requests, complete ended bookings.
    options: { rule: '*/1 * * * *' },
    task: ({ strapi }: { strapi: Core.Strapi }) =>
      logged(strapi, 'booking-maintenance', () => appService(strapi, 'api::booking.booking-engine').runMaintenance())(),
  },
  paymentReconciliation: {
    // Every 5 minutes: re-read payments a webhook may have missed, finish pending refunds (see the payments plugin).
    options: { rule: '*/5 * * * *' },
    task: ({ strapi }: { strapi: Core.Strapi }) =>
      logged(strapi, 'payment-reconciliation', () => paymentsService(strapi, 'reconciliation').run())(),
  },
  analyticsRollups: {
    // Every minute: the control center's daily rollups (past days; reports compute today live), so figures are
    // at most a minute stale. A full rebuild when the reporting timezone changed, and daily.
    options: { rule: '*/1 * * * *' },
    task: ({ strapi }: { strapi: Core.Strapi }) =>
      logged(strapi, 'analytics-rollups', () => controlCenterService(strapi, 'analyticsRollups').refresh())(),
  },
  featuredSlots: {
    // Every minute: turn a venue's `featured` flag on when an approved featured slot starts and off when it ends
    // (venue-local dates; see the control center's featured-slots service).
    options: { rule: '*/1 * * * *' },
    task: ({ strapi }: { strapi: Core.Strapi }) =>
      logged(strapi, 'featured-slots', () => controlCenterService(strapi, 'featured-slots').runSchedule())(),
  },
  bookingReminders: {
    // Every 10 minutes: reminders for confirmed bookings starting within 24 h (once per booking).
    options: { rule: '*/10 * * * *' },
    task: ({ strapi }: { strapi: Core.Strapi }) =>
      logged(strapi, 'booking-reminders', () => appService(strapi, 'api::notification.notification-producers').sendReminders())(),
  },
  calendarSync: {
    // Every 15 minutes (ICAL_SYNC_CRON): re-read the vendors' imported iCal feeds (src/api/calendar-feed).
    options: { rule: process.env.ICAL_SYNC_CRON || '*/15 * * * *' },
    task: ({ strapi }: { strapi: Core.Strapi }) =>
      logged(strapi, 'calendar-sync', () => appService(strapi, 'api::calendar-feed.calendar-sync').runScheduled())(),
  },
  dailyHousekeeping: {
    // Nightly: roll the opening-hours search projection forward, drop day-old idempotency keys and
    // webhook event ids older than 30 days (Stripe stops retrying an event after 3 days).
    options: { rule: '17 3 * * *' },
    task: ({ strapi }: { strapi: Core.Strapi }) =>
      logged(strapi, 'daily-housekeeping', async () => ({
        venues_refreshed: await appService(strapi, 'api::venue.open-ranges').refreshStale(),
        idempotency_keys_purged: await purgeExpiredIdempotencyKeys(strapi),
        webhook_events_purged: await paymentsService(strapi, 'webhooks').purgeOlderThan(Date.now() - 30 * DAY),
      }))(),
  },
};
