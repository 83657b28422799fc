import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { IANAZone } from 'luxon';
import { isPostgres } from '../../../infra/db';
import { venueTables } from '../venue-tables';

/**
 * The search read model (docs/search.md): `venue_search` holds one narrow row per public venue (approved venue
 * of an approved vendor) and `venue_search_blocks` its blocked periods as epoch-ms ranges, so a search reads
 * no Strapi link or component table. Both are derived from Strapi's tables by ONE insert-select (`project`),
 * used alike for a single venue, a vendor's venues and a full rebuild; writers call `refresh…` inside their
 * own transaction (Strapi's `db.transaction` joins the surrounding one), so a commit never shows a venue
 * change without its search row.
 */
export const READ_MODEL_VERSION = '1';

const SEARCH = 'venue_search';
const BLOCKS = 'venue_search_blocks';
const STATE = 'venue_search_state';
const IN_CHUNK = 500;
const BLOCK_COLUMNS = ['venue_document_id', 'start_ms', 'end_ms'];

/** Which venues to (re)project: by document id, by row id, by vendor or amenity, or all of them. */
export type Selection =
  { documentIds: string[] } | { venueIds: number[] } | { vendorIds: number[] } | { amenityIds: number[] } | { all: true };

export interface ReadModelRow {
  venue_id: number;
  document_id: string;
  [column: string]: unknown;
}

