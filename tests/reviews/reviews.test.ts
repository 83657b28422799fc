import { startApp, type TestApp } from '../harness/app';
import { setSetting } from '../harness/bookings';
import { createCustomer, createVendor, type TestUser, type TestVendor } from '../harness/users';
import { createVenue, type TestVenue } from '../harness/venues';
import { notificationsOf, pastBooking, ratingOf } from './helpers';

/**
 * Reviews over HTTP on a real Strapi (both run modes): who may write one (completed bookings of one's own, within
 * the window, once), plain text, the author's 48-hour edit, public and own lists, ratings that follow every change,
 * and the vendor's reply.
 */
let app: TestApp;
let vendor: TestVendor;
let otherVendor: TestVendor;
let venue: TestVenue;
let customer: TestUser;
let other: TestUser;

const post = (user: TestUser, path: string, body: unknown) =>
  app
    .http()
    .post(app.api(path))
    .set(user.auth)
    .send(body as object);
const patch = (user: TestUser, path: string, body: unknown) =>
  app
    .http()
    .patch(app.api(path))
    .set(user.auth)
    .send(body as object);
const get = (user: TestUser | null, path: string) => {
  const req = app.http().get(app.api(path));
  return user ? req.set(user.auth) : req;
};
const review = (user: TestUser, booking: string, rating = 4, comment: string | null = 'Good room.') =>
  post(user, '/reviews', { booking, rating, ...(comment === null ? {} : { comment }) });
const reviewCount = () => app.strapi.db.query('api::review.review').count();

beforeAll(async () => {
  app = await startApp();
  vendor = await createVendor(app);
  otherVendor = await createVendor(app);
  venue = await createVenue(app, vendor);
  customer = await createCustomer(app, { first_name: 'Ada', last_name: 'Lovelace' });
  other = await createCustomer(app);
});
afterAll(async () => {
  await app.stop();
});

