'use strict';

/**
 * Invoice numbering. Shared by the invoices migration and the boot check (src/bootstrap/invoice-tables.ts).
 *
 * invoice_counters  one row per series (INV, CN) and UTC year: the last number issued. A number is taken
 *                   with `INSERT … ON CONFLICT (series, year) DO UPDATE SET last_sequence = last_sequence + 1 RETURNING last_sequence`
 *                   inside the transaction that inserts the invoice, so the number and the invoice commit
 *                   (or roll back) together: no gaps, no duplicates. On PostgreSQL the counter row is locked
 *                   until that commit; SQLite serialises write transactions.
 *
 * Unique indexes on Strapi's `invoices` table (Strapi's `unique: true` is checked in application code only):
 * the invoice number, and the issue key (`invoice:<booking documentId>` / `credit_note:<refund id>`) that
 * makes issuing idempotent. Strapi's schema sync only drops indexes it created itself, and a SQLite table
 * rebuild would lose them, so the boot check re-creates them when missing.
 */
const COUNTERS = 'invoice_counters';
const INDEXES = [
  { name: 'invoices_number_uq', column: 'number' },
  { name: 'invoices_issue_key_uq', column: 'issue_key' },
];

const ensureCounterTable = async (knex) => {
  if (await knex.schema.hasTable(COUNTERS)) return false;
  await knex.schema.createTable(COUNTERS, (t) => {
    t.string('series', 8).notNullable();
    t.integer('year').notNullable();
    t.integer('last_sequence').notNullable();
    t.primary(['series', 'year']);
  });
  return true;
};

/** Creates the unique indexes on `invoices` once Strapi has created that table; returns the ones created. */
const ensureInvoiceIndexes = async (knex) => {
  if (!(await knex.schema.hasTable('invoices'))) return [];
  const created = [];
  for (const index of INDEXES) {
    if (!(await knex.schema.hasColumn('invoices', index.column))) continue;
    if (await hasIndex(knex, index.name)) continue;
    await knex.raw(`CREATE UNIQUE INDEX IF NOT EXISTS ${index.name} ON invoices (${index.column})`);
    created.push(index.name);
  }
  return created;
};

const isPostgres = (knex) => ['pg', 'postgres', 'postgresql'].includes(knex.client.config.client);

const hasIndex = async (knex, name) => {
  if (isPostgres(knex)) {
    const { rows } = await knex.raw('select 1 from pg_indexes where indexname = ? limit 1', [name]);
    return rows.length > 0;
  }
  const rows = await knex.raw("select 1 from sqlite_master where type = 'index' and name = ? limit 1", [name]);
  return rows.length > 0;
};

module.exports = { COUNTERS, INDEXES, ensureCounterTable, ensureInvoiceIndexes, hasIndex };
