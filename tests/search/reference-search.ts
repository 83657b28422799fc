import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { isAligned } from '../../src/domain/availability';
import { BookingError } from '../../src/domain/booking/errors';
import { quote, type Quote } from '../../src/domain/pricing';
import { DAY, HOUR } from '../../src/domain/time';
import { toBookableVenue } from '../../src/api/venue/services/venue-rules';
import { VENUE_VIEW_POPULATE, venueView, type VenueRowForView } from '../../src/api/venue/venue-view';
import { appService } from '../../src/api/app-services';
import { isPostgres } from '../../src/infra/db';
import { pageWindow, pagination } from '../../src/infra/paginate';
import { venueTables } from '../../src/api/venue/venue-tables';

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
 * Venue search as one set-based SQL query over Strapi's tables and the engine's own tables (no loop
 * over venues): visibility, text, place, radius, guests, price, amenities and — with a window — only
 * venues bookable for the whole window: open (venue_open_ranges), not blocked, no live booking within
 * the venue's buffer, notice and min/max duration respected, start/end on the venue-local grid.
 *
 * Distance is the equirectangular approximation (plain arithmetic, so SQLite runs the same query);
 * within a few hundred kilometres it is within 0.5 % of the great-circle distance.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const db = () => strapi.db.connection;
  /** Strapi stores datetimes as epoch ms on SQLite and as UTC `timestamp` on PostgreSQL. */
  const dbInstant = (ms: number): number | string => (isPostgres(strapi) ? new Date(ms).toISOString() : ms);

  const distanceSquared = (lat: number, lng: number) => {
    const lngScale = KM_PER_DEGREE * Math.cos((lat * Math.PI) / 180);
    return db().raw('((loc.lat - ?) * ?) * ((loc.lat - ?) * ?) + ((loc.lng - ?) * ?) * ((loc.lng - ?) * ?)', [
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

  /** Time zones (of public venues) in which the window's start and end are both on the booking grid. */
  const zonesOnGrid = async (start: number, end: number, granularity: number): Promise<string[]> => {
    const zones = (await db()(venueTables(strapi).venues).where('status', 'approved').distinct('timezone')) as {
      timezone: string;
    }[];
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

  // Returns the builder inside an object: a knex builder is a thenable, and returning it from an
  // async function would run it.
  const filtered = async (query: SearchQuery, now: number): Promise<{ qb: Knex.QueryBuilder }> => {
    const { venues, venueVendor, venueLocation } = venueTables(strapi);
    const builder = db()(`${venues} as v`)
      .join(`${venueVendor.table} as vl`, `vl.${venueVendor.column}`, 'v.id')
      .join(`${venueVendor.targetTable} as vp`, 'vp.id', `vl.${venueVendor.targetColumn}`)
      .leftJoin(`${venueLocation.table} as vc`, function joinLocation() {
        // The venue's component link rows of its `location` field (the table serves every component field).
        this.on(`vc.${venueLocation.column}`, '=', 'v.id');
        for (const [column, value] of Object.entries(venueLocation.on)) this.andOn(`vc.${column}`, '=', db().raw('?', [value]));
      })
      .leftJoin(`${venueLocation.targetTable} as loc`, 'loc.id', `vc.${venueLocation.targetColumn}`)
      .where('v.status', 'approved')
      .andWhere('vp.verification_status', 'approved');

    if (query.q) {
      const like = `%${escapeLike(query.q.toLowerCase())}%`;
      builder.andWhere((q) =>
        q
          .whereRaw("lower(v.name) like ? escape '\\'", [like])
          .orWhereRaw("lower(coalesce(v.description, '')) like ? escape '\\'", [like])
          .orWhereRaw("lower(coalesce(loc.city, '')) like ? escape '\\'", [like])
      );
    }
    if (query.city) builder.andWhereRaw('lower(loc.city) = ?', [query.city.toLowerCase()]);
    if (query.country) builder.andWhere('loc.country', query.country.toUpperCase());
    if (query.guests) builder.andWhere('v.capacity', '>=', query.guests);
    if (query.currency) builder.andWhere('v.currency', query.currency.toUpperCase());
    if (query.price_min !== undefined) builder.andWhere('v.price_per_hour', '>=', query.price_min);
    if (query.price_max !== undefined) builder.andWhere('v.price_per_hour', '<=', query.price_max);
    const { venueAmenities } = venueTables(strapi);
    for (const slug of query.amenities ?? []) {
      builder.whereExists(
        db()(`${venueAmenities.table} as al`)
          .join(`${venueAmenities.targetTable} as a`, 'a.id', `al.${venueAmenities.targetColumn}`)
          .whereRaw('?? = ??', [`al.${venueAmenities.column}`, 'v.id'])
          .andWhere('a.slug', slug)
          .select(db().raw('1'))
      );
    }
    if (query.lat !== undefined && query.lng !== undefined && query.radius_km !== undefined) {
      const latDelta = query.radius_km / KM_PER_DEGREE;
      builder
        .whereBetween('loc.lat', [query.lat - latDelta, query.lat + latDelta])
        .andWhere(distanceSquared(query.lat, query.lng), '<=', query.radius_km * query.radius_km);
    }
    if (query.start !== undefined && query.end !== undefined) await bookableFor(builder, query.start, query.end, now);
    return { qb: builder };
  };

  const bookableFor = async (builder: Knex.QueryBuilder, start: number, end: number, now: number) => {
    const { granularityMinutes } = await appService(strapi, 'api::system-setting.settings').booking();
    const durationHours = (end - start) / HOUR;
    const { blockedPeriods, blockedPeriodVenue } = venueTables(strapi);
    builder
      .whereIn('v.timezone', await zonesOnGrid(start, end, granularityMinutes))
      .andWhere('v.min_hours', '<=', durationHours)
      .andWhere((q) => q.whereNull('v.max_hours').orWhere('v.max_hours', '>=', durationHours))
      .andWhereRaw('cast(? as bigint) >= cast(? as bigint) + coalesce(v.notice_hours, 0) * ?', [start, now, HOUR])
      .whereExists(
        db()('venue_open_ranges as r')
          .whereRaw('r.venue_document_id = v.document_id')
          .andWhere('r.start_ms', '<=', start)
          .andWhere('r.end_ms', '>=', end)
          .select(db().raw('1'))
      )
      .whereNotExists(
        db()(`${blockedPeriodVenue.table} as bl`)
          .join(`${blockedPeriods} as b`, 'b.id', `bl.${blockedPeriodVenue.column}`)
          .whereRaw('?? = ??', [`bl.${blockedPeriodVenue.targetColumn}`, 'v.id'])
          .andWhere('b.start_datetime', '<', dbInstant(end))
          .andWhere('b.end_datetime', '>', dbInstant(start))
          .select(db().raw('1'))
      )
      .whereNotExists(
        // Live slots whose guard range meets this window widened by half the venue's buffer
        // (epoch-ms parameters are cast: PostgreSQL would otherwise type them as 32-bit integers).
        db()('booking_slots as s')
          .whereRaw('s.venue_document_id = v.document_id')
          .andWhere('s.active', true)
          .andWhere((q) => q.whereNull('s.expires_at_ms').orWhere('s.expires_at_ms', '>', now))
          .andWhereRaw('s.guard_start_ms < cast(? as bigint) + coalesce(v.buffer_minutes, 0) * 30000', [end])
          .andWhereRaw('s.guard_end_ms > cast(? as bigint) - coalesce(v.buffer_minutes, 0) * 30000', [start])
          .select(db().raw('1'))
      );
  };

  const applySort = (builder: Knex.QueryBuilder, query: SearchQuery) => {
    switch (query.sort) {
      case 'price_asc':
        builder.orderBy('v.price_per_hour', 'asc');
        break;
      case 'price_desc':
        builder.orderBy('v.price_per_hour', 'desc');
        break;
      case 'rating':
        builder.orderBy('v.rating_average', 'desc').orderBy('v.rating_count', 'desc');
        break;
      case 'distance':
        builder.orderBy('distance_squared', 'asc');
        break;
      case 'newest':
        builder.orderBy('v.created_at', 'desc');
        break;
      default:
        builder.orderBy('v.featured', 'desc');
        if (query.q) {
          const like = `%${escapeLike(query.q.toLowerCase())}%`;
          builder.orderByRaw("case when lower(v.name) like ? escape '\\' then 0 else 1 end", [like]);
        }
        builder.orderBy('v.rating_average', 'desc');
    }
    builder.orderBy('v.id', 'desc');
  };

  const quotesFor = async (rows: VenueRowForView[], query: SearchQuery): Promise<Map<number, Quote | null>> => {
    const quotes = new Map<number, Quote | null>();
    if (query.start === undefined || query.end === undefined || rows.length === 0) return quotes;
    const config = await appService(strapi, 'api::system-setting.settings').booking();
    const rules = await strapi.db.query('api::venue.venue').findMany({
      where: { id: { $in: rows.map((r) => r.id) } },
      populate: { pricing_rules: true },
      select: ['id'],
    });
    const rulesByVenue = new Map(
      rules.map((r: { id: number; pricing_rules: Record<string, unknown>[] }) => [r.id, r.pricing_rules])
    );
    for (const row of rows) {
      const venue = toBookableVenue({ ...row, status: 'approved', pricing_rules: rulesByVenue.get(row.id) ?? [] });
      try {
        quotes.set(
          row.id,
          quote({
            pricePerHour: venue.pricePerHour,
            currency: venue.currency,
            timezone: venue.timezone,
            window: { start: query.start, end: query.end },
            rules: venue.pricingRules,
            platformFeePercent: config.platformFeePercent,
            taxPercent: config.taxPercent,
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
      if (query.start !== undefined && query.end !== undefined) {
        const { maxAdvanceDays } = await appService(strapi, 'api::system-setting.settings').booking();
        if (query.start > now + maxAdvanceDays * DAY) {
          throw new BookingError('invalid_request', `Search looks at most ${maxAdvanceDays} days ahead`, {
            reason: 'OUTSIDE_HOURS',
          });
        }
      }
      const [{ total }] = (await (await filtered(query, now)).qb.countDistinct({ total: 'v.id' })) as {
        total: number | string;
      }[];
      const pageQuery = (await filtered(query, now)).qb.select('v.id');
      if (query.lat !== undefined && query.lng !== undefined) {
        pageQuery.select(db().raw('? as distance_squared', [distanceSquared(query.lat, query.lng)]));
      }
      applySort(pageQuery, query);
      const { offset, limit } = pageWindow(query);
      const page = (await pageQuery.offset(offset).limit(limit)) as {
        id: number;
        distance_squared?: number | string;
      }[];

      const rows = (await strapi.db.query('api::venue.venue').findMany({
        where: { id: { $in: page.map((p) => p.id) } },
        populate: VENUE_VIEW_POPULATE,
      })) as VenueRowForView[];
      const byId = new Map(rows.map((r) => [r.id, r]));
      const ordered = page.map((p) => byId.get(p.id)).filter((r): r is VenueRowForView => Boolean(r));
      const quotes = await quotesFor(ordered, query);
      const distances = new Map(
        page.map((p) => [p.id, p.distance_squared === undefined ? null : Math.sqrt(Number(p.distance_squared))])
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
