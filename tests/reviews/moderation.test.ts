import crypto from 'node:crypto';
import { startApp, type TestApp } from '../harness/app';
import { setSetting } from '../harness/bookings';
import { createCustomer, createVendor, type TestUser, type TestVendor } from '../harness/users';
import { createVenue, type TestVenue } from '../harness/venues';
import { auditOf, notificationsOf, pastBooking, ratingOf } from './helpers';

/**
 * Reports and moderation (both run modes): filing reports (once per user and target, only what one can see), the
 * automatic hide at the report threshold, the moderation services (hide, restore, resolve, dismiss) with their
 * state machine, audit rows, notifications and ratings, and the Moderator admin role in the Content Manager:
 * status and notes yes, the customer's rating and comment never.
 */
let app: TestApp;
let vendor: TestVendor;
let venue: TestVenue;
let author: TestUser;
const reporters: TestUser[] = [];

const STAFF = { kind: 'system', reason: 'test' } as const;
const moderation = () => app.strapi.service('api::review.moderation');
const post = (user: TestUser, path: string, body: unknown) =>
  app
    .http()
    .post(app.api(path))
    .set(user.auth)
    .send(body as object);
const reviewRow = (documentId: string) => app.strapi.db.query('api::review.review').findOne({ where: { documentId } });
const reportsOf = (documentId: string) =>
  app.strapi.db
    .query('api::report.report')
    .findMany({ where: { target_type: 'review', target_id: documentId }, orderBy: { id: 'asc' } });

/** A published review by `author` of a fresh completed booking at `target` (default: the shared venue). */
const publishedReview = async (rating = 4, target: TestVenue = venue, who: TestUser = author): Promise<string> => {
  const booking = await pastBooking(app, who, target, { endedDaysAgo: 1 });
  const res = await post(who, '/reviews', { booking: booking.documentId, rating, comment: 'Honest words' });
  expect(res.status).toBe(201);
  return res.body.data.documentId;
};
const report = (user: TestUser, review: string, reason = 'Fake review') => post(user, `/reviews/${review}/report`, { reason });

beforeAll(async () => {
  app = await startApp();
  vendor = await createVendor(app);
  venue = await createVenue(app, vendor);
  author = await createCustomer(app, { first_name: 'Ada', last_name: 'Lovelace' });
  for (let i = 0; i < 4; i += 1) reporters.push(await createCustomer(app));
});
afterAll(async () => {
  await app.stop();
});

