import path from 'node:path';
import type { Core } from '@strapi/strapi';

/**
 * Boot check of the analytics tables and indexes (database/analytics-tables.js, shared with the migration): the
 * indexes on Strapi's own tables need them to exist, which on a fresh database is only after the schema sync.
 */
export const ensureAnalyticsSchema = async (strapi: Core.Strapi): Promise<void> => {
  // database/ is plain JavaScript shared with the migrations, read from the app root at run time.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const shared = require(path.join(strapi.dirs.app.root, 'database', 'analytics-tables.js')) as {
    ensureAnalyticsTables: (knex: unknown) => Promise<string[]>;
    ensureAnalyticsIndexes: (knex: unknown) => Promise<string[]>;
  };
  const tables = await shared.ensureAnalyticsTables(strapi.db.connection);
  if (tables.length) strapi.log.info(`[control-center] created tables: ${tables.join(', ')}`);
  await shared.ensureAnalyticsIndexes(strapi.db.connection);
};
