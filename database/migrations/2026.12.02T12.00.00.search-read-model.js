'use strict';

/**
 * The search read model (docs/search.md): tables Strapi does not manage, filled from Strapi's tables by
 * src/api/venue/services/search-read-model.ts in the same transaction as every write that changes them.
 *
 * venue_search         one narrow row per public venue (approved venue of an approved vendor): the columns
 *                      search filters and sorts on, location flattened, amenity slugs inline. PostgreSQL adds a
 *                      `point` with a GiST index for radius queries and a text[] of amenities with a GIN index.
 * venue_search_blocks  each public venue's blocked periods as epoch-ms ranges (few per venue: a btree probe).
 * venue_search_state   the read model's version: a version this code does not know triggers a rebuild at boot.
 *
 * PostgreSQL also gets range indexes for the availability probes of search (booking_slots and
 * venue_open_ranges, tables of the booking-engine migration) and `tofimotia_local_ms_of_day`, the venue-local
 * time of day of an instant that returns NULL (not an error) for a zone PostgreSQL does not know.
 */
const isPostgres = (knex) => ['pg', 'postgres', 'postgresql'].includes(knex.client.config.client);

async function up(knex) {
  const pg = isPostgres(knex);
  if (!(await knex.schema.hasTable('venue_search'))) {
    await knex.schema.createTable('venue_search', (t) => {
      t.integer('venue_id').primary();
      t.string('document_id', 64).notNullable().unique('venue_search_document_id_uq');
      t.text('name_lc').notNullable();
      t.text('description_lc').notNullable();
      t.text('city_lc').nullable();
      // What the public view shows of the location and the vendor (so a page of hits needs no component read).
      t.boolean('has_location').notNullable().defaultTo(false);
      t.text('address').nullable();
      t.text('city').nullable();
      t.string('postal_code', 32).nullable();
      t.string('vendor_document_id', 64).nullable();
      t.text('vendor_business_name').nullable();
      t.string('country', 8).nullable();
      t.double('lat').nullable();
      t.double('lng').nullable();
      t.string('timezone', 64).notNullable();
      t.boolean('tz_valid').notNullable().defaultTo(true);
      t.integer('capacity').nullable();
      t.bigInteger('price_per_hour').nullable();
      t.string('currency', 3).nullable();
      t.double('rating_average').nullable();
      t.integer('rating_count').nullable();
      t.boolean('featured').nullable();
      t.bigInteger('created_at_key').nullable();
      t.double('min_hours').nullable();
      t.double('max_hours').nullable();
      t.integer('buffer_minutes').nullable();
      t.integer('notice_hours').nullable();
      if (!pg) t.text('amenities').notNullable().defaultTo(',');
      t.index(['city_lc'], 'venue_search_city_idx');
      t.index(['country'], 'venue_search_country_idx');
      t.index(['price_per_hour'], 'venue_search_price_idx');
      t.index(['timezone'], 'venue_search_timezone_idx');
      if (!pg) t.index(['lat', 'lng'], 'venue_search_lat_lng_idx');
    });
    if (pg) {
      await knex.raw(`alter table venue_search add column amenities text[] not null default '{}'`);
      await knex.raw('alter table venue_search add column geo point');
      await knex.raw('create index venue_search_geo_gist on venue_search using gist (geo)');
      await knex.raw('create index venue_search_amenities_gin on venue_search using gin (amenities)');
    }
  }

  if (!(await knex.schema.hasTable('venue_search_blocks'))) {
    await knex.schema.createTable('venue_search_blocks', (t) => {
      t.string('venue_document_id', 64).notNullable();
      t.bigInteger('start_ms').notNullable();
      t.bigInteger('end_ms').notNullable();
      t.index(['venue_document_id', 'start_ms', 'end_ms'], 'venue_search_blocks_venue_idx');
    });
  }

  if (!(await knex.schema.hasTable('venue_search_state'))) {
    await knex.schema.createTable('venue_search_state', (t) => {
      t.string('key', 64).primary();
      t.string('value', 255).notNullable();
    });
  }

  if (pg) {
    await knex.raw('CREATE EXTENSION IF NOT EXISTS btree_gist');
    // Live slots overlapping a window, across all venues (search's set-based anti-join).
    await knex.raw(
      `create index if not exists booking_slots_guard_range_gist on booking_slots
         using gist (int8range(guard_start_ms, guard_end_ms, '[)')) where active`
    );
    // "Open for the whole window": range containment per venue.
    await knex.raw(
      `create index if not exists venue_open_ranges_gist on venue_open_ranges
         using gist (venue_document_id, int8range(start_ms, end_ms, '[]'))`
    );
    await knex.raw(`
      create or replace function tofimotia_local_ms_of_day(zone text, instant_ms bigint) returns bigint
      language plpgsql stable as $$
      begin
        return (extract(epoch from (timezone(zone, to_timestamp(instant_ms / 1000.0)))::time) * 1000)::bigint;
      exception when others then
        return null;
      end
      $$`);
  }
}

async function down() {
  throw new Error('drop the search read model by hand (venue_search, venue_search_blocks, venue_search_state)');
}

module.exports = { up, down };