const chunks = <T>(items: T[]): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += IN_CHUNK) out.push(items.slice(i, i + IN_CHUNK));
  return out;
};

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const pg = () => isPostgres(strapi);

  /** Epoch ms of a Strapi datetime column (PostgreSQL `timestamp`, SQLite epoch ms); `round` floor or ceil. */
  const msOf = (column: string, round: 'floor' | 'ceil') =>
    pg() ? `${round}(extract(epoch from ${column}) * 1000)::bigint` : column;

  /** The projection of the venues `where` selects (a knex callback on alias `v`), as a select. */
  const projection = (trx: Knex, documentIds: string[] | null) => {
    const { venues, venueVendor, venueLocation, venueAmenities } = venueTables(strapi);
    const amenities = trx(`${venueAmenities.table} as al`)
      .join(`${venueAmenities.targetTable} as a`, 'a.id', `al.${venueAmenities.targetColumn}`)
      .whereRaw('?? = ??', [`al.${venueAmenities.column}`, 'v.id'])
      .whereNotNull('a.slug');
    if (pg()) amenities.select(trx.raw('coalesce(array_agg(a.slug order by a.slug), ?::text[])', ['{}']));
    else amenities.select(trx.raw("coalesce(',' || group_concat(a.slug, ',') || ',', ',')"));

    const builder = trx(`${venues} as v`)
      .join(`${venueVendor.table} as vl`, `vl.${venueVendor.column}`, 'v.id')
      .join(`${venueVendor.targetTable} as vp`, 'vp.id', `vl.${venueVendor.targetColumn}`)
      .leftJoin(`${venueLocation.table} as vc`, function joinLocation() {
        this.on(`vc.${venueLocation.column}`, '=', 'v.id');
        for (const [column, value] of Object.entries(venueLocation.on)) this.andOn(`vc.${column}`, '=', trx.raw('?', [value]));
      })
      .leftJoin(`${venueLocation.targetTable} as loc`, 'loc.id', `vc.${venueLocation.targetColumn}`)
      .where('v.status', 'approved')
      .andWhere('vp.verification_status', 'approved')
      .select(
        'v.id as venue_id',
        'v.document_id as document_id',
        trx.raw('lower(v.name) as name_lc'),
        trx.raw("lower(coalesce(v.description, '')) as description_lc"),
        trx.raw('lower(loc.city) as city_lc'),
        trx.raw(pg() ? 'loc.id is not null as has_location' : 'case when loc.id is null then 0 else 1 end as has_location'),
        'loc.address as address',
        'loc.city as city',
        'loc.postal_code as postal_code',
        'vp.document_id as vendor_document_id',
        'vp.business_name as vendor_business_name',
        'loc.country as country',
        'loc.lat as lat',
        'loc.lng as lng',
        'v.timezone as timezone',
        'v.capacity as capacity',
        'v.price_per_hour as price_per_hour',
        'v.currency as currency',
        'v.rating_average as rating_average',
        'v.rating_count as rating_count',
        'v.featured as featured',
        // Microseconds on PostgreSQL (timestamp(6)), milliseconds on SQLite: only ever compared with each other.
        trx.raw(
          pg() ? '(extract(epoch from v.created_at) * 1000000)::bigint as created_at_key' : 'v.created_at as created_at_key'
        ),
        'v.min_hours as min_hours',
        'v.max_hours as max_hours',
        'v.buffer_minutes as buffer_minutes',
        'v.notice_hours as notice_hours',
        trx.raw('(?) as amenities', [amenities])
      );
    if (pg()) {
      builder.select(trx.raw('case when loc.lat is null or loc.lng is null then null else point(loc.lng, loc.lat) end as geo'));
    }
    if (documentIds) builder.whereIn('v.document_id', documentIds);
    return builder;
  };

  const PROJECTED_COLUMNS = [
    'venue_id',
    'document_id',
    'name_lc',
    'description_lc',
    'city_lc',
    'has_location',
    'address',
    'city',
    'postal_code',
    'vendor_document_id',
    'vendor_business_name',
    'country',
    'lat',
    'lng',
    'timezone',
    'capacity',
    'price_per_hour',
    'currency',
    'rating_average',
    'rating_count',
    'featured',
    'created_at_key',
    'min_hours',
    'max_hours',
    'buffer_minutes',
    'notice_hours',
    'amenities',
  ];
  const columns = () => (pg() ? [...PROJECTED_COLUMNS, 'geo'] : PROJECTED_COLUMNS);

  const blocksProjection = (trx: Knex, documentIds: string[] | null) => {
    const { venues, blockedPeriods, blockedPeriodVenue } = venueTables(strapi);
    const builder = trx(`${blockedPeriods} as b`)
      .join(`${blockedPeriodVenue.table} as bl`, `bl.${blockedPeriodVenue.column}`, 'b.id')
      .join(`${venues} as v`, 'v.id', `bl.${blockedPeriodVenue.targetColumn}`)
      .join(`${SEARCH} as rs`, 'rs.document_id', 'v.document_id')
      .whereNotNull('b.start_datetime')
      .whereNotNull('b.end_datetime')
      // Floor the start and ceil the end: `start < window end` and `end > window start` keep their answers.
      .select(
        'v.document_id as venue_document_id',
        trx.raw(`${msOf('b.start_datetime', 'floor')} as start_ms`),
        trx.raw(`${msOf('b.end_datetime', 'ceil')} as end_ms`)
      );
    if (documentIds) builder.whereIn('v.document_id', documentIds);
    return builder;
  };

  /** Marks rows whose zone the domain cannot read (such a venue is never bookable, so never free for a window). */
  const checkZones = async (trx: Knex, documentIds: string[] | null) => {
    const query = trx(SEARCH).distinct('timezone');
    if (documentIds) query.whereIn('document_id', documentIds);
    const zones = ((await query) as { timezone: string }[]).map((z) => z.timezone);
    const invalid = zones.filter((zone) => !IANAZone.isValidZone(zone));
    if (invalid.length === 0) return;
    const update = trx(SEARCH).whereIn('timezone', invalid);
    if (documentIds) update.whereIn('document_id', documentIds);
    await update.update({ tz_valid: false });
  };

  /** `insert into table (columns) select …` (knex would parenthesise the select, which SQLite refuses). */
  const insertSelect = async (trx: Knex, table: string, cols: string[], select: Knex.QueryBuilder) => {
    const { sql, bindings } = select.toSQL();
    await trx.raw(`insert into ${table} (${cols.join(', ')}) ${sql}`, bindings as Knex.RawBinding[]);
  };

  /**
   * Serialises refreshes on PostgreSQL until `trx` ends: a refresh is delete + insert-select, so two concurrent
   * refreshes of one venue (two calendar feeds of a venue syncing at once) would both insert its row. A full
   * rebuild takes the model's lock exclusively; a partial refresh takes it shared, then each venue's lock in
   * document-id order (the same order in every transaction, so two refreshes cannot deadlock on venues).
   */
  const lockVenues = async (trx: Knex, documentIds: string[] | null) => {
    if (!pg()) return;
    if (documentIds === null) {
      await trx.raw('select pg_advisory_xact_lock(hashtext(?))', [SEARCH]);
      return;
    }
    await trx.raw('select pg_advisory_xact_lock_shared(hashtext(?))', [SEARCH]);
    await trx.raw(
      `select count(pg_advisory_xact_lock(hashtext(? || id))) from (select unnest(?::text[]) as id order by 1) as ids`,
      [`${SEARCH}:`, [...documentIds].sort()]
    );
  };

  /** Re-projects the given venues (all when `documentIds` is null) inside `trx`. */
  const project = async (trx: Knex, documentIds: string[] | null) => {
    const cols = columns();
    await lockVenues(trx, documentIds === null ? null : [...new Set(documentIds)]);
    if (documentIds === null) {
      await trx(BLOCKS).delete();
      await trx(SEARCH).delete();
      await insertSelect(trx, SEARCH, cols, projection(trx, null));
      await insertSelect(trx, BLOCKS, BLOCK_COLUMNS, blocksProjection(trx, null));
      await checkZones(trx, null);
      return;
    }
    for (const ids of chunks([...new Set(documentIds)])) {
      await trx(BLOCKS).whereIn('venue_document_id', ids).delete();
      await trx(SEARCH).whereIn('document_id', ids).delete();
      await insertSelect(trx, SEARCH, cols, projection(trx, ids));
      await insertSelect(trx, BLOCKS, BLOCK_COLUMNS, blocksProjection(trx, ids));
      await checkZones(trx, ids);
    }
  };

  /** Document ids of the venues a selection names (venues that no longer exist only by document id). */
  const documentIdsOf = async (trx: Knex, selection: Selection): Promise<string[] | null> => {
    if ('all' in selection) return null;
    if ('documentIds' in selection) return selection.documentIds;
    const { venues, venueVendor, venueAmenities } = venueTables(strapi);
    const found: string[] = [];
    if ('venueIds' in selection) {
      for (const ids of chunks(selection.venueIds)) {
        found.push(
          ...((await trx(venues).whereIn('id', ids).select('document_id')) as { document_id: string }[]).map((r) => r.document_id)
        );
      }
    } else {
      const link = 'vendorIds' in selection ? venueVendor : venueAmenities;
      const ids = 'vendorIds' in selection ? selection.vendorIds : selection.amenityIds;
      for (const part of chunks(ids)) {
        const rows = (await trx(`${link.table} as l`)
          .join(`${venues} as v`, 'v.id', `l.${link.column}`)
          .whereIn(`l.${link.targetColumn}`, part)
          .distinct('v.document_id')) as { document_id: string }[];
        found.push(...rows.map((r) => r.document_id));
      }
    }
    return found;
  };

  return {
    /**
     * Brings the rows of the selected venues in line with Strapi's tables, in the caller's transaction when
     * there is one (else in a transaction of its own).
     */
    async refresh(selection: Selection, options: { trx?: Knex } = {}): Promise<void> {
      const work = async (trx: Knex) => {
        const ids = await documentIdsOf(trx, selection);
        if (ids && ids.length === 0) return;
        await project(trx, ids);
      };
      if (options.trx) await work(options.trx);
      else await strapi.db.transaction(({ trx }) => work(trx));
    },

    /** Document ids a selection names now (call before a delete that removes the links). */
    async venuesOf(selection: Selection): Promise<string[]> {
      return strapi.db.transaction(async ({ trx }) => (await documentIdsOf(trx, selection)) ?? []);
    },

    /** Rebuilds the whole read model in one transaction and records its version. */
    async rebuild(): Promise<{ venues: number; blocks: number }> {
      return strapi.db.transaction(async ({ trx }) => {
        await project(trx, null);
        await trx(STATE).where({ key: 'version' }).delete();
        await trx(STATE).insert({ key: 'version', value: READ_MODEL_VERSION });
        const [{ count: venues }] = (await trx(SEARCH).count({ count: '*' })) as { count: number | string }[];
        const [{ count: blocks }] = (await trx(BLOCKS).count({ count: '*' })) as { count: number | string }[];
        return { venues: Number(venues), blocks: Number(blocks) };
      });
    },

    /** Rebuilds when the stored version is not this code's (first boot after the migration, or a new projection). */
    async rebuildIfOutdated(): Promise<boolean> {
      const row = (await strapi.db.connection(STATE).where({ key: 'version' }).first()) as { value: string } | undefined;
      if (row?.value === READ_MODEL_VERSION) return false;
      await this.rebuild();
      return true;
    },

    /** The stored rows and what the projection computes from Strapi's tables now, both sorted (consistency checks). */
    async compare(): Promise<{
      stored: ReadModelRow[];
      expected: ReadModelRow[];
      storedBlocks: string[];
      expectedBlocks: string[];
    }> {
      const db = strapi.db.connection;
      const value = (v: unknown): unknown =>
        v === null || v === undefined
          ? null
          : typeof v === 'boolean'
            ? v
            : v !== '' && Number.isFinite(Number(v))
              ? Number(v)
              : String(v);
      const normalise = (rows: Record<string, unknown>[]): ReadModelRow[] =>
        rows
          .map((row) => {
            const out: Record<string, unknown> = {};
            for (const c of PROJECTED_COLUMNS) out[c] = value(row[c]);
            out.amenities = Array.isArray(row.amenities)
              ? [...(row.amenities as string[])].sort()
              : String(row.amenities ?? ',')
                  .split(',')
                  .filter(Boolean)
                  .sort();
            return out as ReadModelRow;
          })
          .sort((a, b) => a.venue_id - b.venue_id);
      const blocks = (rows: Record<string, unknown>[]) =>
        rows.map((r) => `${r.venue_document_id} ${r.start_ms} ${r.end_ms}`).sort();
      return {
        stored: normalise(await db(SEARCH).select(PROJECTED_COLUMNS)),
        expected: normalise(await projection(db, null)),
        storedBlocks: blocks(await db(BLOCKS).select('*')),
        expectedBlocks: blocks(await blocksProjection(db, null)),
      };
    },
  };
};
