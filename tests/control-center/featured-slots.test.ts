import { DateTime } from 'luxon';
import { startApp, type TestApp } from '../harness/app';
import { localTime } from '../harness/bookings';
import { createApiToken, createStaff, type ApiToken, type Staff } from '../harness/staff';
import { createVendor, type TestUser, type TestVendor } from '../harness/users';
import { createVenue, type TestVenue } from '../harness/venues';
import { auditOf, notificationsOf } from './helpers';

jest.setTimeout(300_000);

/**
 * Featured slots, staff side (both run modes): vendors request through the vendor dashboard, staff list, approve
 * (409 on an unapproved venue or an overlapping approved slot) and reject (reason required) on the admin routes
 * and the content-api twins; one audit row and a vendor notification per decision; the schedule job turns the
 * venue's `featured` flag on and off at venue-local slot boundaries (fixed `now`), search sees it, and staff
 * unfeaturing in the middle of a slot is not overruled.
 */
let app: TestApp;
let token: ApiToken;
let readOnly: ApiToken;
let manager: Staff;
let moderator: Staff;
let vendor: TestVendor;

const ZONE = 'Europe/Berlin';
const SLOTS = '/vendor-dashboard/promotions/featured-slots';
const dateIn = (days: number) => localTime(ZONE, days, '12:00').slice(0, 10);
const at = (days: number, clock: string) => new Date(localTime(ZONE, days, clock));
const adminPath = (path = '') => `/control-center/featured-slots${path}`;
const apiPath = (path = '') => app.api(`/admin/management/featured-slots${path}`);
const schedule = (now: Date) =>
  app.strapi.plugin('control-center').service('featured-slots').runSchedule(now) as Promise<{
    featured: number;
    unfeatured: number;
  }>;
const venueFeatured = async (venue: TestVenue) =>
  Boolean((await app.strapi.db.query('api::venue.venue').findOne({ where: { documentId: venue.documentId } })).featured);
const searchFeatured = async (city: string) => {
  const res = await app.http().get(app.api('/venues/search')).query({ city });
  expect(res.status).toBe(200);
  return res.body.data.map((hit: { featured: boolean }) => hit.featured);
};
const request = async (user: TestUser, venue: TestVenue, from: string, to: string) => {
  const res = await app
    .http()
    .post(app.api(SLOTS))
    .set(user.auth)
    .send({ venue: venue.documentId, starts_on: from, ends_on: to });
  expect(res.status).toBe(201);
  return res.body.data.documentId as string;
};
const venueIn = (city: string) =>
  createVenue(app, vendor, { location: { address: '1 Slot Street', city, country: 'DE', lat: 52.5, lng: 13.4 } });

beforeAll(async () => {
  app = await startApp();
  token = await createApiToken(app, 'full-access');
  readOnly = await createApiToken(app, 'read-only');
  manager = await createStaff(app, 'platformManager');
  moderator = await createStaff(app, 'moderator');
  vendor = await createVendor(app);
}, 600_000);
afterAll(async () => {
  await app?.stop();
});

