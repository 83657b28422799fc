'use strict';

/**
 * payment_webhook_events  one row per Stripe event id that was applied. The row is inserted in the
 *                         same transaction as the event's effects, so an event is applied exactly once
 *                         however often (and however concurrently) Stripe delivers it.
 */
async function up(knex) {
  if (await knex.schema.hasTable('payment_webhook_events')) return;
  await knex.schema.createTable('payment_webhook_events', (t) => {
    t.string('event_id', 255).primary();
    t.string('type', 120).notNullable();
    t.string('object_id', 255).nullable();
    t.bigInteger('stripe_created_s').nullable();
    t.bigInteger('received_at_ms').notNullable();
    t.string('outcome', 120).nullable();
    t.index(['received_at_ms'], 'payment_webhook_events_received_idx');
  });
}

async function down() {
  throw new Error('payment_webhook_events guards against applying a webhook twice; drop it by hand if you really mean it');
}

module.exports = { up, down };
