import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { isAligned } from '../../../domain/availability';
import { BookingError } from '../../../domain/booking/errors';
import { quote, type Quote } from '../../../domain/pricing';
import { DAY, HOUR } from '../../../domain/time';
import { toBookableVenue } from './venue-rules';
import { VENUE_VIEW_POPULATE, venueView, type VenueRowForView } from '../venue-view';
import { appService } from '../../app-services';
import { isPostgres } from '../../../infra/db';
import { pageWindow, pagination } from '../../../infra/paginate';
import type { BookingSettings } from '../../system-setting/services/settings';

export type SearchSort = 'relevance' | 'price_asc' | 'price_desc' | 'rating' | 'distance' | 'newest';

export interface SearchQuery {
  q?: string;
  city?: string;
  country?: string;
  lat?: number;
  lng?: number;
  radius_km?: number;
  guests?: number;
  price_min?: number;
  price_max?: number;
  currency?: string;
  amenities?: string[];
  start?: number;
  end?: number;
  sort: SearchSort;
  page: number;
  pageSize: number;
}

const KM_PER_DEGREE = 111.32;

const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Venue search over the read model (docs/search.md): `venue_search` (one narrow row per public venue, kept in step
 * by the writes, src/api/venue/services/search-read-model.ts), so no Strapi link or component table is read.
 * One statement selects the page and the total (`count(*) over ()`); with a window, "bookable for the whole
 * window" is set-based in the same statement: open (venue_open_ranges), not blocked (venue_search_blocks), no
 * live booking within the venue's buffer (booking_slots, GiST range probes on PostgreSQL), notice and min/max
 * duration respected, start/end on the venue-local grid (computed by PostgreSQL per distinct zone; on SQLite
 * from one distinct-zone read). Then one Strapi read loads the hits' public views (and pricing rules for the
 * quotes). Settings are read once per search.
 *
 * Distance is the equirectangular approximation (plain arithmetic, so SQLite runs the same query); within a
 * few hundred kilometres it is within 0.5 % of the great-circle distance. On PostgreSQL a GiST box probe on the
 * venue's point narrows the candidates first; the exact test is the same arithmetic as before.
 */
/** Read-model columns a page of hits carries into the public view. */
const VIEW_COLUMNS = [
  'venue_id',
  'has_location',
  'address',
  'city',
  'country',
  'postal_code',
  'lat',
  'lng',
  'amenities',
  'vendor_document_id',
  'vendor_business_name',
] as const;
type PageRow = Record<(typeof VIEW_COLUMNS)[number], unknown> & {
  venue_id: number;
  total: number | string;
  distance_squared?: number | string | null;
};

const slugsOf = (amenities: unknown): string[] =>
  Array.isArray(amenities)
    ? (amenities as string[])
    : String(amenities ?? ',')
        .split(',')
        .filter(Boolean);

const orNull = <T>(value: T | undefined): T | null => (value === undefined ? null : value);

/** A venue row completed with the read model's location, amenities and vendor (what VENUE_VIEW_POPULATE would load). */
const withReadModel = (row: VenueRowForView, page: PageRow): VenueRowForView => ({
  ...row,
  location:
    page.has_location === true || page.has_location === 1
      ? {
          address: page.address as string,
          city: page.city as string,
          country: page.country as string,
          postal_code: orNull(page.postal_code as string | null),
          lat: page.lat === null || page.lat === undefined ? null : Number(page.lat),
          lng: page.lng === null || page.lng === undefined ? null : Number(page.lng),
        }
      : null,
  amenities: slugsOf(page.amenities).map((slug) => ({ slug })),
  vendor: page.vendor_document_id
    ? { documentId: page.vendor_document_id as string, business_name: page.vendor_business_name as string }
    : null,
});

