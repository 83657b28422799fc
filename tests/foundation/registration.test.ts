import { startApp, type TestApp } from '../harness/app';

let app: TestApp;
beforeAll(async () => {
  app = await startApp();
});
afterAll(async () => {
  await app.stop();
});

const register = (body: Record<string, unknown>) => app.http().post(app.api('/auth/register')).send(body);
const userCount = () => app.strapi.db.query('plugin::users-permissions.user').count();

describe('POST /auth/register', () => {
  it('creates a customer by default and returns a working JWT', async () => {
    const res = await register({ username: 'ada', email: 'Ada@Example.test', password: 'long-enough-1' });
    expect(res.status).toBe(201);
    expect(res.body.jwt).toEqual(expect.any(String));
    expect(res.body.user).toMatchObject({
      username: 'ada',
      email: 'ada@example.test',
      role: 'customer',
      vendor_profile: null,
      blocked: false,
    });
    expect(res.body.user).not.toHaveProperty('password');

    const me = await app.http().get(app.api('/users/me')).set('Authorization', `Bearer ${res.body.jwt}`);
    expect(me.status).toBe(200);
    expect(me.body.email).toBe('ada@example.test');
    const row = await app.strapi.db
      .query('plugin::users-permissions.user')
      .findOne({ where: { username: 'ada' }, populate: ['role'] });
    expect(row.role.type).toBe('authenticated');
  });

  it('creates a vendor with a pending vendor profile', async () => {
    const res = await register({
      username: 'venuco',
      email: 'owner@venuco.test',
      password: 'long-enough-1',
      role: 'vendor',
      business_name: 'Venu Co',
    });
    expect(res.status).toBe(201);
    expect(res.body.user.role).toBe('vendor');
    expect(res.body.user.vendor_profile).toMatchObject({ business_name: 'Venu Co', verification_status: 'pending' });
    const profile = await app.strapi.db.query('api::vendor-profile.vendor-profile').findOne({
      where: { business_name: 'Venu Co' },
      populate: ['user'],
    });
    expect(profile.verification_status).toBe('pending');
    expect(profile.user.username).toBe('venuco');
  });

  it.each([
    ['role admin', { role: 'admin' }],
    ['role authenticated', { role: 'authenticated' }],
    ['confirmed injection', { confirmed: true }],
    ['blocked injection', { blocked: false }],
    ['role id injection', { role: 1 }],
    ['id injection', { id: 99 }],
    ['documentId injection', { documentId: 'abc' }],
    ['vendor status injection', { role: 'vendor', business_name: 'X Co', verification_status: 'approved' }],
  ])('rejects %s with 400 and creates nothing', async (_label, extra) => {
    const before = await userCount();
    const res = await register({ username: 'mallory', email: 'mallory@example.test', password: 'long-enough-1', ...extra });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ data: null, error: { status: 400, name: 'ValidationError' } });
    expect(await userCount()).toBe(before);
  });

  it.each([
    ['vendor without business_name', { role: 'vendor' }, 'business_name'],
    ['customer with business_name', { business_name: 'Nope' }, 'business_name'],
    ['short password', { password: 'short' }, 'password'],
    ['bad email', { email: 'not-an-email' }, 'email'],
  ])('rejects %s naming the field', async (_label, patch, field) => {
    const res = await register({ username: 'eve', email: 'eve@example.test', password: 'long-enough-1', ...patch });
    expect(res.status).toBe(400);
    expect(res.body.error.details.errors.map((e: { path: string[] }) => e.path.join('.'))).toContain(field);
  });

  it('rejects a duplicate email or username', async () => {
    await register({ username: 'dup', email: 'dup@example.test', password: 'long-enough-1' }).expect(201);
    const sameEmail = await register({ username: 'dup2', email: 'DUP@example.test', password: 'long-enough-1' });
    expect(sameEmail.status).toBe(400);
    const sameName = await register({ username: 'dup', email: 'other@example.test', password: 'long-enough-1' });
    expect(sameName.status).toBe(400);
  });

  it('answers malformed JSON with 400, not 500', async () => {
    const res = await app.http().post(app.api('/auth/register')).set('Content-Type', 'application/json').send('{"username":');
    expect(res.status).toBe(400);
  });
});

describe("Strapi's own /auth/local/register", () => {
  it('still registers customers under /api/v1', async () => {
    const res = await app
      .http()
      .post(app.api('/auth/local/register'))
      .send({ username: 'plain', email: 'plain@example.test', password: 'long-enough-1' });
    expect(res.status).toBe(200);
    const row = await app.strapi.db
      .query('plugin::users-permissions.user')
      .findOne({ where: { username: 'plain' }, populate: ['role'] });
    expect(row.role.type).toBe('authenticated');
  });

  it.each([{ role: 3 }, { confirmed: true }, { blocked: true }, { role: { connect: [1] } }])(
    'rejects injected %j',
    async (extra) => {
      const before = await userCount();
      const res = await app
        .http()
        .post(app.api('/auth/local/register'))
        .send({ username: 'inj', email: 'inj@example.test', password: 'long-enough-1', ...extra });
      expect(res.status).toBe(400);
      expect(await userCount()).toBe(before);
    }
  );

  it('logs in with /auth/local and blocked users cannot', async () => {
    await register({ username: 'blocky', email: 'blocky@example.test', password: 'long-enough-1' }).expect(201);
    const ok = await app
      .http()
      .post(app.api('/auth/local'))
      .send({ identifier: 'blocky@example.test', password: 'long-enough-1' });
    expect(ok.status).toBe(200);
    await app.strapi.db
      .query('plugin::users-permissions.user')
      .update({ where: { username: 'blocky' }, data: { blocked: true } });
    const blocked = await app
      .http()
      .post(app.api('/auth/local'))
      .send({ identifier: 'blocky@example.test', password: 'long-enough-1' });
    expect(blocked.status).toBeGreaterThanOrEqual(400);
    expect(blocked.status).toBeLessThan(500);
    const me = await app.http().get(app.api('/users/me')).set('Authorization', `Bearer ${ok.body.jwt}`);
    expect(me.status).toBeGreaterThanOrEqual(401);
    expect(me.status).toBeLessThan(500);
  });
});