describe('POST /reviews/:id/report', () => {
  it('files an open report (201), once per user (409), never on one’s own review (400)', async () => {
    const review = await publishedReview();
    const res = await post(reporters[0], `/reviews/${review}/report`, {
      reason: 'Fake <b>review</b>',
      details: 'Never went there',
    });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({
      target_type: 'review',
      target: review,
      reason: 'Fake review',
      details: 'Never went there',
      status: 'open',
    });
    const again = await report(reporters[0], review, 'Still fake');
    expect(again.status).toBe(409);
    expect(again.body.error.details.reason).toBe('ALREADY_REPORTED');
    expect((await report(author, review)).status).toBe(400);
    // The vendor of the venue may report a review of it.
    expect((await report(vendor, review)).status).toBe(201);
    expect(await reportsOf(review)).toHaveLength(2);
  });

  it('simultaneous reports by one user make one report', async () => {
    const review = await publishedReview();
    const answers = await Promise.all(Array.from({ length: 4 }, () => report(reporters[1], review)));
    expect(answers.map((r) => r.status).sort()).toEqual([201, 409, 409, 409]);
    expect(await reportsOf(review)).toHaveLength(1);
  });

  it('refuses bad input with a 400, unknown or hidden reviews with a 404, anonymous callers with a 403', async () => {
    const review = await publishedReview();
    for (const body of [
      {},
      { reason: '' },
      { reason: '   ' },
      { reason: 'x'.repeat(256) },
      { reason: 'ok', extra: 1 },
      { reason: 5 },
    ]) {
      expect((await post(reporters[2], `/reviews/${review}/report`, body)).status).toBe(400);
    }
    expect((await post(reporters[2], `/reviews/${review}/report`, { reason: '<p></p>' })).status).toBe(400);
    expect((await report(reporters[2], 'nosuchreview00000000000')).status).toBe(404);
    await moderation().hideReview(STAFF, review, { reason: 'Spam' });
    expect((await report(reporters[2], review)).status).toBe(404);
    expect(
      (
        await app
          .http()
          .post(app.api(`/reviews/${review}/report`))
          .send({ reason: 'x' })
      ).status
    ).toBe(403);
  });

  it('hides a review automatically at the threshold (setting, default 3), pending moderation', async () => {
    const hall = await createVenue(app, vendor);
    await publishedReview(5, hall);
    const review = await publishedReview(1, hall);
    expect((await ratingOf(app, hall.id)).stored).toEqual({ average: 3, count: 2 });
    expect((await report(reporters[0], review)).status).toBe(201);
    expect((await report(reporters[1], review)).status).toBe(201);
    expect((await reviewRow(review)).status).toBe('published');
    expect((await report(reporters[2], review)).status).toBe(201);

    const row = await reviewRow(review);
    expect(row).toMatchObject({ status: 'hidden', hidden_cause: 'reports' });
    expect((await ratingOf(app, hall.id)).stored).toEqual({ average: 5, count: 1 });
    const list = await app.http().get(app.api(`/venues/${hall.documentId}/reviews`));
    expect(list.body.data.map((r: { documentId: string }) => r.documentId)).not.toContain(review);
    const [audit] = await auditOf(app, review);
    expect(audit).toMatchObject({
      action_type: 'review.auto_hide',
      target_type: 'review',
      admin_id: null,
      action_data: {
        actor: { kind: 'system' },
        before: { status: 'published' },
        after: { status: 'hidden', hidden_cause: 'reports' },
      },
    });
    const authorNotice = (await notificationsOf(app, author, 'review_moderated')).find((n) => n.data?.review === review);
    expect(authorNotice?.body).toMatch(/pending moderation|until a moderator/);
    expect((await notificationsOf(app, vendor, 'review_moderated')).some((n) => n.data?.review === review)).toBe(true);
    // The reports stay open for the moderators.
    expect((await reportsOf(review)).map((r: { status: string }) => r.status)).toEqual(['open', 'open', 'open']);
  });

  it('three reporters at once hide the review exactly once', async () => {
    const review = await publishedReview();
    const answers = await Promise.all(reporters.slice(0, 3).map((user) => report(user, review)));
    expect(answers.map((r) => r.status)).toEqual([201, 201, 201]);
    expect(await reviewRow(review)).toMatchObject({ status: 'hidden', hidden_cause: 'reports' });
    expect((await auditOf(app, review)).filter((a) => a.action_type === 'review.auto_hide')).toHaveLength(1);
  });

  it('threshold 0 never hides automatically', async () => {
    await setSetting(app, 'reviews.report_threshold', 0);
    try {
      const review = await publishedReview();
      for (const user of reporters) expect((await report(user, review)).status).toBe(201);
      expect((await reviewRow(review)).status).toBe('published');
    } finally {
      await setSetting(app, 'reviews.report_threshold', 3);
    }
  });
});

describe('POST /reports (reviews, venues, messages)', () => {
  it('reports a public venue once; not one’s own; not a hidden venue', async () => {
    const body = { target_type: 'venue', target: venue.documentId, reason: 'Photos are misleading' };
    const res = await post(reporters[0], '/reports', body);
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ target_type: 'venue', target: venue.documentId, status: 'open' });
    expect((await post(reporters[0], '/reports', body)).status).toBe(409);
    expect((await post(vendor, '/reports', body)).status).toBe(400);
    const draft = await createVenue(app, vendor, { status: 'pending_approval' });
    expect((await post(reporters[0], '/reports', { ...body, target: draft.documentId })).status).toBe(404);
  });

  it('reports a message of one’s own conversation, not one’s own message and not someone else’s conversation', async () => {
    const opened = await post(reporters[3], '/conversations', { venue: venue.documentId, body: 'Buy followers at spam.example' });
    expect(opened.status).toBe(201);
    const message = opened.body.meta.message.documentId;
    const ok = await post(vendor, '/reports', { target_type: 'message', target: message, reason: 'Spam' });
    expect(ok.status).toBe(201);
    expect((await post(reporters[3], '/reports', { target_type: 'message', target: message, reason: 'Mine' })).status).toBe(400);
    expect((await post(reporters[0], '/reports', { target_type: 'message', target: message, reason: 'Nosy' })).status).toBe(404);
  });

  it('rejects other target types and malformed bodies with a 400', async () => {
    for (const body of [
      { target_type: 'user', target: 'abc', reason: 'x' },
      { target_type: 'review', reason: 'x' },
      { target_type: 'review', target: '../etc', reason: 'x' },
      { target_type: 'review', target: 'abc', reason: 'x', status: 'resolved' },
    ]) {
      expect((await post(reporters[0], '/reports', body)).status).toBe(400);
    }
    expect((await post(reporters[0], '/reports', { target_type: 'review', target: 'abc', reason: 'x' })).status).toBe(404);
  });
});

