'use strict';

/**
 * Tables Strapi does not manage, for invariants and set-based queries it cannot express.
 * Strapi runs this before its schema sync and never touches these tables afterwards.
 *
 * booking_slots      one row per booking: the time it holds at its venue, widened by half the venue's
 *                    buffer on each side (two bookings then need a full buffer between them). On
 *                    PostgreSQL an EXCLUDE constraint makes overlapping active rows impossible, whatever
 *                    the concurrency or the number of app instances. Instants are epoch milliseconds so
 *                    the same queries run on SQLite.
 * venue_open_ranges  each venue's opening hours materialised as UTC ranges for the booking horizon
 *                    (computed by src/domain/availability, DST-correct), so search filters "open for the
 *                    whole window" in SQL.
 * idempotency_keys   stored first responses of POSTs sent with an Idempotency-Key header.
 */
const { ensureExclusionConstraint } = require('../booking-constraints');

const isPostgres = (knex) => ['pg', 'postgres', 'postgresql'].includes(knex.client.config.client);

async function up(knex) {
  if (!(await knex.schema.hasTable('booking_slots'))) {
    await knex.schema.createTable('booking_slots', (t) => {
      t.string('booking_document_id', 64).primary();
      t.string('venue_document_id', 64).notNullable();
      t.integer('customer_id').nullable();
      t.integer('promo_rule_id').nullable();
      t.bigInteger('start_ms').notNullable();
      t.bigInteger('end_ms').notNullable();
      t.bigInteger('guard_start_ms').notNullable();
      t.bigInteger('guard_end_ms').notNullable();
      t.bigInteger('expires_at_ms').nullable();
      t.string('status', 32).notNullable();
      t.boolean('active').notNullable().defaultTo(true);
      t.index(['venue_document_id', 'guard_start_ms'], 'booking_slots_venue_start_idx');
      t.index(['customer_id', 'status'], 'booking_slots_customer_idx');
    });
    if (isPostgres(knex)) await ensureExclusionConstraint(knex);
  }

  if (!(await knex.schema.hasTable('venue_open_ranges'))) {
    await knex.schema.createTable('venue_open_ranges', (t) => {
      t.string('venue_document_id', 64).notNullable();
      t.bigInteger('start_ms').notNullable();
      t.bigInteger('end_ms').notNullable();
      t.index(['venue_document_id', 'start_ms', 'end_ms'], 'venue_open_ranges_lookup_idx');
    });
    await knex.schema.createTable('venue_open_ranges_state', (t) => {
      t.string('venue_document_id', 64).primary();
      t.bigInteger('computed_from_ms').notNullable();
      t.bigInteger('computed_until_ms').notNullable();
      t.string('rules_hash', 64).notNullable();
    });
  }

  if (!(await knex.schema.hasTable('idempotency_keys'))) {
    await knex.schema.createTable('idempotency_keys', (t) => {
      t.increments('id');
      t.string('caller', 80).notNullable();
      t.string('scope', 80).notNullable();
      t.string('idem_key', 255).notNullable();
      t.string('request_hash', 64).notNullable();
      t.integer('status_code').notNullable();
      t.text('response_body').notNullable();
      t.bigInteger('created_at_ms').notNullable();
      t.unique(['caller', 'scope', 'idem_key'], { indexName: 'idempotency_keys_caller_scope_key_uq' });
      t.index(['created_at_ms'], 'idempotency_keys_created_idx');
    });
  }
}

async function down() {
  throw new Error('booking-engine tables hold invariants; drop them by hand if you really mean it');
}

module.exports = { up, down };
