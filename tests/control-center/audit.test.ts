import { startApp, type TestApp } from '../harness/app';
import { createApiToken, createStaff, type ApiToken, type Staff } from '../harness/staff';
import { createCustomer, createVendor, type TestVendor } from '../harness/users';
import { createVenue } from '../harness/venues';
import { auditOf, upcomingConfirmedBooking } from './helpers';

// The shared test machine is slow at times: a boot under load has taken over 3 minutes.
jest.setTimeout(300_000);

/**
 * The audit log (both run modes): Content Manager create/update/delete of marketplace types write one
 * `content.<verb>` row in the same transaction (a refused write leaves none; a write its own service already audited
 * is not audited twice); admin_actions is append-only for everyone, Super Admin included; the filtered list and the
 * streamed CSV export on both surfaces.
 */
let app: TestApp;
let token: ApiToken;
let boss: Staff;
let manager: Staff;
let vendor: TestVendor;

const cm = (who: Staff) => ({
  create: (uid: string, body: object) => app.http().post(`/content-manager/collection-types/${uid}`).set(who.auth).send(body),
  update: (uid: string, id: string, body: object) =>
    app.http().put(`/content-manager/collection-types/${uid}/${id}`).set(who.auth).send(body),
  remove: (uid: string, id: string) => app.http().delete(`/content-manager/collection-types/${uid}/${id}`).set(who.auth),
});
const ADMIN_ACTION = 'api::admin-action.admin-action';

beforeAll(async () => {
  app = await startApp();
  token = await createApiToken(app, 'full-access');
  boss = await createStaff(app, 'superAdmin');
  manager = await createStaff(app, 'platformManager');
  vendor = await createVendor(app);
}, 600_000);
afterAll(async () => {
  await app?.stop();
});

describe('Content Manager edits', () => {
  it('an update writes one content.update row with the changed fields only, naming the admin', async () => {
    const venue = await createVenue(app, vendor);
    const res = await cm(manager).update('api::venue.venue', venue.documentId, { name: 'Renamed hall', capacity: 80 });
    expect(res.status).toBe(200);
    const rows = await auditOf(app, venue.documentId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ action_type: 'content.update', target_type: 'venue', admin_id: manager.id });
    expect(rows[0].action_data.before).toEqual({ name: venue.name, capacity: 50 });
    expect(rows[0].action_data.after).toEqual({ name: 'Renamed hall', capacity: 80 });
    expect(rows[0].request_id).toEqual(expect.any(String));
  });

  it('create and delete are audited; private fields never enter the log', async () => {
    const created = await cm(manager).create('api::amenity.amenity', { name: 'Sauna', slug: `sauna-${Date.now()}` });
    expect(created.status).toBe(201);
    const id = created.body.data.documentId as string;
    const removed = await cm(manager).remove('api::amenity.amenity', id);
    expect(removed.status).toBe(200);
    expect((await auditOf(app, id)).map((row) => [row.action_type, row.target_type])).toEqual([
      ['content.create', 'amenity'],
      ['content.delete', 'amenity'],
    ]);

    const profile = await cm(boss).update('api::vendor-profile.vendor-profile', vendor.profile.documentId, {
      bank_details: { iban: 'DE00 SECRET' },
      website: 'https://example.test',
    });
    expect(profile.status).toBe(200);
    const [row] = await auditOf(app, vendor.profile.documentId);
    expect(JSON.stringify(row.action_data)).not.toContain('SECRET');
    expect(row.action_data.after).toEqual({ website: 'https://example.test' });
  });

  it('a refused write leaves no audit row (same transaction)', async () => {
    const booking = await upcomingConfirmedBooking(app, await createCustomer(app), await createVenue(app, vendor));
    const res = await cm(boss).update('api::booking.booking', booking.documentId, { notes: 'edited' });
    expect(res.status).toBe(403);
    expect(await auditOf(app, booking.documentId)).toEqual([]);
  });

  it('blocking a user in the Content Manager is audited once', async () => {
    const user = await createCustomer(app);
    const res = await cm(manager).update('plugin::users-permissions.user', user.documentId, { blocked: true });
    expect(res.status).toBe(200);
    const rows = await auditOf(app, user.documentId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ action_type: 'content.update', target_type: 'user' });
    expect(rows[0].action_data.after).toEqual({ blocked: true });
  });
});

