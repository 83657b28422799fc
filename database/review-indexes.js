'use strict';

/**
 * Unique indexes behind "once" rules of reviews and reports. Shared by the reviews migration and the boot
 * check (src/bootstrap/review-indexes.ts).
 *
 *   reviews_booking_key_uq  reviews.booking_key = the booking's documentId: one review per booking. An explicit
 *                           column, not the booking link table: for a one-to-one relation Strapi moves the link
 *                           to the newest review instead of failing, so a second review would silently win.
 *   reports_dedup_key_uq    reports.dedup_key = `<target_type>:<target documentId>:<reporter id>`: one report
 *                           per user per target.
 *
 * Strapi's `unique: true` is checked in application code only (check-then-insert), so these are real indexes.
 * They need Strapi's tables, which a fresh database only has after the schema sync that follows the migrations:
 * the boot check adds them then, and re-creates them if a table rebuild lost them. NULL keys (rows written
 * before the column existed) never collide.
 */
const INDEXES = [
  { name: 'reviews_booking_key_uq', table: 'reviews', column: 'booking_key' },
  { name: 'reports_dedup_key_uq', table: 'reports', column: 'dedup_key' },
];

const isPostgres = (knex) => ['pg', 'postgres', 'postgresql'].includes(knex.client.config.client);

const hasIndex = async (knex, name) => {
  if (isPostgres(knex)) {
    const { rows } = await knex.raw('select 1 from pg_indexes where indexname = ? limit 1', [name]);
    return rows.length > 0;
  }
  const rows = await knex.raw("select 1 from sqlite_master where type = 'index' and name = ? limit 1", [name]);
  return rows.length > 0;
};

/** Creates the missing unique indexes whose table and column exist; returns the names created. */
const ensureReviewIndexes = async (knex) => {
  const created = [];
  for (const index of INDEXES) {
    if (!(await knex.schema.hasTable(index.table))) continue;
    if (!(await knex.schema.hasColumn(index.table, index.column))) continue;
    if (await hasIndex(knex, index.name)) continue;
    await knex.raw(`CREATE UNIQUE INDEX IF NOT EXISTS ${index.name} ON ${index.table} (${index.column})`);
    created.push(index.name);
  }
  return created;
};

module.exports = { INDEXES, ensureReviewIndexes, hasIndex };
