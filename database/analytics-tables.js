'use strict';

/**
 * Tables of the control center's analytics and health (see docs/control-center.md, "Analytics").
 * Shared by the analytics migration and the boot check (src/plugins/control-center/server/src/services/insights/schema.ts).
 *
 *   analytics_daily_rollups  one row per (reporting timezone, local day, metric, currency, dimension): the
 *                            figures of one calendar day in the reporting timezone. `day` is the day number
 *                            (days since 1970-01-01 of the local calendar). Rows of another timezone are
 *                            ignored by reads and replaced by the next rebuild.
 *   analytics_rollup_state   per timezone: the last local day the rollups cover (later days are computed live),
 *                            the updated_at watermark of the incremental refresh, the last full rebuild.
 *   job_runs                 last run of each scheduled job (written where the jobs run, read by the health page).
 *
 * Indexes on Strapi's own tables (created_at / updated_at of bookings, payments, refunds, users, vendor
 * profiles) need those tables, which a fresh database only has after the schema sync: the boot check adds them.
 */
const STRAPI_INDEXES = [
  { name: 'bookings_created_at_idx', table: 'bookings', column: 'created_at' },
  { name: 'bookings_updated_at_idx', table: 'bookings', column: 'updated_at' },
  { name: 'payments_created_at_idx', table: 'payments', column: 'created_at' },
  { name: 'payments_updated_at_idx', table: 'payments', column: 'updated_at' },
  { name: 'refunds_created_at_idx', table: 'refunds', column: 'created_at' },
  { name: 'refunds_updated_at_idx', table: 'refunds', column: 'updated_at' },
  { name: 'up_users_created_at_idx', table: 'up_users', column: 'created_at' },
  { name: 'vendor_profiles_created_at_idx', table: 'vendor_profiles', column: 'created_at' },
];

const ensureAnalyticsTables = async (knex) => {
  const created = [];
  if (!(await knex.schema.hasTable('analytics_daily_rollups'))) {
    await knex.schema.createTable('analytics_daily_rollups', (t) => {
      t.string('timezone', 64).notNullable();
      t.string('metric', 40).notNullable();
      t.integer('day').notNullable();
      t.string('currency', 3).notNullable().defaultTo('');
      t.string('dim', 120).notNullable().defaultTo('');
      t.bigInteger('value').notNullable();
      t.primary(['timezone', 'metric', 'day', 'currency', 'dim'], 'analytics_daily_rollups_pk');
    });
    created.push('analytics_daily_rollups');
  }
  if (!(await knex.schema.hasTable('analytics_rollup_state'))) {
    await knex.schema.createTable('analytics_rollup_state', (t) => {
      t.string('timezone', 64).primary();
      t.integer('built_through_day').notNullable();
      t.bigInteger('watermark_ms').notNullable();
      t.bigInteger('full_rebuild_at_ms').notNullable();
      t.bigInteger('refreshed_at_ms').notNullable();
    });
    created.push('analytics_rollup_state');
  }
  if (!(await knex.schema.hasTable('job_runs'))) {
    await knex.schema.createTable('job_runs', (t) => {
      t.string('name', 80).primary();
      t.bigInteger('last_started_at_ms').notNullable();
      t.bigInteger('last_finished_at_ms').notNullable();
      t.integer('last_duration_ms').notNullable();
      t.string('last_status', 16).notNullable();
      t.text('last_error').nullable();
      t.bigInteger('last_success_at_ms').nullable();
    });
    created.push('job_runs');
  }
  return created;
};

const ensureAnalyticsIndexes = async (knex) => {
  const created = [];
  for (const index of STRAPI_INDEXES) {
    if (!(await knex.schema.hasTable(index.table))) continue;
    if (!(await knex.schema.hasColumn(index.table, index.column))) continue;
    await knex.raw(`CREATE INDEX IF NOT EXISTS ${index.name} ON ${index.table} (${index.column})`);
    created.push(index.name);
  }
  return created;
};

module.exports = { STRAPI_INDEXES, ensureAnalyticsTables, ensureAnalyticsIndexes };
