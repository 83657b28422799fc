import { startApp, type TestApp } from '../harness/app';
import { createApiToken, createStaff, type ApiToken, type Staff } from '../harness/staff';
import { createCustomer, createVendor, type TestUser } from '../harness/users';
import { createVenue, type TestVenue } from '../harness/venues';
import { pastBooking } from '../reviews/helpers';
import { auditOf, notificationsOf } from './helpers';

// The shared test machine is slow at times: a boot under load has taken over 3 minutes.
jest.setTimeout(300_000);

/**
 * Moderation routes over the reviews feature's moderation service (both run modes): lists of reviews and reports,
 * hide/restore and resolve/dismiss with their state machine (illegal: 409), one audit row per action naming the
 * admin user or the API token, notifications to the author and reporters.
 */
let app: TestApp;
let token: ApiToken;
let moderator: Staff;
let venue: TestVenue;
let author: TestUser;
let reporter: TestUser;

const api = (path: string) => app.api(`/admin/moderation${path}`);
const post = (path: string, body: object = {}) => app.http().post(api(path)).set(token.auth).send(body);
const reviewRow = (documentId: string) => app.strapi.db.query('api::review.review').findOne({ where: { documentId } });

const publishedReview = async (): Promise<string> => {
  const booking = await pastBooking(app, author, venue, { endedDaysAgo: 1 });
  const res = await app
    .http()
    .post(app.api('/reviews'))
    .set(author.auth)
    .send({ booking: booking.documentId, rating: 2, comment: 'Loud and dirty' });
  expect(res.status).toBe(201);
  return res.body.data.documentId;
};
const reportReview = async (review: string, who: TestUser = reporter): Promise<string> => {
  const res = await app
    .http()
    .post(app.api(`/reviews/${review}/report`))
    .set(who.auth)
    .send({ reason: 'Offensive' });
  expect(res.status).toBe(201);
  const report = await app.strapi.db
    .query('api::report.report')
    .findOne({ where: { target_id: review, reporter: { id: who.id } }, orderBy: { id: 'desc' } });
  return report.documentId;
};

beforeAll(async () => {
  app = await startApp();
  token = await createApiToken(app, 'full-access');
  moderator = await createStaff(app, 'moderator');
  venue = await createVenue(app, await createVendor(app));
  author = await createCustomer(app);
  reporter = await createCustomer(app);
}, 600_000);
afterAll(async () => {
  await app?.stop();
});

describe('reviews', () => {
  it('lists reviews with their open reports, filtered', async () => {
    const review = await publishedReview();
    await reportReview(review);
    const res = await app.http().get(api('/reviews')).query({ reported: 'true', venue: venue.documentId }).set(token.auth);
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual([
      expect.objectContaining({ documentId: review, status: 'published', open_reports: 1, venue: expect.any(Object) }),
    ]);
    expect((await app.http().get(api('/reviews')).query({ status: 'deleted' }).set(token.auth)).status).toBe(400);
  });

  it('hides (reason required) and restores; repeats are 409; each writes one audit row and tells the author', async () => {
    const review = await publishedReview();
    const report = await reportReview(review);
    expect((await post(`/reviews/${review}/hide`)).status).toBe(400);
    const hidden = await post(`/reviews/${review}/hide`, { reason: 'Insults staff', note: 'checked' });
    expect(hidden.status).toBe(200);
    expect(hidden.body.data).toMatchObject({ review: { documentId: review, status: 'hidden' }, reports: [report] });
    expect((await reviewRow(review)).status).toBe('hidden');
    expect((await post(`/reviews/${review}/hide`, { reason: 'again' })).status).toBe(409);
    expect(await notificationsOf(app, author, 'review_moderated')).toHaveLength(1);
    expect(await notificationsOf(app, reporter, 'report_resolved')).not.toHaveLength(0);

    const restored = await post(`/reviews/${review}/restore`, {});
    expect(restored.body.data.review.status).toBe('published');
    expect((await post(`/reviews/${review}/restore`, {})).status).toBe(409);

    const audit = await auditOf(app, review);
    expect(audit.map((row) => row.action_type)).toEqual(['review.hide', 'review.restore']);
    expect(audit[0].api_token_id).toEqual(expect.any(Number));
    expect((await post('/reviews/not-a-review/hide', { reason: 'x' })).status).toBe(404);
  });

  it('a moderator acts through the admin routes, recorded as that admin', async () => {
    const review = await publishedReview();
    const res = await app
      .http()
      .post(`/control-center/moderation/reviews/${review}/hide`)
      .set(moderator.auth)
      .send({ reason: 'Spam' });
    expect(res.status).toBe(200);
    const [row] = await auditOf(app, review);
    expect(row).toMatchObject({ action_type: 'review.hide', admin_id: moderator.id, api_token_id: null });
  });
});

describe('reports', () => {
  it('resolves (the review is hidden) or dismisses; a closed report is 409', async () => {
    const review = await publishedReview();
    const first = await reportReview(review);
    const list = await app.http().get(api('/reports')).query({ status: 'open', target_type: 'review' }).set(token.auth);
    expect(list.body.data.map((r: { documentId: string }) => r.documentId)).toContain(first);

    const resolved = await post(`/reports/${first}/resolve`, { resolution: 'Right, hidden' });
    expect(resolved.status).toBe(200);
    expect(resolved.body.data).toMatchObject({ report: { documentId: first, status: 'resolved' }, review: { status: 'hidden' } });
    expect((await post(`/reports/${first}/resolve`)).status).toBe(409);
    expect((await post(`/reports/${first}/dismiss`)).status).toBe(409);
    expect((await auditOf(app, first)).map((row) => row.action_type)).toEqual(['report.resolve']);

    const other = await publishedReview();
    const second = await reportReview(other);
    const dismissed = await post(`/reports/${second}/dismiss`, { resolution: 'Fair criticism' });
    expect(dismissed.body.data).toMatchObject({ report: { status: 'dismissed' } });
    expect((await reviewRow(other)).status).toBe('published');
  });
});