describe('POST /reviews', () => {
  it('publishes the review of a completed booking: 201, plain text, rating and vendor notification', async () => {
    const hall = await createVenue(app, vendor);
    const booking = await pastBooking(app, customer, hall, { endedDaysAgo: 1 });
    const res = await review(customer, booking.documentId, 5, '  <b>Great</b> light &amp; <script>alert(1)</script>staff ');
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({
      rating: 5,
      comment: 'Great light & staff',
      status: 'published',
      hidden_reason: null,
      venue: { documentId: hall.documentId, name: hall.name, slug: hall.slug },
      booking: { documentId: booking.documentId },
      vendor_response: null,
      edited_at: null,
    });
    expect(Date.parse(res.body.data.editable_until) - Date.parse(res.body.data.created_at)).toBe(48 * 3_600_000);
    const rating = await ratingOf(app, hall.id);
    expect(rating.stored).toEqual({ average: 5, count: 1 });
    const [notice] = await notificationsOf(app, vendor, 'review_received');
    expect(notice).toMatchObject({ title: `New 5-star review for ${hall.name}`, data: { review: res.body.data.documentId } });
    expect(notice.body).toContain('Ada L.');
    // The vendor profile's rating follows its venues.
    const profile = await app.strapi.db.connection('vendor_profiles').where('id', vendor.profile.id).first('rating_count');
    expect(Number(profile.rating_count)).toBeGreaterThanOrEqual(1);
  });

  it('only completed bookings: a confirmed (not yet completed) or cancelled one is a 409', async () => {
    for (const status of ['confirmed', 'cancelled'] as const) {
      const booking = await pastBooking(app, customer, venue, { endedDaysAgo: 1, status });
      const res = await review(customer, booking.documentId);
      expect(res.status).toBe(409);
      expect(res.body.error).toMatchObject({ name: 'ConflictError', details: { reason: 'BOOKING_NOT_COMPLETED' } });
    }
  });

  it('within the review window (setting reviews.window_days, default 14 days after the end)', async () => {
    const late = await pastBooking(app, customer, venue, { endedDaysAgo: 15 });
    const refused = await review(customer, late.documentId);
    expect(refused.status).toBe(409);
    expect(refused.body.error.details.reason).toBe('REVIEW_WINDOW_CLOSED');
    const inTime = await pastBooking(app, customer, venue, { endedDaysAgo: 13 });
    expect((await review(customer, inTime.documentId)).status).toBe(201);

    await setSetting(app, 'reviews.window_days', 30);
    try {
      expect((await review(customer, late.documentId)).status).toBe(201);
    } finally {
      await setSetting(app, 'reviews.window_days', 14);
    }
  });

  it("someone else's booking, or an unknown one, is a 404 (it does not exist for the caller)", async () => {
    const booking = await pastBooking(app, customer, venue, { endedDaysAgo: 2 });
    for (const [who, id] of [
      [other, booking.documentId],
      [vendor, booking.documentId],
      [customer, 'nosuchbooking0000000000'],
    ] as const) {
      const res = await review(who, id);
      expect(res.status).toBe(404);
      expect(res.body.error.name).toBe('NotFoundError');
    }
    expect((await app.http().post(app.api('/reviews')).send({ booking: booking.documentId, rating: 4 })).status).toBe(403);
  });

  it('once per booking: the second is a 409, also when requests race (the unique index decides)', async () => {
    const booking = await pastBooking(app, customer, venue, { endedDaysAgo: 3 });
    expect((await review(customer, booking.documentId)).status).toBe(201);
    const again = await review(customer, booking.documentId, 1, 'Changed my mind');
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ name: 'ConflictError', details: { reason: 'ALREADY_REVIEWED' } });

    const racing = await pastBooking(app, customer, venue, { endedDaysAgo: 3 });
    const before = await reviewCount();
    const answers = await Promise.all(Array.from({ length: 6 }, (_, i) => review(customer, racing.documentId, (i % 5) + 1)));
    expect(answers.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
    expect(await reviewCount()).toBe(before + 1);
    const rows = await app.strapi.db.connection('reviews').where('booking_key', racing.documentId);
    expect(rows).toHaveLength(1);
  });

  it.each([
    ['rating 0', { rating: 0 }, 'rating'],
    ['rating 6', { rating: 6 }, 'rating'],
    ['rating 4.5', { rating: 4.5 }, 'rating'],
    ['rating "5"', { rating: '5' }, 'rating'],
    ['rating null', { rating: null }, 'rating'],
    ['a 2001-character comment', { comment: 'x'.repeat(2001) }, 'comment'],
    ['a numeric comment', { comment: 42 }, 'comment'],
    ['a status', { status: 'hidden' }, null],
    ['an author', { author: 1 }, null],
    ['a venue', { venue: 'abc' }, null],
  ])('rejects %s with a 400 naming the field', async (_label, patchBody, field) => {
    const booking = await pastBooking(app, customer, venue, { endedDaysAgo: 1 });
    const before = await reviewCount();
    const res = await post(customer, '/reviews', { booking: booking.documentId, rating: 4, ...patchBody });
    expect(res.status).toBe(400);
    expect(res.body.error.name).toBe('ValidationError');
    if (field) expect(res.body.error.details.errors[0].path).toEqual([field]);
    expect(await reviewCount()).toBe(before);
  });

  it('a comment that is only markup is stored as no comment; a rating alone is a review', async () => {
    const booking = await pastBooking(app, customer, venue, { endedDaysAgo: 1 });
    const res = await review(customer, booking.documentId, 3, '<img src=x onerror=alert(1)>');
    expect(res.status).toBe(201);
    expect(res.body.data.comment).toBeNull();
    const bare = await pastBooking(app, customer, venue, { endedDaysAgo: 1 });
    const alone = await review(customer, bare.documentId, 2, null);
    expect(alone.status).toBe(201);
    expect(alone.body.data.comment).toBeNull();
  });
});

describe('PATCH /reviews/:id (the author, within 48 hours)', () => {
  it('changes rating and comment, and the venue rating with them', async () => {
    const hall = await createVenue(app, vendor);
    const first = await review(customer, (await pastBooking(app, customer, hall, { endedDaysAgo: 1 })).documentId, 2);
    await review(other, (await pastBooking(app, other, hall, { endedDaysAgo: 1 })).documentId, 4);
    expect((await ratingOf(app, hall.id)).stored).toEqual({ average: 3, count: 2 });
    const res = await patch(customer, `/reviews/${first.body.data.documentId}`, {
      rating: 5,
      comment: 'Better <i>than</i> I said',
    });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ rating: 5, comment: 'Better than I said' });
    expect(res.body.data.edited_at).toEqual(expect.any(String));
    expect((await ratingOf(app, hall.id)).stored).toEqual({ average: 4.5, count: 2 });
    const cleared = await patch(customer, `/reviews/${first.body.data.documentId}`, { comment: null });
    expect(cleared.body.data).toMatchObject({ rating: 5, comment: null });
  });

  it("after 48 hours it is a 409; someone else's review a 404; an empty or bad body a 400", async () => {
    const res = await review(customer, (await pastBooking(app, customer, venue, { endedDaysAgo: 2 })).documentId, 3);
    const id = res.body.data.documentId;
    expect((await patch(other, `/reviews/${id}`, { rating: 1 })).status).toBe(404);
    expect((await patch(vendor, `/reviews/${id}`, { rating: 1 })).status).toBe(404);
    expect((await patch(customer, `/reviews/${id}`, {})).status).toBe(400);
    expect((await patch(customer, `/reviews/${id}`, { rating: 9 })).status).toBe(400);
    expect((await patch(customer, `/reviews/${id}`, { status: 'hidden' })).status).toBe(400);

    await app.strapi.db
      .connection('reviews')
      .where('document_id', id)
      .update({ created_at: new Date(Date.now() - 49 * 3_600_000) });
    const late = await patch(customer, `/reviews/${id}`, { rating: 1 });
    expect(late.status).toBe(409);
    expect(late.body.error.details.reason).toBe('EDIT_WINDOW_CLOSED');
    const row = await app.strapi.db.query('api::review.review').findOne({ where: { documentId: id } });
    expect(row.rating).toBe(3);
  });
});

