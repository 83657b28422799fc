import path from 'node:path';
import type { Core } from '@strapi/strapi';

/**
 * Boot check for the "once" rules of reviews and reports (database/review-indexes.js): the unique indexes on
 * `reviews.booking_key` and `reports.dedup_key` need Strapi's tables, so they are added after the schema sync
 * and re-created whenever missing. Boot fails loudly if that is impossible (duplicates already stored).
 */
export const ensureReviewIndexes = async (strapi: Core.Strapi): Promise<void> => {
  // The index definitions live in plain JS, shared with the migration (database/migrations run untranspiled).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const shared = require(path.join(strapi.dirs.app.root, 'database', 'review-indexes.js')) as {
    ensureReviewIndexes: (knex: unknown) => Promise<string[]>;
  };
  const created = await shared.ensureReviewIndexes(strapi.db.connection);
  if (created.length) strapi.log.info(`[reviews] created unique indexes: ${created.join(', ')}`);
};