describe('staff decisions', () => {
  it('lists requests with filters and approves one: vendor sees it, notified, one audit row; flag waits for the start', async () => {
    const venue = await venueIn('Slotburg');
    const id = await request(vendor, venue, dateIn(10), dateIn(12));

    const list = await app.http().get(adminPath()).set(manager.auth).query({ status: 'requested', venue: venue.documentId });
    expect(list.status).toBe(200);
    expect(list.body.data).toEqual([
      expect.objectContaining({
        documentId: id,
        status: 'requested',
        starts_on: dateIn(10),
        ends_on: dateIn(12),
        venue: expect.objectContaining({ documentId: venue.documentId, featured: false }),
        vendor: expect.objectContaining({ documentId: vendor.profile.documentId }),
      }),
    ]);
    expect(list.body.meta.pagination).toMatchObject({ total: 1, page: 1 });
    const none = await app.http().get(apiPath()).set(readOnly.auth).query({ status: 'approved', venue: venue.documentId });
    expect(none.status).toBe(200);
    expect(none.body.data).toEqual([]);
    expect((await app.http().get(adminPath()).set(manager.auth).query({ status: 'maybe' })).status).toBe(400);
    expect((await app.http().get(adminPath()).set(manager.auth).query({ colour: 'red' })).status).toBe(400);

    const res = await app
      .http()
      .post(adminPath(`/${id}/approve`))
      .set(manager.auth)
      .send({});
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ documentId: id, status: 'approved', decided_by: manager.id, reason: null });
    expect(await venueFeatured(venue)).toBe(false); // the slot starts in ten days

    const audit = await auditOf(app, id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action_type: 'featured_slot.approve', target_type: 'featured-slot', admin_id: manager.id });
    expect(audit[0].action_data).toMatchObject({ before: { status: 'requested' }, after: { status: 'approved' } });
    const notes = await notificationsOf(app, vendor, 'featured_slot_decided');
    expect(notes.some((note) => note.data?.featured_slot === id && note.data?.status === 'approved')).toBe(true);

    const own = await app.http().get(app.api(SLOTS)).set(vendor.auth).query({ venue: venue.documentId });
    expect(own.body.data).toEqual([expect.objectContaining({ documentId: id, status: 'approved' })]);

    const again = await app
      .http()
      .post(apiPath(`/${id}/approve`))
      .set(token.auth)
      .send({});
    expect(again.status).toBe(409);
    expect(again.body.error.details).toMatchObject({ reason: 'ILLEGAL_TRANSITION' });
    expect(await auditOf(app, id)).toHaveLength(1);
  });

  it('approving a slot that covers now features the venue at once (API token), and search shows it', async () => {
    const venue = await venueIn('Nowtown');
    const today = DateTime.now().setZone(ZONE).toISODate() as string;
    const id = await request(vendor, venue, today, dateIn(2));
    expect(await searchFeatured('Nowtown')).toEqual([false]);

    const res = await app
      .http()
      .post(apiPath(`/${id}/approve`))
      .set(token.auth)
      .send({});
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ status: 'approved', decided_by: null, venue: { featured: true } });
    expect(await venueFeatured(venue)).toBe(true);
    expect(await searchFeatured('Nowtown')).toEqual([true]);
    const [audit] = await auditOf(app, id);
    expect(audit.api_token_id).toEqual(expect.any(Number));
    expect(audit.action_data.after).toMatchObject({ venue_featured: true });
  });

  it('409 when another approved slot of the venue overlaps; nothing written', async () => {
    const venue = await venueIn('Overlapia');
    const first = await request(vendor, venue, dateIn(20), dateIn(22));
    expect(
      (
        await app
          .http()
          .post(apiPath(`/${first}/approve`))
          .set(token.auth)
          .send({})
      ).status
    ).toBe(200);
    // Vendor requests cannot overlap an open one; a request entered another way (Content Manager) can.
    const second = await app.strapi.documents('api::featured-slot.featured-slot').create({
      data: { venue: venue.id, starts_on: dateIn(22), ends_on: dateIn(25), status: 'requested' } as never,
    });
    const res = await app
      .http()
      .post(adminPath(`/${second.documentId}/approve`))
      .set(manager.auth)
      .send({});
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({
      name: 'ConflictError',
      details: { reason: 'FEATURED_SLOT_OVERLAP', clashing: first },
    });
    const row = await app.strapi.db
      .query('api::featured-slot.featured-slot')
      .findOne({ where: { documentId: second.documentId } });
    expect(row.status).toBe('requested');
    expect(await auditOf(app, second.documentId)).toEqual([]);
  });

  it('409 when the venue is no longer approved', async () => {
    const venue = await venueIn('Suspendia');
    const id = await request(vendor, venue, dateIn(5), dateIn(6));
    const suspended = await app
      .http()
      .post(app.api(`/admin/management/venues/${venue.documentId}/suspend`))
      .set(token.auth)
      .send({ reason: 'Fire safety check' });
    expect(suspended.status).toBe(200);
    const res = await app
      .http()
      .post(adminPath(`/${id}/approve`))
      .set(manager.auth)
      .send({});
    expect(res.status).toBe(409);
    expect(res.body.error.details).toMatchObject({ reason: 'VENUE_NOT_APPROVED', status: 'suspended' });
    expect(await auditOf(app, id)).toEqual([]);
  });

  it('reject needs a reason (400); with one the vendor sees the reason and is told', async () => {
    const venue = await venueIn('Rejectville');
    const id = await request(vendor, venue, dateIn(30), dateIn(31));
    const missing = await app
      .http()
      .post(adminPath(`/${id}/reject`))
      .set(manager.auth)
      .send({});
    expect(missing.status).toBe(400);
    expect(missing.body.error.details.errors[0].path).toEqual(['reason']);
    const blank = await app
      .http()
      .post(apiPath(`/${id}/reject`))
      .set(token.auth)
      .send({ reason: '   ' });
    expect(blank.status).toBe(400);
    expect(
      (
        await app
          .http()
          .post(apiPath(`/${id}/reject`))
          .set(token.auth)
          .send({ reason: 'x', extra: 1 })
      ).status
    ).toBe(400);

    const res = await app
      .http()
      .post(apiPath(`/${id}/reject`))
      .set(token.auth)
      .send({ reason: 'Week already sold out' });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ status: 'rejected', reason: 'Week already sold out' });
    const own = await app.http().get(app.api(SLOTS)).set(vendor.auth).query({ venue: venue.documentId });
    expect(own.body.data[0]).toMatchObject({ status: 'rejected', reason: 'Week already sold out' });
    const note = (await notificationsOf(app, vendor, 'featured_slot_decided')).find((n) => n.data?.featured_slot === id);
    expect(note?.body).toContain('Week already sold out');
    expect((await auditOf(app, id)).map((row) => row.action_type)).toEqual(['featured_slot.reject']);
  });

  it('unknown ids are 404; staff of another area and read-only tokens are refused (403)', async () => {
    expect((await app.http().post(adminPath('/nosuchslot/approve')).set(manager.auth).send({})).status).toBe(404);
    expect((await app.http().post(apiPath('/nosuchslot/reject')).set(token.auth).send({ reason: 'x' })).status).toBe(404);

    const venue = await venueIn('Forbidden City');
    const id = await request(vendor, venue, dateIn(40), dateIn(41));
    expect((await app.http().get(adminPath()).set(moderator.auth)).status).toBe(403);
    expect(
      (
        await app
          .http()
          .post(adminPath(`/${id}/approve`))
          .set(moderator.auth)
          .send({})
      ).status
    ).toBe(403);
    expect(
      (
        await app
          .http()
          .post(apiPath(`/${id}/approve`))
          .set(readOnly.auth)
          .send({})
      ).status
    ).toBe(403);
    expect(
      (
        await app
          .http()
          .post(apiPath(`/${id}/approve`))
          .set(vendor.auth)
          .send({})
      ).status
    ).toBe(403);
    const custom = await createApiToken(app, 'custom', ['plugin::control-center.featured-slots.approve']);
    expect(
      (
        await app
          .http()
          .post(apiPath(`/${id}/reject`))
          .set(custom.auth)
          .send({ reason: 'no' })
      ).status
    ).toBe(403);
    expect(
      (
        await app
          .http()
          .post(app.api(`/admin-dashboard/management/featured-slots/${id}/approve`))
          .set(custom.auth)
          .send({})
      ).status
    ).toBe(200);
  });
});

