'use strict';

/** Analytics rollups, their state and the job-run log (see ../analytics-tables.js). */
const { ensureAnalyticsTables, ensureAnalyticsIndexes } = require('../analytics-tables');

async function up(knex) {
  await ensureAnalyticsTables(knex);
  await ensureAnalyticsIndexes(knex);
}

async function down(knex) {
  // Derived data only: the rollups are rebuilt from the source tables by the analytics job.
  await knex.schema.dropTableIfExists('analytics_daily_rollups');
  await knex.schema.dropTableIfExists('analytics_rollup_state');
  await knex.schema.dropTableIfExists('job_runs');
}

module.exports = { up, down };
