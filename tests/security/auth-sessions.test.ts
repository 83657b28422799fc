import jwt from 'jsonwebtoken';
import { startApp, type TestApp } from '../harness/app';
import { TEST_ENV } from '../harness/test-env';

let app: TestApp;
beforeAll(async () => {
  app = await startApp();
});
afterAll(async () => {
  await app.stop();
});

const post = (path: string, body: unknown) =>
  app
    .http()
    .post(app.api(path))
    .send(body as object);
const me = (token: string) => app.http().get(app.api('/users/me')).set('Authorization', `Bearer ${token}`);
let counter = 0;
const register = async () => {
  counter += 1;
  const res = await post('/auth/register', {
    username: `sess${counter}`,
    email: `sess${counter}@example.test`,
    password: 'long-enough-1',
  });
  expect(res.status).toBe(201);
  return { ...res.body, identifier: `sess${counter}@example.test`, password: 'long-enough-1' } as {
    jwt: string;
    refreshToken: string;
    user: { id: number };
    identifier: string;
    password: string;
  };
};

describe('tokens', () => {
  it('register and login return a short-lived access JWT and a refresh token', async () => {
    const account = await register();
    expect(account.refreshToken).toEqual(expect.any(String));
    expect((await me(account.jwt)).status).toBe(200);
    const payload = jwt.decode(account.jwt) as { exp: number; iat: number; type: string };
    expect(payload.type).toBe('access');
    expect(payload.exp - payload.iat).toBe(15 * 60);

    const login = await post('/auth/login', { identifier: account.identifier, password: account.password });
    expect(login.status).toBe(200);
    expect(login.body).toMatchObject({ jwt: expect.any(String), refreshToken: expect.any(String), user: { role: 'customer' } });
    expect(JSON.stringify(login.body)).not.toContain('"password"');
  });

  it('login failures: one 401 for unknown identifier and wrong password; 400 for bad bodies; blocked users refused', async () => {
    const account = await register();
    const wrong = await post('/auth/login', { identifier: account.identifier, password: 'not-the-password' });
    const unknown = await post('/auth/login', { identifier: 'nobody@example.test', password: 'whatever-123' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(unknown.body.error.message).toBe(wrong.body.error.message);
    for (const body of [
      {},
      { identifier: account.identifier },
      { identifier: account.identifier, password: 'x', role: 'admin' },
      { identifier: { $ne: null }, password: 'x' },
    ]) {
      expect((await post('/auth/login', body)).status).toBe(400);
    }
    await app.strapi.db
      .query('plugin::users-permissions.user')
      .update({ where: { id: account.user.id }, data: { blocked: true } });
    expect((await post('/auth/login', { identifier: account.identifier, password: account.password })).status).toBe(403);
    expect((await me(account.jwt)).status).toBe(401);
  });

  it('rotates refresh tokens; reusing a dead one is a 401 and revokes the whole family', async () => {
    const account = await register();
    const first = await post('/auth/refresh-token', { refreshToken: account.refreshToken });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ jwt: expect.any(String), refreshToken: expect.any(String) });
    expect(first.body.refreshToken).not.toBe(account.refreshToken);
    expect((await me(first.body.jwt)).status).toBe(200);

    const second = await post('/auth/refresh-token', { refreshToken: first.body.refreshToken });
    expect(second.status).toBe(200);

    // The first token is dead; presenting it again looks like theft: 401, and the newest token dies too.
    const replay = await post('/auth/refresh-token', { refreshToken: account.refreshToken });
    expect(replay.status).toBe(401);
    expect(replay.body.error.name).toBe('UnauthorizedError');
    expect((await post('/auth/refresh-token', { refreshToken: second.body.refreshToken })).status).toBe(401);
  });

  it('logout revokes the refresh token; other devices keep theirs', async () => {
    const account = await register();
    const otherDevice = await post('/auth/login', {
      identifier: account.identifier,
      password: account.password,
      device_id: 'phone',
    });
    expect((await post('/auth/logout', { refreshToken: account.refreshToken })).status).toBe(200);
    expect((await post('/auth/refresh-token', { refreshToken: account.refreshToken })).status).toBe(401);
    expect((await post('/auth/refresh-token', { refreshToken: otherDevice.body.refreshToken })).status).toBe(200);
  });

  it('a password change revokes the other refresh tokens', async () => {
    const account = await register();
    const change = await app
      .http()
      .post(app.api('/auth/change-password'))
      .set('Authorization', `Bearer ${account.jwt}`)
      .send({ currentPassword: account.password, password: 'brand-new-pass-1', passwordConfirmation: 'brand-new-pass-1' });
    expect(change.status).toBe(200);
    expect((await post('/auth/refresh-token', { refreshToken: account.refreshToken })).status).toBe(401);
    expect((await post('/auth/login', { identifier: account.identifier, password: 'brand-new-pass-1' })).status).toBe(200);
  });

  it('blocking a user revokes their refresh tokens', async () => {
    const account = await register();
    await app.strapi.documents('plugin::users-permissions.user').update({
      documentId: (await app.strapi.db.query('plugin::users-permissions.user').findOne({ where: { id: account.user.id } }))
        .documentId,
      data: { blocked: true } as never,
    });
    expect((await post('/auth/refresh-token', { refreshToken: account.refreshToken })).status).toBe(401);
    const sessions = await app.strapi.db.query('admin::session').count({ where: { userId: String(account.user.id) } });
    expect(sessions).toBe(0);
  });

  it.each([
    ['garbage', () => 'not-a-jwt'],
    [
      'alg none',
      () =>
        `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${Buffer.from(JSON.stringify({ userId: '1', type: 'access' })).toString('base64url')}.`,
    ],
    ['wrong signature', () => jwt.sign({ userId: '1', sessionId: 'x', type: 'access' }, 'not-our-secret')],
    [
      'expired',
      () =>
        jwt.sign({ userId: '1', sessionId: 'x', type: 'access', exp: Math.floor(Date.now() / 1000) - 60 }, TEST_ENV.JWT_SECRET),
    ],
    ['a refresh token used as access token', () => 'REFRESH'],
  ])('rejects %s with 401', async (_label, make) => {
    let token = make();
    if (token === 'REFRESH') token = (await register()).refreshToken;
    const res = await me(token);
    expect(res.status).toBe(401);
    expect(res.body.error.name).toBe('UnauthorizedError');
  });

  it('a deleted user’s tokens stop working', async () => {
    const account = await register();
    await app.strapi.db.query('plugin::users-permissions.user').delete({ where: { id: account.user.id } });
    expect((await me(account.jwt)).status).toBe(401);
    expect((await post('/auth/refresh-token', { refreshToken: account.refreshToken })).status).toBe(401);
  });

  it('refresh and logout reject forged or malformed tokens', async () => {
    const forged = jwt.sign({ userId: '1', sessionId: 'nope', type: 'refresh' }, 'not-our-secret');
    expect((await post('/auth/refresh-token', { refreshToken: forged })).status).toBe(401);
    expect((await post('/auth/logout', { refreshToken: forged })).status).toBe(401);
    expect((await post('/auth/refresh-token', {})).status).toBe(400);
    expect((await post('/auth/refresh-token', { refreshToken: 42 })).status).toBe(400);
  });
});
