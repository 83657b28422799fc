'use strict';

/**
 * invoice_counters: gap-free invoice and credit-note numbers per UTC year (see ../invoice-tables.js).
 * The unique indexes on `invoices` need Strapi's table, which a fresh database only has after the schema
 * sync that follows the migrations: the boot check (src/bootstrap/invoice-tables.ts) adds them then.
 */
const { ensureCounterTable, ensureInvoiceIndexes } = require('../invoice-tables');

async function up(knex) {
  await ensureCounterTable(knex);
  await ensureInvoiceIndexes(knex);
}

async function down() {
  throw new Error('invoice_counters holds the last issued invoice numbers; drop it by hand if you really mean it');
}

module.exports = { up, down };
