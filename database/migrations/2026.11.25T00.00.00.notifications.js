'use strict';

/**
 * notification_once  keys of notifications that must go out at most once (e.g. `booking_reminder:<booking>`).
 *                    The key row is inserted in the same transaction as the notifications it stands for, so
 *                    a job that runs again (or on another instance) cannot send them twice.
 */
async function up(knex) {
  if (await knex.schema.hasTable('notification_once')) return;
  await knex.schema.createTable('notification_once', (t) => {
    t.string('dedup_key', 191).primary();
    t.bigInteger('created_at_ms').notNullable();
  });
}

async function down() {
  throw new Error('notification_once keeps reminders from being sent twice; drop it by hand if you really mean it');
}

module.exports = { up, down };
