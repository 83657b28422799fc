import path from 'node:path';
import type { Core } from '@strapi/strapi';
import { isPostgres } from '../infra/db';

/**
 * Boot check: on PostgreSQL the no-overlap exclusion constraint must exist. It is created by the
 * booking-engine migration; if it has gone missing (restored dump, manual change) it is re-created
 * here, and boot fails loudly if that is impossible (e.g. overlapping rows already exist).
 */
export const ensureBookingConstraints = async (strapi: Core.Strapi): Promise<void> => {
  if (!isPostgres(strapi)) return;
  // database/ is plain JavaScript shared with the migrations, read from the app root at run time.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const shared = require(path.join(strapi.dirs.app.root, 'database', 'booking-constraints.js')) as {
    ensureExclusionConstraint: (knex: unknown) => Promise<boolean>;
  };
  if (await shared.ensureExclusionConstraint(strapi.db.connection)) {
    strapi.log.warn('[bookings] the booking_slots exclusion constraint was missing and has been re-created');
  }
};