describe('moderation services', () => {
  it('hide: published → hidden by a moderator, reports resolved, reporters, author and vendor told, one audit row', async () => {
    const hall = await createVenue(app, vendor);
    const review = await publishedReview(2, hall);
    await report(reporters[0], review);
    const role = await app.strapi.db.query('admin::role').findOne({ where: { code: 'tofimotia-moderator' } });
    const admin = await app.strapi.service('admin::user').create({
      email: `svc-${crypto.randomBytes(3).toString('hex')}@example.test`,
      firstname: 'Service',
      lastname: 'Moderator',
      isActive: true,
      roles: [role.id],
    });
    const result = await moderation().hideReview({ kind: 'admin', adminId: admin.id, email: admin.email }, review, {
      reason: 'Personal data',
      note: 'Phone number in text',
    });
    expect(result).toMatchObject({ review: { status: 'hidden', hidden_cause: 'moderator' } });
    expect(await reviewRow(review)).toMatchObject({
      status: 'hidden',
      hidden_cause: 'moderator',
      hidden_reason: 'Personal data',
      moderation_note: 'Phone number in text',
    });
    expect((await ratingOf(app, hall.id)).stored).toEqual({ average: 0, count: 0 });
    const [closed] = await reportsOf(review);
    expect(closed).toMatchObject({ status: 'resolved', resolution: 'Personal data' });
    expect((await notificationsOf(app, reporters[0], 'report_resolved')).some((n) => n.data?.target === review)).toBe(true);
    const authorNotice = (await notificationsOf(app, author, 'review_moderated')).find((n) => n.data?.review === review);
    expect(authorNotice?.body).toContain('Personal data');
    const audits = await auditOf(app, review);
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({
      admin_id: admin.id,
      action_type: 'review.hide',
      target_type: 'review',
      action_data: {
        before: { status: 'published', hidden_cause: null },
        after: { status: 'hidden', hidden_cause: 'moderator', hidden_reason: 'Personal data' },
        resolved_reports: [closed.documentId],
      },
    });

    await expect(moderation().hideReview(STAFF, review, { reason: 'Again' })).rejects.toMatchObject({
      code: 'illegal_transition',
    });
    await expect(moderation().hideReview(STAFF, review, { reason: '' })).rejects.toMatchObject({ code: 'invalid_request' });
    await expect(moderation().hideReview(STAFF, 'nosuchreview', { reason: 'x' })).rejects.toMatchObject({ code: 'not_found' });
    expect(await auditOf(app, review)).toHaveLength(1);
  });

  it('restore: hidden → published, open reports dismissed, rating back; restoring a published review is illegal', async () => {
    const hall = await createVenue(app, vendor);
    const review = await publishedReview(4, hall);
    for (const user of reporters.slice(0, 3)) await report(user, review);
    expect((await reviewRow(review)).hidden_cause).toBe('reports');
    const result = await moderation().restoreReview(STAFF, review, { reason: 'Checked: genuine' });
    expect(result.reports).toHaveLength(3);
    expect(await reviewRow(review)).toMatchObject({ status: 'published', hidden_cause: null, hidden_reason: null });
    expect((await reportsOf(review)).map((r: { status: string }) => r.status)).toEqual(['dismissed', 'dismissed', 'dismissed']);
    expect((await ratingOf(app, hall.id)).stored).toEqual({ average: 4, count: 1 });
    expect((await auditOf(app, review)).map((a) => a.action_type)).toEqual(['review.auto_hide', 'review.restore']);
    await expect(moderation().restoreReview(STAFF, review, {})).rejects.toMatchObject({ code: 'illegal_transition' });
    // Restored reviews can be reported again (a fresh count).
    expect((await report(reporters[0], review)).status).toBe(409);
    expect((await report(reporters[3], review)).status).toBe(201);
    expect((await reviewRow(review)).status).toBe('published');
  });

  it('resolve a report: the review is hidden by the moderator and its other reports resolved with it', async () => {
    const review = await publishedReview();
    await report(reporters[0], review);
    await report(reporters[1], review);
    const [first, second] = await reportsOf(review);
    const result = await moderation().resolveReport(STAFF, first.documentId, { resolution: 'Fake' });
    expect(result.report).toEqual({ documentId: first.documentId, status: 'resolved' });
    expect(result.review).toMatchObject({ status: 'hidden', hidden_cause: 'moderator' });
    expect(result.reports.sort()).toEqual([first.documentId, second.documentId].sort());
    expect((await reportsOf(review)).map((r: { status: string }) => r.status)).toEqual(['resolved', 'resolved']);
    const [audit] = await auditOf(app, first.documentId);
    expect(audit).toMatchObject({
      action_type: 'report.resolve',
      target_type: 'report',
      action_data: { review: { after: { status: 'hidden' } } },
    });
    await expect(moderation().resolveReport(STAFF, first.documentId, {})).rejects.toMatchObject({ code: 'illegal_transition' });
    await expect(moderation().dismissReport(STAFF, second.documentId, {})).rejects.toMatchObject({ code: 'illegal_transition' });
  });

  it('dismiss a report: an auto-hidden review left below the threshold is published again', async () => {
    const hall = await createVenue(app, vendor);
    const review = await publishedReview(3, hall);
    for (const user of reporters.slice(0, 3)) await report(user, review);
    const [first] = await reportsOf(review);
    const result = await moderation().dismissReport(STAFF, first.documentId, { resolution: 'Within guidelines' });
    expect(result.review).toMatchObject({ status: 'published' });
    expect((await reviewRow(review)).status).toBe('published');
    expect((await ratingOf(app, hall.id)).stored).toEqual({ average: 3, count: 1 });
    const reporterNotice = (await notificationsOf(app, reporters[0], 'report_resolved')).find(
      (n) => n.data?.report === first.documentId
    );
    expect(reporterNotice?.title).toBe('Your report was reviewed');
  });

  it('venue and message reports only change status', async () => {
    const hall = await createVenue(app, vendor);
    await post(reporters[1], '/reports', { target_type: 'venue', target: hall.documentId, reason: 'Wrong address' });
    const row = await app.strapi.db.query('api::report.report').findOne({ where: { target_id: hall.documentId } });
    const result = await moderation().resolveReport(STAFF, row.documentId, { resolution: 'Vendor asked to fix it' });
    expect(result).toMatchObject({ report: { status: 'resolved' }, review: null });
    expect(await app.strapi.db.query('api::report.report').findOne({ where: { id: row.id } })).toMatchObject({
      status: 'resolved',
      resolution: 'Vendor asked to fix it',
    });
  });
});