const MAX_BUFFER_MINUTES = 1440; // the schema's maximum for buffer_minutes
const SEARCH = 'venue_search';

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const db = () => strapi.db.connection;
  const pg = () => isPostgres(strapi);

  const distanceSquared = (lat: number, lng: number) => {
    const lngScale = KM_PER_DEGREE * Math.cos((lat * Math.PI) / 180);
    return db().raw('((rs.lat - ?) * ?) * ((rs.lat - ?) * ?) + ((rs.lng - ?) * ?) * ((rs.lng - ?) * ?)', [
      lat,
      KM_PER_DEGREE,
      lat,
      KM_PER_DEGREE,
      lng,
      lngScale,
      lng,
      lngScale,
    ]);
  };

  /** SQLite: zones (of public venues) in which the window's start and end are both on the booking grid. */
  const zonesOnGrid = async (start: number, end: number, granularity: number): Promise<string[]> => {
    const zones = (await db()(SEARCH).where('tz_valid', true).distinct('timezone')) as { timezone: string }[];
    return zones
      .map((z) => z.timezone)
      .filter((tz) => {
        try {
          return isAligned(start, tz, granularity) && isAligned(end, tz, granularity);
        } catch {
          return false; // an invalid zone on a venue makes it unbookable, not the search a 500
        }
      });
  };

  const filtered = (query: SearchQuery): Knex.QueryBuilder => {
    const builder = db()(`${SEARCH} as rs`);
    if (query.q) {
      const like = `%${escapeLike(query.q.toLowerCase())}%`;
      // PostgreSQL: the words of q (stemmed, every word, any order) through the read model's tsvector (GIN),
      // or q as a substring as before (trigram GIN indexes), so no answer of before is lost. SQLite: the
      // substring only (docs/search.md). A q without a letter or digit has no words to look up.
      const words = pg() && /[\p{L}\p{N}]/u.test(query.q);
      builder.where((q) => {
        if (words) q.orWhereRaw("rs.search_tsv @@ websearch_to_tsquery('english', ?)", [query.q]);
        q.orWhereRaw("rs.name_lc like ? escape '\\'", [like])
          .orWhereRaw("rs.description_lc like ? escape '\\'", [like])
          .orWhereRaw("coalesce(rs.city_lc, '') like ? escape '\\'", [like]);
      });
    }
    if (query.city) builder.andWhere('rs.city_lc', query.city.toLowerCase());
    if (query.country) builder.andWhere('rs.country', query.country.toUpperCase());
    if (query.guests) builder.andWhere('rs.capacity', '>=', query.guests);
    if (query.currency) builder.andWhere('rs.currency', query.currency.toUpperCase());
    if (query.price_min !== undefined) builder.andWhere('rs.price_per_hour', '>=', query.price_min);
    if (query.price_max !== undefined) builder.andWhere('rs.price_per_hour', '<=', query.price_max);
    if (query.amenities?.length) {
      if (pg()) builder.andWhereRaw('rs.amenities @> ?::text[]', [query.amenities]);
      else for (const slug of query.amenities) builder.andWhere('rs.amenities', 'like', `%,${slug},%`);
    }
    if (query.lat !== undefined && query.lng !== undefined && query.radius_km !== undefined) {
      const latDelta = query.radius_km / KM_PER_DEGREE;
      if (pg()) {
        // The box every point within the radius lies in (same scale as the distance below), as a GiST probe.
        const cos = Math.cos((query.lat * Math.PI) / 180);
        const lngDelta = cos > 1e-9 ? query.radius_km / (KM_PER_DEGREE * cos) : 1e9;
        builder.andWhereRaw('rs.geo <@ box(point(?, ?), point(?, ?))', [
          query.lng - lngDelta,
          query.lat - latDelta,
          query.lng + lngDelta,
          query.lat + latDelta,
        ]);
      } else {
        builder.whereBetween('rs.lat', [query.lat - latDelta, query.lat + latDelta]);
      }
      builder.andWhere(distanceSquared(query.lat, query.lng), '<=', query.radius_km * query.radius_km);
    }
    return builder;
  };

  const bookableFor = async (
    builder: Knex.QueryBuilder,
    window: { start: number; end: number; now: number },
    settings: BookingSettings
  ) => {
    const { start, end, now } = window;
    const durationHours = (end - start) / HOUR;
    builder
      .andWhere('rs.min_hours', '<=', durationHours)
      .andWhere((q) => q.whereNull('rs.max_hours').orWhere('rs.max_hours', '>=', durationHours))
      .andWhereRaw('cast(? as bigint) >= cast(? as bigint) + coalesce(rs.notice_hours, 0) * ?', [start, now, HOUR])
      .whereNotExists(
        db()('venue_search_blocks as b')
          .whereRaw('b.venue_document_id = rs.document_id')
          .andWhere('b.start_ms', '<', end)
          .andWhere('b.end_ms', '>', start)
          .select(db().raw('1'))
      );
    if (pg()) {
      const stepMs = settings.granularityMinutes * 60_000;
      // Distinct zones by a loose index scan, each checked once by PostgreSQL (NULL for a zone it does not know).
      builder
        .andWhere('rs.tz_valid', true)
        .andWhereRaw(
          `rs.timezone in (
            with recursive z(tz) as (
              (select timezone from ${SEARCH} where tz_valid order by timezone limit 1)
              union all
              select (select timezone from ${SEARCH} where tz_valid and timezone > z.tz order by timezone limit 1) from z where z.tz is not null
            )
            select tz from z
             where tz is not null
               and mod(tofimotia_local_ms_of_day(tz, cast(? as bigint)), ?) = 0
               and mod(tofimotia_local_ms_of_day(tz, cast(? as bigint)), ?) = 0)`,
          [start, stepMs, end, stepMs]
        )
        .whereExists(
          db()('venue_open_ranges as r')
            .whereRaw('r.venue_document_id = rs.document_id')
            .andWhereRaw("int8range(r.start_ms, r.end_ms, '[]') @> int8range(cast(? as bigint), cast(? as bigint), '[]')", [
              start,
              end,
            ])
            .select(db().raw('1'))
        )
        .whereNotExists(
          // Live slots whose guard range meets the window widened by half the venue's buffer. The second range test
          // (widened by the largest buffer allowed) does not depend on the venue: it lets PostgreSQL collect the
          // slots near the window once (GiST) and anti-join them, instead of probing venue by venue.
          db()('booking_slots as s')
            .whereRaw('s.venue_document_id = rs.document_id')
            .andWhere('s.active', true)
            .andWhere((q) => q.whereNull('s.expires_at_ms').orWhere('s.expires_at_ms', '>', now))
            .andWhereRaw(
              "int8range(s.guard_start_ms, s.guard_end_ms, '[)') && int8range(cast(? as bigint) - coalesce(rs.buffer_minutes, 0) * 30000, cast(? as bigint) + coalesce(rs.buffer_minutes, 0) * 30000, '()')",
              [start, end]
            )
            .andWhereRaw(
              "int8range(s.guard_start_ms, s.guard_end_ms, '[)') && int8range(cast(? as bigint), cast(? as bigint), '()')",
              [start - MAX_BUFFER_MINUTES * 30_000, end + MAX_BUFFER_MINUTES * 30_000]
            )
            .select(db().raw('1'))
        );
      return;
    }
    builder
      .whereIn('rs.timezone', await zonesOnGrid(start, end, settings.granularityMinutes))
      .andWhere('rs.tz_valid', true)
      .whereExists(
        db()('venue_open_ranges as r')
          .whereRaw('r.venue_document_id = rs.document_id')
          .andWhere('r.start_ms', '<=', start)
          .andWhere('r.end_ms', '>=', end)
          .select(db().raw('1'))
      )
      .whereNotExists(
        db()('booking_slots as s')
          .whereRaw('s.venue_document_id = rs.document_id')
          .andWhere('s.active', true)
          .andWhere((q) => q.whereNull('s.expires_at_ms').orWhere('s.expires_at_ms', '>', now))
          .andWhereRaw('s.guard_start_ms < cast(? as bigint) + coalesce(rs.buffer_minutes, 0) * 30000', [end])
          .andWhereRaw('s.guard_end_ms > cast(? as bigint) - coalesce(rs.buffer_minutes, 0) * 30000', [start])
          .select(db().raw('1'))
      );
  };

  const applySort = (builder: Knex.QueryBuilder, query: SearchQuery) => {
    switch (query.sort) {
      case 'price_asc':
        builder.orderBy('rs.price_per_hour', 'asc');
        break;
      case 'price_desc':
        builder.orderBy('rs.price_per_hour', 'desc');
        break;
      case 'rating':
        builder.orderBy('rs.rating_average', 'desc').orderBy('rs.rating_count', 'desc');
        break;
      case 'distance':
        builder.orderBy('distance_squared', 'asc');
        break;
      case 'newest':
        builder.orderBy('rs.created_at_key', 'desc');
        break;
      default:
        builder.orderBy('rs.featured', 'desc');
        if (query.q) {
          const like = `%${escapeLike(query.q.toLowerCase())}%`;
          builder.orderByRaw("case when rs.name_lc like ? escape '\\' then 0 else 1 end", [like]);
        }
        builder.orderBy('rs.rating_average', 'desc');
    }
    builder.orderBy('rs.venue_id', 'desc');
  };

  const quotesFor = (
    rows: VenueRowForView[],
    query: SearchQuery,
    settings: BookingSettings | null
  ): Map<number, Quote | null> => {
    const quotes = new Map<number, Quote | null>();
    if (query.start === undefined || query.end === undefined || !settings) return quotes;
    for (const row of rows) {
      const venue = toBookableVenue({ ...row, status: 'approved', pricing_rules: row.pricing_rules ?? [] });
      try {
        quotes.set(
          row.id,
          quote({
            pricePerHour: venue.pricePerHour,
            currency: venue.currency,
            timezone: venue.timezone,
            window: { start: query.start, end: query.end },
            rules: venue.pricingRules,
            platformFeePercent: settings.platformFeePercent,
            taxPercent: settings.taxPercent,
          })
        );
      } catch {
        quotes.set(row.id, null); // a broken pricing rule hides the price, not the venue
      }
    }
    return quotes;
  };

  return {
    async search(query: SearchQuery, options: { now?: number } = {}) {
      const now = options.now ?? Date.now();
      const windowed = query.start !== undefined && query.end !== undefined;
      const settings = windowed ? await appService(strapi, 'api::system-setting.settings').booking() : null;
      if (settings && (query.start as number) > now + settings.maxAdvanceDays * DAY) {
        throw new BookingError('invalid_request', `Search looks at most ${settings.maxAdvanceDays} days ahead`, {
          reason: 'OUTSIDE_HOURS',
        });
      }
      const builder = filtered(query);
      if (settings) await bookableFor(builder, { start: query.start as number, end: query.end as number, now }, settings);

      const { offset, limit } = pageWindow(query);
      const pageQuery = builder
        .clone()
        .select(VIEW_COLUMNS.map((c) => `rs.${c}`))
        .select(db().raw('count(*) over () as total'));
      if (query.lat !== undefined && query.lng !== undefined) {
        pageQuery.select(db().raw('? as distance_squared', [distanceSquared(query.lat, query.lng)]));
      }
      applySort(pageQuery, query);
      const page = (await pageQuery.offset(offset).limit(limit)) as PageRow[];
      // Past the last page the window function has no row to report on: count separately (rare).
      const total =
        page.length > 0
          ? Number(page[0].total)
          : offset === 0
            ? 0
            : Number(((await builder.clone().count({ total: '*' })) as { total: number | string }[])[0].total);

      // The hits' own columns, images and (for quotes) pricing rules; location, amenities and vendor come from the page.
      const rows = page.length
        ? ((await strapi.db.query('api::venue.venue').findMany({
            where: { id: { $in: page.map((p) => p.venue_id) } },
            populate: settings
              ? { images: VENUE_VIEW_POPULATE.images, pricing_rules: true }
              : { images: VENUE_VIEW_POPULATE.images },
          })) as VenueRowForView[])
        : [];
      const byId = new Map(rows.map((r) => [r.id, r]));
      const ordered = page
        .filter((p) => byId.has(p.venue_id))
        .map((p) => withReadModel(byId.get(p.venue_id) as VenueRowForView, p));
      const quotes = quotesFor(ordered, query, settings);
      const distances = new Map(
        page.map((p) => [
          p.venue_id as number,
          p.distance_squared === undefined || p.distance_squared === null ? null : Math.sqrt(Number(p.distance_squared)),
        ])
      );

      return {
        data: ordered.map((row) => ({
          ...venueView(row),
          ...(distances.get(row.id) !== null && distances.get(row.id) !== undefined
            ? { distance_km: Math.round((distances.get(row.id) as number) * 100) / 100 }
            : {}),
          ...(quotes.has(row.id) ? { quote: quotes.get(row.id) } : {}),
        })),
        pagination: pagination(query, total),
      };
    },
  };
};
