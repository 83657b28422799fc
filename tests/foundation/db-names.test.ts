import type { Knex } from 'knex';
import { DateTime } from 'luxon';
import { venueTables, type VenueTables } from '../../src/api/venue/venue-tables';
import { startApp, type TestApp } from '../harness/app';
import { createVendor } from '../harness/users';
import { createVenue, type TestVenue } from '../harness/venues';

/**
 * The search read model's projection, the rating histogram and the opening-range refresh join Strapi's own
 * link and component tables with knex (the search itself reads only its read model). Their names come from Strapi's metadata (src/api/venue/venue-tables.ts); this suite
 * fails if those names drift from the metadata, from the live database, or from the SQL actually sent.
 */

let app: TestApp;
let tables: VenueTables;
let venue: TestVenue;

interface JoinTableMeta {
  name: string;
  joinColumn: { name: string };
  inverseJoinColumn: { name: string };
  on?: Record<string, string>;
}
const attributeOf = (uid: string, attribute: string) =>
  (app.strapi.db.metadata.get(uid) as unknown as { attributes: Record<string, { joinTable: JoinTableMeta; target: string }> })
    .attributes[attribute];
const tableOf = (uid: string) => app.strapi.db.metadata.get(uid).tableName;
const links = () =>
  [tables.venueVendor, tables.venueAmenities, tables.blockedPeriodVenue, tables.reviewVenue, tables.venueLocation] as const;

/** The SQL statements `work` sends. */
const sqlOf = async (work: () => Promise<unknown>): Promise<string[]> => {
  const sent: string[] = [];
  const listener = (query: { sql: string }) => sent.push(query.sql);
  type QueryListener = (query: { sql: string }) => void;
  const connection = app.strapi.db.connection as Knex & {
    on(event: 'query', listener: QueryListener): void;
    removeListener(event: 'query', listener: QueryListener): void;
  };
  connection.on('query', listener);
  try {
    await work();
  } finally {
    connection.removeListener('query', listener);
  }
  return sent;
};

/** Link and component tables (Strapi's naming) a statement reads, sorted. */
const strapiTablesIn = (sql: string): string[] => [...new Set(sql.match(/\w+_(?:lnk|cmps)\b|\bcomponents_\w+/g) ?? [])].sort();
/** Our own knex statements among those sent (Strapi's query engine aliases tables t0, t1, …). */
const aliased = (sqls: string[], alias: string) => sqls.filter((sql) => new RegExp(`\\bas [\`"]${alias}[\`"]`).test(sql));
const quoted = (table: string) => new RegExp(`[\`"]${table}[\`"]`);

beforeAll(async () => {
  app = await startApp();
  tables = venueTables(app.strapi);
  const vendor = await createVendor(app);
  const wifi = await app.strapi
    .documents('api::amenity.amenity')
    .create({ data: { name: 'Wi-Fi', slug: 'wifi-names' } as never });
  venue = await createVenue(app, vendor, {
    location: { address: 'C', city: 'Lübeck', country: 'DE', postal_code: '23552', lat: 53.87, lng: 10.69 },
    amenities: [wifi.id],
  });
});
afterAll(async () => {
  await app?.stop();
});