describe('reading reviews', () => {
  it('GET /venues/:id/reviews: published only, newest first, paginated; the details carry a histogram', async () => {
    const hall = await createVenue(app, vendor);
    const ids: string[] = [];
    for (const stars of [5, 4, 4, 1]) {
      const res = await review(
        customer,
        (await pastBooking(app, customer, hall, { endedDaysAgo: 1 })).documentId,
        stars,
        `${stars} stars`
      );
      ids.push(res.body.data.documentId);
    }
    await app.strapi.service('api::review.moderation').hideReview({ kind: 'system', reason: 'test' }, ids[3], { reason: 'Spam' });
    const page1 = await get(null, `/venues/${hall.documentId}/reviews?pageSize=2`);
    expect(page1.status).toBe(200);
    expect(page1.body.data.map((r: { comment: string }) => r.comment)).toEqual(['4 stars', '4 stars']);
    expect(page1.body.data[0]).toMatchObject({ author: 'Ada L.', rating: 4 });
    expect(page1.body.data[0]).not.toHaveProperty('status');
    expect(page1.body.meta.pagination).toEqual({ page: 1, pageSize: 2, pageCount: 2, total: 3 });
    const page2 = await get(null, `/venues/${hall.documentId}/reviews?page=2&pageSize=2`);
    expect(page2.body.data.map((r: { comment: string }) => r.comment)).toEqual(['5 stars']);
    expect((await get(null, `/venues/${hall.documentId}/reviews?pageSize=101`)).status).toBe(400);

    const details = await get(null, `/venues/${hall.documentId}/details`);
    expect(details.body.data.rating_histogram).toEqual({ 1: 0, 2: 0, 3: 0, 4: 2, 5: 1 });
    expect(details.body.data.rating).toEqual({ average: 4.33, count: 3 });
    expect(details.body.data.latest_reviews).toHaveLength(3);
  });

  it("GET /users/reviews: the caller's own reviews, hidden ones with why", async () => {
    const mine = await createCustomer(app);
    const hall = await createVenue(app, vendor);
    const a = await review(mine, (await pastBooking(app, mine, hall, { endedDaysAgo: 1 })).documentId, 5, 'first');
    const b = await review(mine, (await pastBooking(app, mine, hall, { endedDaysAgo: 1 })).documentId, 2, 'second');
    await app.strapi
      .service('api::review.moderation')
      .hideReview({ kind: 'system', reason: 'test' }, b.body.data.documentId, { reason: 'Off-topic' });
    const res = await get(mine, '/users/reviews');
    expect(res.status).toBe(200);
    expect(res.body.meta.pagination.total).toBe(2);
    expect(res.body.data.map((r: { documentId: string }) => r.documentId)).toEqual([
      b.body.data.documentId,
      a.body.data.documentId,
    ]);
    expect(res.body.data[0]).toMatchObject({ status: 'hidden', hidden_reason: 'Off-topic' });
    expect((await get(other, '/users/reviews')).body.data.map((r: { documentId: string }) => r.documentId)).not.toContain(
      a.body.data.documentId
    );
    expect((await get(null, '/users/reviews')).status).toBe(403);
    // A hidden review cannot be edited by its author.
    const edit = await patch(mine, `/reviews/${b.body.data.documentId}`, { rating: 3 });
    expect(edit.status).toBe(409);
    expect(edit.body.error.details.reason).toBe('REVIEW_HIDDEN');
  });
});