describe('Moderator admin role in the Content Manager', () => {
  const PASSWORD = 'Moderator-Pass-1';
  let token: string;
  let superToken: string;
  let moderatorId: number;

  const adminUser = async (code: string, email: string) => {
    const role = await app.strapi.db.query('admin::role').findOne({ where: { code } });
    const user = await app.strapi.service('admin::user').create({
      email,
      firstname: 'Test',
      lastname: code,
      password: PASSWORD,
      isActive: true,
      registrationToken: null,
      roles: [role.id],
    });
    const login = await app.http().post('/admin/login').send({ email, password: PASSWORD });
    expect(login.status).toBe(200);
    return { id: user.id as number, token: login.body.data.token as string };
  };
  const cm = (who: string, documentId: string, body: Record<string, unknown>, uid = 'api::review.review') =>
    app.http().put(`/content-manager/collection-types/${uid}/${documentId}`).set('Authorization', `Bearer ${who}`).send(body);

  beforeAll(async () => {
    const suffix = crypto.randomBytes(3).toString('hex');
    const moderator = await adminUser('tofimotia-moderator', `mod-${suffix}@example.test`);
    token = moderator.token;
    moderatorId = moderator.id;
    superToken = (await adminUser('strapi-super-admin', `boss-${suffix}@example.test`)).token;
  });

  it('the role may update status, hidden reason and moderation note only (field-level permission)', async () => {
    const role = await app.strapi.db.query('admin::role').findOne({ where: { code: 'tofimotia-moderator' } });
    const update = await app.strapi.db.query('admin::permission').findOne({
      where: { role: { id: role.id }, action: 'plugin::content-manager.explorer.update', subject: 'api::review.review' },
    });
    expect([...update.properties.fields].sort()).toEqual(['hidden_reason', 'moderation_note', 'status']);
  });

  it('changing rating or comment is refused (403) and changes nothing, for a Moderator and a Super Admin alike', async () => {
    const hall = await createVenue(app, vendor);
    const review = await publishedReview(4, hall);
    for (const [who, body] of [
      [token, { rating: 1 }],
      [token, { comment: 'Rewritten by staff' }],
      [token, { rating: 1, status: 'hidden' }],
      [superToken, { rating: 2 }],
      [superToken, { comment: 'Rewritten by staff' }],
    ] as const) {
      const res = await cm(who, review, body);
      expect(res.status).toBe(403);
    }
    expect(await reviewRow(review)).toMatchObject({ rating: 4, comment: 'Honest words', status: 'published' });
    expect((await ratingOf(app, hall.id)).stored).toEqual({ average: 4, count: 1 });
    expect(await auditOf(app, review)).toEqual([]);
  });

  it('changing the status is a moderation action: state machine, ratings, audit with the admin, notifications', async () => {
    const hall = await createVenue(app, vendor);
    const review = await publishedReview(2, hall);
    await publishedReview(4, hall);
    const hidden = await cm(token, review, {
      status: 'hidden',
      hidden_reason: 'Insults',
      moderation_note: 'Second warning',
      rating: 2,
      comment: 'Honest words',
    });
    expect(hidden.status).toBe(200);
    expect(await reviewRow(review)).toMatchObject({
      status: 'hidden',
      hidden_cause: 'moderator',
      hidden_reason: 'Insults',
      moderation_note: 'Second warning',
      rating: 2,
    });
    expect((await ratingOf(app, hall.id)).stored).toEqual({ average: 4, count: 1 });
    const [audit] = await auditOf(app, review);
    expect(audit).toMatchObject({ action_type: 'review.hide', admin_id: moderatorId });
    expect((await notificationsOf(app, author, 'review_moderated')).some((n) => n.data?.review === review)).toBe(true);

    const notes = await cm(token, review, { moderation_note: 'Talked to the author' });
    expect(notes.status).toBe(200);
    expect((await reviewRow(review)).moderation_note).toBe('Talked to the author');

    const restored = await cm(token, review, { status: 'published' });
    expect(restored.status).toBe(200);
    expect(await reviewRow(review)).toMatchObject({ status: 'published', hidden_cause: null, hidden_reason: null });
    expect((await ratingOf(app, hall.id)).stored).toEqual({ average: 3, count: 2 });
    expect((await auditOf(app, review)).map((a) => a.action_type)).toEqual(['review.hide', 'content.update', 'review.restore']);
  });

  it('a Moderator cannot delete reviews; resolving a report in the Content Manager runs the moderation service', async () => {
    const review = await publishedReview();
    const deleted = await app
      .http()
      .delete(`/content-manager/collection-types/api::review.review/${review}`)
      .set('Authorization', `Bearer ${token}`);
    expect(deleted.status).toBe(403);
    expect(await reviewRow(review)).not.toBeNull();

    await report(reporters[2], review);
    const [open] = await reportsOf(review);
    const tampered = await cm(token, open.documentId, { reason: 'Something else' }, 'api::report.report');
    expect(tampered.status).toBe(200); // the role may not write `reason`: the Content Manager drops it
    expect((await reportsOf(review))[0].reason).toBe('Fake review');
    const resolved = await cm(token, open.documentId, { status: 'resolved', resolution: 'Confirmed fake' }, 'api::report.report');
    expect(resolved.status).toBe(200);
    expect((await reportsOf(review))[0]).toMatchObject({ status: 'resolved', resolution: 'Confirmed fake' });
    expect((await reviewRow(review)).status).toBe('hidden');
    const [audit] = await auditOf(app, open.documentId);
    expect(audit).toMatchObject({ action_type: 'report.resolve', admin_id: moderatorId });
    const reopened = await cm(token, open.documentId, { status: 'open' }, 'api::report.report');
    expect(reopened.status).toBe(400);
  });
});
