'use strict';

/**
 * Text search on the read model (issue 16, item 1; docs/search.md). PostgreSQL only:
 *
 * - `venue_search.search_tsv`: a stored generated `tsvector` over the name (weight A), the city (B) and the
 *   description (C) with the `english` configuration (stemming: "weddings" finds "wedding"; stop words dropped),
 *   kept by PostgreSQL itself on every insert/update of the row, so the projection needs no change;
 * - a GIN index on it, used by `q` (`search_tsv @@ websearch_to_tsquery('english', q)`: every word, any order);
 * - trigram GIN indexes (`pg_trgm`, shipped with PostgreSQL like btree_gist) on the lower-cased name,
 *   description and city, so the substring arm that `q` keeps (the answers of before: "lof" still finds
 *   "Loft") is an index scan too and the planner can OR the four bitmaps.
 *
 * SQLite keeps the substring match (`like`) alone: no column, no index (docs/search.md).
 */
const isPostgres = (knex) => ['pg', 'postgres', 'postgresql'].includes(knex.client.config.client);

async function up(knex) {
  if (!isPostgres(knex)) return;
  await knex.raw('CREATE EXTENSION IF NOT EXISTS pg_trgm');
  const { rows } = await knex.raw(
    `select 1 from information_schema.columns where table_schema = current_schema() and table_name = 'venue_search' and column_name = 'search_tsv'`
  );
  if (rows.length === 0) {
    await knex.raw(`
      alter table venue_search add column search_tsv tsvector generated always as (
        setweight(to_tsvector('english'::regconfig, name_lc), 'A')
        || setweight(to_tsvector('english'::regconfig, coalesce(city_lc, '')), 'B')
        || setweight(to_tsvector('english'::regconfig, description_lc), 'C')
      ) stored`);
  }
  await knex.raw('create index if not exists venue_search_tsv_gin on venue_search using gin (search_tsv)');
  await knex.raw('create index if not exists venue_search_name_trgm on venue_search using gin (name_lc gin_trgm_ops)');
  await knex.raw(
    'create index if not exists venue_search_description_trgm on venue_search using gin (description_lc gin_trgm_ops)'
  );
  await knex.raw(
    `create index if not exists venue_search_city_trgm on venue_search using gin ((coalesce(city_lc, '')) gin_trgm_ops)`
  );
}

async function down() {
  throw new Error('drop venue_search.search_tsv and its indexes by hand if you really mean it');
}

module.exports = { up, down };
