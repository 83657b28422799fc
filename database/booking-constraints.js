'use strict';

/**
 * The PostgreSQL exclusion constraint that makes overlapping live bookings of a venue impossible.
 * Shared by the migration that creates `booking_slots` and by the boot check that re-creates the
 * constraint should it ever be missing (a restored dump, a manual change): the invariant must hold
 * whatever happened to the schema.
 */
const CONSTRAINT = 'booking_slots_no_overlap';

const hasExclusionConstraint = async (knex) => {
  const { rows } = await knex.raw('select 1 from pg_constraint where conname = ? limit 1', [CONSTRAINT]);
  return rows.length > 0;
};

const ensureExclusionConstraint = async (knex) => {
  if (await hasExclusionConstraint(knex)) return false;
  await knex.raw('CREATE EXTENSION IF NOT EXISTS btree_gist');
  await knex.raw(`
    ALTER TABLE booking_slots
      ADD CONSTRAINT ${CONSTRAINT}
      EXCLUDE USING gist (
        venue_document_id WITH =,
        int8range(guard_start_ms, guard_end_ms, '[)') WITH &&
      ) WHERE (active)`);
  return true;
};

module.exports = { CONSTRAINT, hasExclusionConstraint, ensureExclusionConstraint };
