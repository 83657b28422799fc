import crypto from 'node:crypto';
import type { TestApp } from './app';

export const PASSWORD = 'Correct-Horse-9';

export interface TestUser {
  id: number;
  documentId: string;
  email: string;
  username: string;
  password: string;
  jwt: string;
  auth: { Authorization: string };
}

export interface TestVendor extends TestUser {
  profile: { id: number; documentId: string; business_name: string };
}

const unique = (prefix: string) => `${prefix}-${crypto.randomBytes(4).toString('hex')}`;

const roleId = async (app: TestApp, type: 'authenticated' | 'vendor') =>
  (await app.strapi.db.query('plugin::users-permissions.role').findOne({ where: { type } })).id;

/** An access token minted the way login does (SessionManager), valid for 15 minutes. */
const issueJwt = async (app: TestApp, id: number): Promise<string> => {
  const sessions = app.strapi.sessionManager('users-permissions');
  const refresh = await sessions.generateRefreshToken(String(id), crypto.randomUUID(), { type: 'refresh' });
  const access = await sessions.generateAccessToken(refresh.token);
  if ('error' in access) throw new Error(`test token for user ${id}: ${access.error}`);
  return access.token;
};

/** A confirmed user of the given role, created through the users-permissions user service, with a JWT. */
const addUser = async (
  app: TestApp,
  role: 'authenticated' | 'vendor',
  fields: Record<string, unknown> = {}
): Promise<TestUser> => {
  const username = unique(role === 'vendor' ? 'vendor' : 'customer');
  const user = await app.strapi
    .plugin('users-permissions')
    .service('user')
    .add({
      username,
      email: `${username}@example.test`,
      password: PASSWORD,
      provider: 'local',
      confirmed: true,
      blocked: false,
      role: await roleId(app, role),
      ...fields,
    });
  const jwt = await issueJwt(app, user.id);
  return {
    id: user.id,
    documentId: user.documentId,
    email: user.email,
    username,
    password: PASSWORD,
    jwt,
    auth: { Authorization: `Bearer ${jwt}` },
  };
};

/** A signed-in customer (users-permissions role type `authenticated`). */
export const createCustomer = (app: TestApp, fields: Record<string, unknown> = {}): Promise<TestUser> =>
  addUser(app, 'authenticated', fields);

/** A vendor user with its vendor profile in the given verification status. */
export const createVendor = async (
  app: TestApp,
  options: { status?: 'pending' | 'approved' | 'rejected' | 'suspended'; profile?: Record<string, unknown> } = {}
): Promise<TestVendor> => {
  const user = await addUser(app, 'vendor');
  const profile = await app.strapi.documents('api::vendor-profile.vendor-profile').create({
    data: {
      user: user.id,
      business_name: `${user.username} Events`,
      verification_status: options.status ?? 'approved',
      ...options.profile,
    } as never,
  });
  return {
    ...user,
    profile: { id: Number(profile.id), documentId: profile.documentId, business_name: profile.business_name as string },
  };
};

export const login = async (app: TestApp, identifier: string, password: string) =>
  app.http().post(app.api('/auth/local')).send({ identifier, password });
