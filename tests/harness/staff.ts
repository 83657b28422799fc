import crypto from 'node:crypto';
import type { TestApp } from './app';

/** Admin-panel staff and API tokens for control-center tests. */

export const STAFF_PASSWORD = 'Staff-Pass-12345';

export const STAFF_ROLE_CODES = {
  superAdmin: 'strapi-super-admin',
  platformManager: 'tofimotia-platform-manager',
  moderator: 'tofimotia-moderator',
  support: 'tofimotia-support',
} as const;
export type StaffRoleName = keyof typeof STAFF_ROLE_CODES;

export interface Staff {
  id: number;
  email: string;
  /** Admin JWT for /admin and /<plugin> admin routes. */
  token: string;
  auth: { Authorization: string };
}

/** Creates an active admin user with one staff role and signs them in through /admin/login. */
export const createStaff = async (app: TestApp, role: StaffRoleName): Promise<Staff> => {
  const code = STAFF_ROLE_CODES[role];
  const roleRow = (await app.strapi.db.query('admin::role').findOne({ where: { code } })) as { id: number } | null;
  if (!roleRow) throw new Error(`admin role ${code} missing`);
  const email = `${role.toLowerCase()}-${crypto.randomBytes(4).toString('hex')}@staff.test`;
  const user = (await app.strapi.service('admin::user').create({
    email,
    firstname: 'Test',
    lastname: role,
    password: STAFF_PASSWORD,
    isActive: true,
    registrationToken: null,
    roles: [roleRow.id],
  })) as { id: number };
  const login = await app.http().post('/admin/login').send({ email, password: STAFF_PASSWORD });
  if (login.status !== 200) throw new Error(`admin login failed: ${login.status} ${JSON.stringify(login.body)}`);
  const token = login.body.data.token as string;
  return { id: user.id, email, token, auth: { Authorization: `Bearer ${token}` } };
};

export interface ApiToken {
  accessKey: string;
  auth: { Authorization: string };
}

/**
 * A content-api token: `full-access`, `read-only`, or `custom` with exactly the given action ids
 * (e.g. 'plugin::control-center.vendors.find').
 */
export const createApiToken = async (
  app: TestApp,
  type: 'full-access' | 'read-only' | 'custom',
  permissions: string[] = []
): Promise<ApiToken> => {
  const token = (await app.strapi.service('admin::api-token').create({
    name: `test-${type}-${crypto.randomBytes(4).toString('hex')}`,
    kind: 'content-api',
    type,
    lifespan: null,
    description: '',
    ...(type === 'custom' ? { permissions } : {}),
  })) as { accessKey: string };
  return { accessKey: token.accessKey, auth: { Authorization: `Bearer ${token.accessKey}` } };
};