describe('names of Strapi tables used in set-based SQL', () => {
  it('are exactly what the metadata says', () => {
    const link = (uid: string, attribute: string) => {
      const meta = attributeOf(uid, attribute);
      return {
        table: meta.joinTable.name,
        column: meta.joinTable.joinColumn.name,
        targetColumn: meta.joinTable.inverseJoinColumn.name,
        targetTable: tableOf(meta.target),
        on: meta.joinTable.on ?? {},
      };
    };
    expect(tables).toEqual({
      venues: tableOf('api::venue.venue'),
      blockedPeriods: tableOf('api::blocked-period.blocked-period'),
      reviews: tableOf('api::review.review'),
      venueVendor: link('api::venue.venue', 'vendor'),
      venueAmenities: link('api::venue.venue', 'amenities'),
      blockedPeriodVenue: link('api::blocked-period.blocked-period', 'venue'),
      reviewVenue: link('api::review.review', 'venue'),
      venueLocation: link('api::venue.venue', 'location'),
    });
    expect(tables.venueVendor.targetTable).toBe(tableOf('api::vendor-profile.vendor-profile'));
    expect(tables.venueLocation.targetTable).toBe(tableOf('venue.location'));
    expect(tables.venueLocation.on).toEqual({ field: 'location' });
  });

  it('exist in the live database, with their columns', async () => {
    // A read of no rows fails with the database's own error if a table or column is missing (both dialects;
    // knex's hasTable answers differently on SQLite).
    const readable = (table: string, columns: string[] = ['id']) =>
      expect(app.strapi.db.connection(table).select(columns).limit(0)).resolves.toEqual([]);
    for (const table of [tables.venues, tables.blockedPeriods, tables.reviews]) await readable(table);
    for (const link of links()) {
      await readable(link.table, [link.column, link.targetColumn, ...Object.keys(link.on)]);
      await readable(link.targetTable);
    }
  });

  it('are the ones the read model projection, the histogram and the refresh send, and no other of Strapi’s', async () => {
    const start = DateTime.now()
      .setZone('Europe/Berlin')
      .plus({ days: 3 })
      .set({ hour: 10, minute: 0, second: 0, millisecond: 0 });
    let found: { data: { documentId: string }[] } | null = null;
    const searchSql = await sqlOf(async () => {
      const res = await app
        .http()
        .get(app.api('/venues/search'))
        .query({
          q: 'test hall',
          city: 'Lübeck',
          amenities: 'wifi-names',
          lat: 53.87,
          lng: 10.69,
          radius_km: 5,
          start: start.toUTC().toISO(),
          end: start.plus({ hours: 2 }).toUTC().toISO(),
        });
      expect(res.status).toBe(200);
      found = res.body;
    });
    // The joins still find the venue by its vendor, location component, amenity and free window.
    expect(found!.data.map((v) => v.documentId)).toEqual([venue.documentId]);
    const detailsSql = await sqlOf(async () => {
      expect((await app.http().get(app.api(`/venues/${venue.documentId}/details`))).status).toBe(200);
    });
    const refreshSql = await sqlOf(() => app.strapi.service('api::venue.open-ranges').refreshStale());
    const projectionSql = await sqlOf(() =>
      app.strapi.service('api::venue.search-read-model').refresh({ documentIds: [venue.documentId] })
    );

    // The search reads its read model only: no Strapi link or component table at request time.
    const search = aliased(searchSql, 'rs');
    expect(search).toHaveLength(1);
    expect(strapiTablesIn(search[0])).toEqual([]);
    // The read model's projection (run on every venue write) joins them: vendor, location component, amenities,
    // blocked periods; every table by the name Strapi's metadata gives.
    const projection = projectionSql.filter((sql) => /^insert into venue_search/.test(sql));
    expect(projection).toHaveLength(2);
    expect([...new Set(projection.flatMap(strapiTablesIn))].sort()).toEqual(
      [
        tables.venueVendor.table,
        tables.venueLocation.table,
        tables.venueLocation.targetTable,
        tables.venueAmenities.table,
        tables.blockedPeriodVenue.table,
      ].sort()
    );
    for (const table of [
      tables.venues,
      tables.venueVendor.targetTable,
      tables.venueAmenities.targetTable,
      tables.blockedPeriods,
    ]) {
      expect(projection.join('\n')).toMatch(quoted(table));
    }
    const histogram = aliased(detailsSql, 'rl');
    expect(histogram).toHaveLength(1);
    expect(strapiTablesIn(histogram[0])).toEqual([tables.reviewVenue.table]);
    expect(histogram[0]).toMatch(quoted(tables.reviews));
    const refresh = aliased(refreshSql, 'v');
    expect(refresh).toHaveLength(1);
    expect(refresh[0]).toMatch(quoted(tables.venues));
  });
});
