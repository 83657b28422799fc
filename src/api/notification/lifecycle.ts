import type { Core } from '@strapi/strapi';
import { trackEntryEventFollowUps, type EntryEventFollowUps } from '../../infra/entry-events';
import { appService } from '../app-services';

/** Entry events of notification writes (Strapi reads each written row back after commit, unawaited). */
const followUps = new WeakMap<Core.Strapi, EntryEventFollowUps>();

/**
 * Boot: domain events start producing notifications and the mail queue's worker starts (with Redis it
 * picks up e-mails queued before a restart). Shutdown: unsubscribe, let running sends finish, close the
 * queue's connections, so the process (and a test run) can exit.
 */
export const startNotifications = (strapi: Core.Strapi): void => {
  if (!followUps.has(strapi)) followUps.set(strapi, trackEntryEventFollowUps(strapi, ['api::notification.notification']));
  appService(strapi, 'api::notification.notification-producers').start();
  appService(strapi, 'api::notification.notification-center').startMailQueue();
};

export const stopNotifications = async (strapi: Core.Strapi): Promise<void> => {
  await appService(strapi, 'api::notification.notification-producers').stop();
  await appService(strapi, 'api::notification.notification-center').shutdown();
  // Strapi emits its entry events (a read of the row) after each Document Service write commits, without
  // awaiting them: wait for those of the notifications written so far before the database closes.
  const tracker = followUps.get(strapi);
  followUps.delete(strapi);
  await tracker?.drain();
  tracker?.stop();
};
