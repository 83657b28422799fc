import type { Core } from '@strapi/strapi';
import { notificationCenterOf } from './services/notification-center';
import { notificationProducersOf } from './services/notification-producers';

/**
 * Boot: domain events start producing notifications and the mail queue's worker starts (with Redis it
 * picks up e-mails queued before a restart). Shutdown: unsubscribe, let running sends finish, close the
 * queue's connections, so the process (and a test run) can exit.
 */
export const startNotifications = (strapi: Core.Strapi): void => {
  notificationProducersOf(strapi).start();
  notificationCenterOf(strapi).startMailQueue();
};

export const stopNotifications = async (strapi: Core.Strapi): Promise<void> => {
  await notificationProducersOf(strapi).stop();
  await notificationCenterOf(strapi).shutdown();
  // Strapi emits its entry events (a read) right after each Document Service write commits, without awaiting
  // them; give those of the last notification writes a moment before the database closes.
  await new Promise((resolve) => setTimeout(resolve, 50));
};
