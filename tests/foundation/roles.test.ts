import { startApp, type TestApp } from '../harness/app';
import { appDir } from '../harness/test-env';

let app: TestApp;
beforeAll(async () => {
  app = await startApp({ env: { ADMIN_EMAIL: 'Boss@Tofimotia.test', ADMIN_PASSWORD: 'Sup3r-Secret-Admin' } });
});
afterAll(async () => {
  await app.stop();
});

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the running app's own module instance, from dist/
const dist = (modulePath: string) => require(`${appDir}/dist/src/${modulePath}`);

const permissionSnapshot = async () => {
  const rows = await app.strapi.db.query('plugin::users-permissions.permission').findMany({ populate: ['role'] });
  return rows.map((r: { action: string; role: { type: string } }) => `${r.role.type}:${r.action}`).sort();
};

describe('users-permissions roles', () => {
  it('has public, customer (type authenticated) and vendor roles', async () => {
    const roles = await app.strapi.db.query('plugin::users-permissions.role').findMany();
    const byType = Object.fromEntries(roles.map((r: { type: string; name: string }) => [r.type, r.name]));
    expect(byType).toMatchObject({ public: 'Public', authenticated: 'Customer', vendor: 'Vendor' });
  });

  it('grants exactly the permission matrix and converges again after tampering', async () => {
    const { ROLE_PERMISSIONS } = dist('bootstrap/permissions');
    const expected = Object.entries(ROLE_PERMISSIONS as Record<string, string[]>)
      .flatMap(([type, actions]) => actions.map((action) => `${type}:${action}`))
      .sort();
    expect(await permissionSnapshot()).toEqual(expected);

    // Someone grants the public role bookings in the panel; the next boot takes it away again.
    const publicRole = await app.strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: 'public' } });
    await app.strapi.db
      .query('plugin::users-permissions.permission')
      .create({ data: { action: 'api::booking.booking.find', role: publicRole.id } });
    expect((await app.http().get(app.api('/bookings'))).status).toBe(200);

    await dist('bootstrap/user-roles').ensureUserRoles(app.strapi);
    await dist('bootstrap/user-roles').ensureUserRoles(app.strapi);
    expect(await permissionSnapshot()).toEqual(expected);
    expect((await app.http().get(app.api('/bookings'))).status).toBe(403);
  });
});

describe('admin-panel staff roles', () => {
  const subjectsOf = async (code: string) => {
    const role = await app.strapi.db.query('admin::role').findOne({ where: { code } });
    const permissions = await app.strapi.db.query('admin::permission').findMany({ where: { role: { id: role.id } } });
    return permissions
      .map(
        (p: { action: string; subject: string | null }) =>
          `${p.action.replace('plugin::content-manager.explorer.', '')}:${p.subject ?? ''}`
      )
      .sort();
  };

  it('Moderator handles reviews and reports only', async () => {
    expect(await subjectsOf('tofimotia-moderator')).toEqual([
      'plugin::control-center.moderation:',
      'read:api::report.report',
      'read:api::review.review',
      'update:api::report.report',
      'update:api::review.review',
    ]);
  });

  it('Support handles tickets only', async () => {
    expect(await subjectsOf('tofimotia-support')).toEqual([
      'plugin::control-center.tickets:',
      'read:api::support-ticket.support-ticket',
      'update:api::support-ticket.support-ticket',
    ]);
  });

  it('Platform Manager manages the marketplace but cannot write bookings, payments or invoices', async () => {
    const subjects = await subjectsOf('tofimotia-platform-manager');
    expect(subjects).toEqual(
      expect.arrayContaining([
        'create:api::venue.venue',
        'update:api::vendor-profile.vendor-profile',
        'read:api::booking.booking',
        'read:api::admin-action.admin-action',
        'update:api::system-setting.system-setting',
      ])
    );
    // Every control-center area but settings.
    expect(subjects.filter((s: string) => s.startsWith('plugin::control-center.'))).toEqual(
      ['audit', 'dashboard', 'moderation', 'reports', 'tickets', 'users', 'vendors', 'venues'].map(
        (area) => `plugin::control-center.${area}:`
      )
    );
    for (const write of ['create', 'update', 'delete']) {
      for (const uid of [
        'api::booking.booking',
        'api::payment.payment',
        'api::invoice.invoice',
        'api::admin-action.admin-action',
      ]) {
        expect(subjects).not.toContain(`${write}:${uid}`);
      }
    }
  });

  it('re-running the bootstrap changes nothing', async () => {
    const before = await app.strapi.db.query('admin::permission').count();
    await dist('bootstrap/admin-roles').ensureStaffRoles(app.strapi);
    expect(await app.strapi.db.query('admin::permission').count()).toBe(before);
    // Platform Manager, Moderator, Support and the vendors' Vendor role.
    expect(await app.strapi.db.query('admin::role').count({ where: { code: { $startsWith: 'tofimotia-' } } })).toBe(4);
  });

  it('Vendor holds the vendor workspace action only (no Content Manager, media, settings or other plugins)', async () => {
    expect(await subjectsOf('tofimotia-vendor')).toEqual(['plugin::vendor-dashboard.workspace:']);
  });
});

describe('first Super Admin', () => {
  it('is created from ADMIN_EMAIL / ADMIN_PASSWORD and can log in to the admin API', async () => {
    const admins = await app.strapi.db.query('admin::user').findMany({ populate: ['roles'] });
    expect(admins).toHaveLength(1);
    expect(admins[0].email).toBe('boss@tofimotia.test');
    expect(admins[0].roles.map((r: { code: string }) => r.code)).toEqual(['strapi-super-admin']);
    const res = await app.http().post('/admin/login').send({ email: 'boss@tofimotia.test', password: 'Sup3r-Secret-Admin' });
    expect(res.status).toBe(200);
    expect(res.body.data.token).toEqual(expect.any(String));
  });

  it('is not created twice', async () => {
    await dist('bootstrap/admin-roles').ensureFirstSuperAdmin(app.strapi, {
      email: 'other@tofimotia.test',
      password: 'Another-Secret-1',
    });
    expect(await app.strapi.db.query('admin::user').count()).toBe(1);
  });
});