describe('vendor replies (POST|PUT /vendor-dashboard/reviews/:id/respond)', () => {
  it('one reply, editable for 48 hours, plain text; the author is notified', async () => {
    const hall = await createVenue(app, vendor);
    const written = await review(customer, (await pastBooking(app, customer, hall, { endedDaysAgo: 1 })).documentId, 4);
    const id = written.body.data.documentId;
    const path = `/vendor-dashboard/reviews/${id}/respond`;

    const first = await post(vendor, path, { response: 'Thanks <b>Ada</b>!' });
    expect(first.status).toBe(201);
    expect(first.body.data).toMatchObject({ vendor_response: 'Thanks Ada!', author: 'Ada L.', rating: 4 });
    const respondedAt = first.body.data.vendor_responded_at;
    expect(Date.parse(first.body.data.response_editable_until) - Date.parse(respondedAt)).toBe(48 * 3_600_000);
    const [notice] = (await notificationsOf(app, customer, 'review_response')).filter((n) => n.data?.review === id);
    expect(notice.title).toBe(`${hall.name} replied to your review`);

    const edited = await app.http().put(app.api(path)).set(vendor.auth).send({ response: 'Thanks Ada, see you soon!' });
    expect(edited.status).toBe(200);
    expect(edited.body.data).toMatchObject({ vendor_response: 'Thanks Ada, see you soon!', vendor_responded_at: respondedAt });
    const again = await post(vendor, path, { response: 'Edited twice' });
    expect(again.status).toBe(200);
    // Only the first reply notifies.
    expect((await notificationsOf(app, customer, 'review_response')).filter((n) => n.data?.review === id)).toHaveLength(1);

    // The public list shows the reply.
    const publicList = await get(null, `/venues/${hall.documentId}/reviews`);
    expect(publicList.body.data[0]).toMatchObject({ vendor_response: 'Edited twice' });

    await app.strapi.db
      .connection('reviews')
      .where('document_id', id)
      .update({ vendor_responded_at: new Date(Date.now() - 49 * 3_600_000) });
    const late = await post(vendor, path, { response: 'Too late' });
    expect(late.status).toBe(409);
    expect(late.body.error.details.reason).toBe('RESPONSE_LOCKED');
  });

  it("another vendor's review is a 404, customers are refused, bad bodies are 400s", async () => {
    const written = await review(customer, (await pastBooking(app, customer, venue, { endedDaysAgo: 1 })).documentId, 4);
    const path = `/vendor-dashboard/reviews/${written.body.data.documentId}/respond`;
    expect((await post(otherVendor, path, { response: 'Not mine' })).status).toBe(404);
    expect([401, 403]).toContain((await post(customer, path, { response: 'Me' })).status);
    expect((await post(vendor, path, { response: '' })).status).toBe(400);
    expect((await post(vendor, path, { response: '<p></p>' })).status).toBe(400);
    expect((await post(vendor, path, { response: 'x'.repeat(2001) })).status).toBe(400);
    expect((await post(vendor, path, { reply: 'wrong field' })).status).toBe(400);
  });

  it('GET /vendor-dashboard/reviews lists reviews of own venues only, filterable', async () => {
    const hall = await createVenue(app, otherVendor);
    const written = await review(other, (await pastBooking(app, other, hall, { endedDaysAgo: 1 })).documentId, 3);
    const mine = await get(otherVendor, '/vendor-dashboard/reviews');
    expect(mine.status).toBe(200);
    expect(mine.body.data.map((r: { documentId: string }) => r.documentId)).toEqual([written.body.data.documentId]);
    expect(mine.body.data[0]).toMatchObject({
      status: 'published',
      venue: { documentId: hall.documentId },
      response_editable_until: null,
    });
    const waiting = await get(otherVendor, `/vendor-dashboard/reviews?venue=${hall.documentId}&responded=false`);
    expect(waiting.body.meta.pagination.total).toBe(1);
    expect((await get(otherVendor, '/vendor-dashboard/reviews?responded=true')).body.meta.pagination.total).toBe(0);
    expect((await get(otherVendor, `/vendor-dashboard/reviews?venue=${venue.documentId}`)).status).toBe(404);
    expect((await get(otherVendor, '/vendor-dashboard/reviews?status=gone')).status).toBe(400);
    expect([401, 403]).toContain((await get(customer, '/vendor-dashboard/reviews')).status);
  });
});

describe('ratings follow every change', () => {
  it('a review deleted (admin) or hidden/restored leaves the exact average of the published ones', async () => {
    const hall = await createVenue(app, vendor);
    const ids: string[] = [];
    for (const stars of [5, 3, 2]) {
      ids.push(
        (await review(customer, (await pastBooking(app, customer, hall, { endedDaysAgo: 1 })).documentId, stars)).body.data
          .documentId
      );
    }
    const moderation = app.strapi.service('api::review.moderation');
    const staff = { kind: 'system', reason: 'test' };
    expect((await ratingOf(app, hall.id)).stored).toEqual({ average: 3.33, count: 3 });
    await moderation.hideReview(staff, ids[0], { reason: 'Spam' });
    expect((await ratingOf(app, hall.id)).stored).toEqual({ average: 2.5, count: 2 });
    await moderation.restoreReview(staff, ids[0], {});
    expect((await ratingOf(app, hall.id)).stored).toEqual({ average: 3.33, count: 3 });
    await app.strapi.documents('api::review.review').delete({ documentId: ids[1] });
    const after = await ratingOf(app, hall.id);
    expect(after.stored).toEqual({ average: 3.5, count: 2 });
    expect(after.stored).toEqual(after.sql);
  });
});
