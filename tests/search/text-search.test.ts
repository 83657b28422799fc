import { startApp, type TestApp } from '../harness/app';
import { createVendor, type TestVendor } from '../harness/users';
import { createVenue, type TestVenue } from '../harness/venues';

/**
 * Text search (`q`) on the read model (docs/search.md, issue 16 item 1). Both run modes keep the substring
 * match of before (part of a word, in the name, the description or the city). PostgreSQL also matches the
 * words of `q` through the read model's `tsvector` (english stemming, every word, any order, across fields),
 * with a GIN index the planner can use for the whole filter.
 */

let app: TestApp;
let vendor: TestVendor;
let harbour: TestVenue;
let studio: TestVenue;
let barn: TestVenue;

const postgres = () => app.database.client === 'postgres';
const found = async (q: string): Promise<string[]> => {
  const res = await app.http().get(app.api(`/venues/search?q=${encodeURIComponent(q)}`));
  expect(res.status).toBe(200);
  return (res.body.data as { documentId: string }[]).map((v) => v.documentId).sort();
};
const ids = (...venues: TestVenue[]) => venues.map((v) => v.documentId).sort();

beforeAll(async () => {
  app = await startApp();
  vendor = await createVendor(app);
  harbour = await createVenue(app, vendor, {
    name: 'Harbour Loft',
    description: 'Weddings and parties by the water.',
    location: { address: '1 Kai', city: 'Hamburg', country: 'DE', postal_code: '20457', lat: 53.54, lng: 9.99 },
  });
  studio = await createVenue(app, vendor, {
    name: 'Quiet Studio',
    description: 'A room for a wedding reception or a small concert.',
  });
  barn = await createVenue(app, vendor, {
    name: 'Garden Barn',
    description: 'Conference rooms and meeting spaces.',
  });
});
afterAll(async () => {
  await app?.stop();
});

describe('text search (q)', () => {
  it('matches part of a word in the name, description or city, as before (both run modes)', async () => {
    expect(await found('lof')).toEqual(ids(harbour));
    expect(await found('HAMBURG')).toEqual(ids(harbour));
    expect(await found('wedding')).toEqual(ids(harbour, studio));
    expect(await found('conference rooms')).toEqual(ids(barn));
    expect(await found('%')).toEqual([]);
    expect(await found('nothing like this')).toEqual([]);
  });

  it('PostgreSQL: stemmed words, in any order, across name, city and description; SQLite: the substring only', async () => {
    if (postgres()) {
      // "weddings" is not a substring of "wedding": found by the stem.
      expect(await found('weddings')).toEqual(ids(harbour, studio));
      // Every word, any order, in different fields.
      expect(await found('concert wedding')).toEqual(ids(studio));
      expect(await found('conferences meetings')).toEqual(ids(barn));
      expect(await found('wedding hamburg')).toEqual(ids(harbour));
      expect(await found('weddings concerts')).toEqual(ids(studio));
      // Every word must match: one unknown word excludes the venue.
      expect(await found('wedding zeppelin')).toEqual([]);
    } else {
      expect(await found('weddings')).toEqual(ids(harbour));
      expect(await found('concert wedding')).toEqual([]);
      expect(await found('conferences meetings')).toEqual([]);
    }
  });

  it('PostgreSQL: the read model row carries the tsvector and the whole q filter can run from GIN indexes', async () => {
    if (!postgres()) return;
    const db = app.strapi.db.connection;
    const row = (await db('venue_search').where({ document_id: studio.documentId }).first('search_tsv')) as {
      search_tsv: string;
    };
    expect(row.search_tsv).toContain("'wed'");
    expect(row.search_tsv).toContain("'concert'");
    const plan = await db.transaction(async (trx) => {
      await trx.raw('set local enable_seqscan = off');
      const { rows } = await trx.raw(
        `explain select venue_id from venue_search rs
          where rs.search_tsv @@ websearch_to_tsquery('english', ?)
             or rs.name_lc like ? escape '\\' or rs.description_lc like ? escape '\\'
             or coalesce(rs.city_lc, '') like ? escape '\\'`,
        ['weddings', '%weddings%', '%weddings%', '%weddings%']
      );
      return (rows as { 'QUERY PLAN': string }[]).map((r) => r['QUERY PLAN']).join('\n');
    });
    expect(plan).toContain('venue_search_tsv_gin');
    expect(plan).toContain('venue_search_name_trgm');
    expect(plan).toContain('venue_search_description_trgm');
    expect(plan).toContain('venue_search_city_trgm');
    expect(plan).not.toContain('Seq Scan');
  });
});