describe('schedule job (fixed now, venue-local dates)', () => {
  it('turns featured on at the local start, off after the local end; search follows', async () => {
    const venue = await venueIn('Clockton');
    const id = await request(vendor, venue, dateIn(10), dateIn(12));
    expect(
      (
        await app
          .http()
          .post(adminPath(`/${id}/approve`))
          .set(manager.auth)
          .send({})
      ).status
    ).toBe(200);

    await schedule(at(9, '23:50')); // the evening before, Berlin time
    expect(await venueFeatured(venue)).toBe(false);
    await schedule(at(10, '00:10')); // ten past midnight in Berlin: still the previous day in UTC
    expect(await venueFeatured(venue)).toBe(true);
    expect(await searchFeatured('Clockton')).toEqual([true]);
    await schedule(at(11, '12:00')); // nothing to do mid-slot
    expect(await venueFeatured(venue)).toBe(true);
    await schedule(at(12, '23:50'));
    expect(await venueFeatured(venue)).toBe(true);
    await schedule(at(13, '00:10'));
    expect(await venueFeatured(venue)).toBe(false);
    expect(await searchFeatured('Clockton')).toEqual([false]);
    await schedule(at(13, '12:00'));
    expect(await venueFeatured(venue)).toBe(false);
  });

  it('staff unfeaturing in the middle of a slot is not overruled by the job', async () => {
    const venue = await venueIn('Quietbury');
    const id = await request(vendor, venue, dateIn(50), dateIn(53));
    expect(
      (
        await app
          .http()
          .post(adminPath(`/${id}/approve`))
          .set(manager.auth)
          .send({})
      ).status
    ).toBe(200);
    await schedule(at(50, '09:00'));
    expect(await venueFeatured(venue)).toBe(true);

    const off = await app
      .http()
      .post(app.api(`/admin/management/venues/${venue.documentId}/unfeature`))
      .set(token.auth)
      .send({});
    expect(off.status).toBe(200);
    await schedule(at(51, '09:00'));
    expect(await venueFeatured(venue)).toBe(false);
    expect(await searchFeatured('Quietbury')).toEqual([false]);
    await schedule(at(54, '09:00'));
    expect(await venueFeatured(venue)).toBe(false);
  });
});