describe('append-only', () => {
  it('nobody creates, edits or deletes audit rows: Super Admin in the Content Manager, tokens on REST, code', async () => {
    const venue = await createVenue(app, vendor);
    await app
      .http()
      .post(app.api(`/admin/management/venues/${venue.documentId}/feature`))
      .set(token.auth)
      .send({});
    const [row] = await auditOf(app, venue.documentId);
    const doc = (await app.strapi.db.query(ADMIN_ACTION).findOne({ where: { id: row.id } })) as { documentId: string };

    expect(
      (await cm(boss).create(ADMIN_ACTION, { action_type: 'fake.entry', target_type: 'x', timestamp: new Date().toISOString() }))
        .status
    ).toBe(403);
    expect((await cm(boss).update(ADMIN_ACTION, doc.documentId, { action_type: 'venue.unfeature' })).status).toBe(403);
    expect((await cm(boss).remove(ADMIN_ACTION, doc.documentId)).status).toBe(403);
    expect([404, 405]).toContain((await app.http().post(app.api('/admin-actions')).set(token.auth).send({ data: {} })).status);
    expect([404, 405]).toContain(
      (
        await app
          .http()
          .delete(app.api(`/admin-actions/${doc.documentId}`))
          .set(token.auth)
      ).status
    );
    await expect(app.strapi.documents(ADMIN_ACTION).delete({ documentId: doc.documentId })).rejects.toThrow(/append-only/);
    expect(await auditOf(app, venue.documentId)).toEqual([expect.objectContaining({ id: row.id, action_type: 'venue.feature' })]);
    expect(
      (
        await app
          .http()
          .get(app.api(`/admin-actions/${doc.documentId}`))
          .set(token.auth)
      ).status
    ).toBe(200);
  });
});

describe('list and CSV export', () => {
  it('filters by action type (prefix), target, admin, token and date, paginated, on both surfaces', async () => {
    const a = await createVendor(app, { status: 'pending' });
    const b = await createVendor(app, { status: 'pending' });
    await app
      .http()
      .post(app.api(`/admin/management/vendors/${a.profile.documentId}/approve`))
      .set(token.auth)
      .send({});
    await app
      .http()
      .post(`/control-center/vendors/${b.profile.documentId}/reject`)
      .set(manager.auth)
      .send({ reason: 'No, thanks' });

    const byTarget = await app.http().get(app.api('/admin/audit')).query({ target_id: a.profile.documentId }).set(token.auth);
    expect(byTarget.status).toBe(200);
    expect(byTarget.body.data).toEqual([
      expect.objectContaining({ action_type: 'vendor.approve', target_type: 'vendor-profile' }),
    ]);
    const byAdmin = await app
      .http()
      .get('/control-center/audit')
      .query({ admin: String(manager.id), action_type: 'vendor.' })
      .set(manager.auth);
    expect(byAdmin.status).toBe(200);
    expect(byAdmin.body.data.map((r: { target_id: string }) => r.target_id)).toContain(b.profile.documentId);
    expect(byAdmin.body.data.every((r: { admin_id: number }) => r.admin_id === manager.id)).toBe(true);
    const tokenId = byTarget.body.data[0].api_token_id;
    const byToken = await app
      .http()
      .get(app.api('/admin/audit'))
      .query({ api_token: String(tokenId) })
      .set(token.auth);
    expect(byToken.body.data.every((r: { api_token_id: number }) => r.api_token_id === tokenId)).toBe(true);
    const today = new Date().toISOString().slice(0, 10);
    const paged = await app
      .http()
      .get(app.api('/admin/audit'))
      .query({ from: today, to: today, pageSize: 1, page: 2 })
      .set(token.auth);
    expect(paged.body.data).toHaveLength(1);
    expect(paged.body.meta.pagination.total).toBeGreaterThan(2);
    expect((await app.http().get(app.api('/admin/audit')).query({ to: '2000-01-01' }).set(token.auth)).body.data).toEqual([]);
    expect((await app.http().get(app.api('/admin/audit')).query({ from: 'last week' }).set(token.auth)).status).toBe(400);
  });

  it('exports the filtered log as streamed CSV with quoting', async () => {
    const v = await createVendor(app, { status: 'pending' });
    await app
      .http()
      .post(app.api(`/admin/management/vendors/${v.profile.documentId}/reject`))
      .set(token.auth)
      .send({ reason: '=HYPERLINK("x"), "quoted", and more' });
    const res = await app.http().get(app.api('/admin/audit/export')).query({ target_id: v.profile.documentId }).set(token.auth);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="audit-log-/);
    const lines = res.text.trim().split('\r\n');
    expect(lines[0]).toBe(
      'id,timestamp,action_type,target_type,target_id,admin_id,admin_email,api_token_id,request_id,action_data'
    );
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(',vendor.reject,vendor-profile,');
    // One CSV field holding the JSON: its quotes doubled (RFC 4180), the JSON's own escapes kept.
    expect(lines[1]).toContain('\\""quoted\\""');
    expect(lines[1].endsWith('"')).toBe(true);

    const panel = await app.http().get('/control-center/audit/export').query({ action_type: 'vendor.' }).set(manager.auth);
    expect(panel.status).toBe(200);
    const total = (await app.http().get(app.api('/admin/audit')).query({ action_type: 'vendor.' }).set(token.auth)).body.meta
      .pagination.total;
    expect(panel.text.trim().split('\r\n')).toHaveLength(total + 1);
  });
});
