import path from 'node:path';
import type { Core } from '@strapi/strapi';

/**
 * Boot check for invoice numbering (database/invoice-tables.js): the counter table (normally created by
 * the invoices migration) and the unique indexes on `invoices` (number, issue key), which need Strapi's
 * own table and so can only be added after its schema sync. Re-created here whenever missing; boot fails
 * loudly if that is impossible (e.g. duplicate numbers already exist).
 */
export const ensureInvoiceTables = async (strapi: Core.Strapi): Promise<void> => {
  // database/ is plain JavaScript shared with the migrations, read from the app root at run time.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const shared = require(path.join(strapi.dirs.app.root, 'database', 'invoice-tables.js')) as {
    ensureCounterTable: (knex: unknown) => Promise<boolean>;
    ensureInvoiceIndexes: (knex: unknown) => Promise<string[]>;
  };
  if (await shared.ensureCounterTable(strapi.db.connection)) {
    strapi.log.info('[invoices] created the invoice_counters table');
  }
  const created = await shared.ensureInvoiceIndexes(strapi.db.connection);
  if (created.length) strapi.log.info(`[invoices] created unique indexes: ${created.join(', ')}`);
};
