import { startApp, type TestApp } from '../harness/app';
import { describeWith } from '../harness/services';
import { createCustomer, createVendor, type TestUser, type TestVendor } from '../harness/users';
import { createVenue, type TestVenue } from '../harness/venues';
import { pastBooking } from './helpers';

/**
 * Ratings under concurrency on PostgreSQL (READ COMMITTED, a real connection pool): reviews of one venue written
 * at the same moment, mixed with moderation, end with exactly the average SQL computes from the published reviews,
 * for the venue and for its vendor.
 */
describeWith(['postgres'])('venue and vendor ratings under concurrency (PostgreSQL)', () => {
  let app: TestApp;
  let vendor: TestVendor;
  let venue: TestVenue;
  let secondVenue: TestVenue;
  let customers: TestUser[];

  /** Stored figures next to what SQL computes from the published reviews, all in one statement. */
  const venueCheck = async (venueId: number) =>
    (
      await app.strapi.db.connection.raw(
        `select v.rating_average::text as stored_average, v.rating_count as stored_count,
                (select round(avg(r.rating)::numeric, 2)::text from reviews r join reviews_venue_lnk l on l.review_id = r.id
                  where l.venue_id = v.id and r.status = 'published') as sql_average,
                (select count(*)::int from reviews r join reviews_venue_lnk l on l.review_id = r.id
                  where l.venue_id = v.id and r.status = 'published') as sql_count
           from venues v where v.id = ?`,
        [venueId]
      )
    ).rows[0] as { stored_average: string; stored_count: number; sql_average: string | null; sql_count: number };

  const vendorCheck = async (vendorId: number) =>
    (
      await app.strapi.db.connection.raw(
        `select p.rating_average::text as stored_average, p.rating_count as stored_count,
                (select round(avg(r.rating)::numeric, 2)::text from reviews r
                   join reviews_venue_lnk l on l.review_id = r.id
                   join venues_vendor_lnk vv on vv.venue_id = l.venue_id
                  where vv.vendor_profile_id = p.id and r.status = 'published') as sql_average,
                (select count(*)::int from reviews r
                   join reviews_venue_lnk l on l.review_id = r.id
                   join venues_vendor_lnk vv on vv.venue_id = l.venue_id
                  where vv.vendor_profile_id = p.id and r.status = 'published') as sql_count
           from vendor_profiles p where p.id = ?`,
        [vendorId]
      )
    ).rows[0] as { stored_average: string; stored_count: number; sql_average: string | null; sql_count: number };

  const write = (user: TestUser, booking: string, rating: number) =>
    app
      .http()
      .post(app.api('/reviews'))
      .set(user.auth)
      .send({ booking, rating, comment: `${rating} stars` });

  beforeAll(async () => {
    app = await startApp();
    vendor = await createVendor(app);
    venue = await createVenue(app, vendor);
    secondVenue = await createVenue(app, vendor);
    customers = [];
    for (let i = 0; i < 10; i += 1) customers.push(await createCustomer(app));
  }, 120_000);
  afterAll(async () => {
    await app?.stop();
  });

  it('10 reviews of 10 bookings of one venue submitted at once → the exact average', async () => {
    const ratings = [5, 4, 3, 5, 1, 2, 5, 4, 3, 4]; // 36 / 10 = 3.6
    const bookings = await Promise.all(customers.map((customer) => pastBooking(app, customer, venue, { endedDaysAgo: 1 })));
    const answers = await Promise.all(customers.map((customer, i) => write(customer, bookings[i].documentId, ratings[i])));
    expect(answers.map((r) => r.status)).toEqual(Array(10).fill(201));
    const check = await venueCheck(venue.id);
    expect(check).toEqual({ stored_average: '3.60', stored_count: 10, sql_average: '3.60', sql_count: 10 });
    expect(await vendorCheck(vendor.profile.id)).toMatchObject({ stored_average: '3.60', stored_count: 10 });
  });

  it('reviews on two venues of one vendor, edits and moderation at the same time → venue and vendor figures exact', async () => {
    const moderation = app.strapi.service('api::review.moderation');
    const existing = (await app.strapi.db.query('api::review.review').findMany({
      where: { venue: { id: venue.id } },
      select: ['documentId', 'rating'],
      orderBy: { id: 'asc' },
    })) as { documentId: string; rating: number }[];
    const bookings = await Promise.all(customers.map((customer) => pastBooking(app, customer, secondVenue, { endedDaysAgo: 2 })));
    const work: Promise<unknown>[] = [
      ...customers.map((customer, i) => write(customer, bookings[i].documentId, (i % 5) + 1)),
      ...existing
        .slice(0, 3)
        .map((row) => moderation.hideReview({ kind: 'system', reason: 'test' }, row.documentId, { reason: 'Spam' })),
      ...existing.slice(3, 6).map((row, i) =>
        app
          .http()
          .patch(app.api(`/reviews/${row.documentId}`))
          .set(customers[3 + i].auth)
          .send({ rating: 1 })
      ),
    ];
    await Promise.all(work);
    for (const id of [venue.id, secondVenue.id]) {
      const check = await venueCheck(id);
      expect(check.stored_average).toBe(check.sql_average);
      expect(check.stored_count).toBe(check.sql_count);
    }
    const vendorFigures = await vendorCheck(vendor.profile.id);
    expect(vendorFigures.stored_average).toBe(vendorFigures.sql_average);
    expect(vendorFigures.stored_count).toBe(17);
    expect(vendorFigures.sql_count).toBe(17);
  });
});
