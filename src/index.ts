import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { ensureStaffRoles, ensureFirstSuperAdmin } from './bootstrap/admin-roles';
import { ensureBookingConstraints } from './bootstrap/booking-constraints';
import { ensureDefaultSettings } from './bootstrap/default-settings';
import { ensureInvoiceTables } from './bootstrap/invoice-tables';
import { ensureReviewIndexes } from './bootstrap/review-indexes';
import { registerAuditDocumentMiddleware } from './api/admin-action/document-middleware';
import { registerReviewDocumentMiddleware } from './api/review/document-middleware';
import { registerSupportDocumentMiddleware } from './api/support-ticket/document-middleware';
import { registerSearchReadModelMiddleware } from './api/venue/search-read-model-middleware';
import { subscribeSettingsMemo } from './api/system-setting/services/settings';
import { subscribeInvoicing } from './api/invoice/subscribers';
import { ensureUserRoles } from './bootstrap/user-roles';
import { startNotifications, stopNotifications } from './api/notification/lifecycle';
import { revokeAllSessions } from './extensions/users-permissions/sessions';
import { runOncePerCluster } from './infra/cluster-lock';
import { eventBus } from './infra/event-bus';
import { publishAfterCommit } from './infra/event-bus';
import { closeRedis } from './infra/redis';
import { GUARDED_CONTENT_TYPES, insideGuardedWrite, WRITE_ACTIONS } from './infra/write-guard';
import { seedDemoData } from './seed';
import { appService } from './api/app-services';

let stopInvoicing: (() => Promise<void>) | null = null;

const VENUE = 'api::venue.venue';
const USER = 'plugin::users-permissions.user';

/**
 * Document Service middleware: (1) writes to guarded types (bookings) only from their services;
 * (2) keeps the opening-hours search projection in step with every venue write, whatever the path;
 * (3) revokes a user's sessions when the user is blocked.
 */
const registerDocumentMiddleware = (strapi: Core.Strapi) => {
  strapi.documents.use(async (ctx, next) => {
    if (GUARDED_CONTENT_TYPES.has(ctx.uid) && WRITE_ACTIONS.has(ctx.action) && !insideGuardedWrite()) {
      throw new errors.ForbiddenError(`${ctx.uid} can only be changed through its service (e.g. the booking engine)`);
    }
    const result = await next();
    // Blocking a user ends their sessions at once (their access token is refused on the next request anyway).
    if (ctx.uid === USER && ctx.action === 'update' && (ctx.params as { data?: { blocked?: unknown } }).data?.blocked === true) {
      const userId = (result as { id?: number } | null)?.id;
      if (userId) {
        await revokeAllSessions(strapi, userId);
        // Their open sockets are closed by the realtime plugin, on every instance.
        await publishAfterCommit(strapi.db, 'user.blocked', { user: userId });
      }
    }
    if (ctx.uid === VENUE && ['create', 'update', 'delete'].includes(ctx.action)) {
      const documentId =
        (result as { documentId?: string } | null)?.documentId ?? (ctx.params as { documentId?: string }).documentId;
      if (documentId) await appService(strapi, 'api::venue.open-ranges').refresh(documentId);
    }
    return result;
  });
};

let bootRefresh: Promise<void> | null = null;

export default {
  register({ strapi }: { strapi: Core.Strapi }) {
    // First, so it wraps the others: Content Manager writes and their audit row share one transaction.
    registerAuditDocumentMiddleware(strapi);
    registerDocumentMiddleware(strapi);
    registerSearchReadModelMiddleware(strapi);
    registerReviewDocumentMiddleware(strapi);
    registerSupportDocumentMiddleware(strapi);
  },

  async bootstrap({ strapi }: { strapi: Core.Strapi }) {
    subscribeSettingsMemo(strapi);
    await ensureBookingConstraints(strapi);
    await ensureInvoiceTables(strapi);
    await ensureReviewIndexes(strapi);
    await ensureUserRoles(strapi);
    await ensureStaffRoles(strapi);
    await ensureDefaultSettings(strapi);
    stopInvoicing = subscribeInvoicing(strapi);
    await ensureFirstSuperAdmin(strapi, { email: process.env.ADMIN_EMAIL, password: process.env.ADMIN_PASSWORD });
    // Before any seeding: domain events become notifications (e-mail through the mail queue).
    startNotifications(strapi);
    // `npm run dev` sets this: the embedded default comes up with demo data on first start.
    // The search read model is rebuilt when it is new or its projection changed (then kept in step by the writes).
    await runOncePerCluster(strapi, 'search-read-model-rebuild', () =>
      appService(strapi, 'api::venue.search-read-model').rebuildIfOutdated()
    );
    if (process.env.TOFIMOTIA_SEED_ON_START === 'true') await seedDemoData(strapi, { onlyIfEmpty: true });
    // Venues written while the projection did not exist yet (or long ago) get their opening ranges.
    // Not awaited (boot stays fast); destroy() waits for it so a shutdown never pulls the pool from under it.
    bootRefresh = runOncePerCluster(strapi, 'open-ranges-refresh', () =>
      appService(strapi, 'api::venue.open-ranges').refreshStale()
    )
      .then(() => undefined)
      .catch((error: unknown) => {
        strapi.log.error(`[open-ranges] refresh at boot failed: ${(error as Error).stack ?? error}`);
      });
  },

  async destroy({ strapi }: { strapi: Core.Strapi }) {
    // Event subscribers (notifications, invoices, sockets) finish what they started before the pool closes.
    await eventBus.drain();
    await bootRefresh;
    bootRefresh = null;
    await stopInvoicing?.();
    stopInvoicing = null;
    await stopNotifications(strapi);
    await appService(strapi, 'api::vendor-profile.workspace-access').drain();
    await closeRedis();
  },
};
