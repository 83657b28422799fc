import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import bcrypt from 'bcryptjs';
import { z } from 'zod';
import type { Documents } from '../../infra/openapi-shapes';
import { parseOrThrow } from '../../infra/validation';
import type { AccountView } from './account-view';
import type { SessionTokens } from './sessions';

export const loginSchema = z.strictObject({
  identifier: z.string().trim().min(1).max(255),
  password: z.string().min(1).max(128),
  device_id: z.string().trim().min(1).max(100).optional(),
});

export const refreshSchema = z.strictObject({ refreshToken: z.string().min(10).max(4096) });

/* Answers of the contract's auth endpoints, for the OpenAPI document (see src/infra/openapi-shapes.ts). */

/** The signed-in user as account-view.ts `loadAccountView` builds it. */
export const accountSchema = z.object({
  id: z.number().int(),
  documentId: z.string(),
  username: z.string(),
  email: z.string(),
  confirmed: z.boolean(),
  blocked: z.boolean(),
  role: z.enum(['customer', 'vendor']),
  first_name: z.string().nullable(),
  last_name: z.string().nullable(),
  vendor_profile: z.object({ documentId: z.string(), business_name: z.string(), verification_status: z.string() }).nullable(),
  createdAt: z.string().meta({ format: 'date-time' }),
});

export const sessionTokensSchema = z
  .object({
    jwt: z.string().describe('Short-lived access token (Authorization: Bearer …)'),
    refreshToken: z.string().describe('Single use: POST /auth/refresh-token rotates it, reusing an old one revokes the session'),
  })
  .describe('A new token pair; the refresh token passed in is dead from now on');

export const authResponseSchema = sessionTokensSchema.extend({ user: accountSchema }).describe('Signed in');

export const registerResponseSchema = z
  .union([authResponseSchema, z.object({ user: accountSchema })])
  .describe('HTTP 201. Signed in, or only { user } when the account must confirm its e-mail first');

export const logoutResponseSchema = z
  .object({ data: z.object({ ok: z.literal(true) }), meta: z.object({}) })
  .describe('That session family is revoked');

export type AccountDocumented = Documents<z.output<typeof accountSchema>, AccountView>;
export type SessionTokensDocumented = Documents<z.output<typeof sessionTokensSchema>, SessionTokens>;

// Compared against when the identifier is unknown, so a miss costs the same time as a wrong password.
const DUMMY_HASH = bcrypt.hashSync('tofimotia-timing-equaliser', 10);

const invalidCredentials = () => new errors.UnauthorizedError('Invalid identifier or password');

/**
 * Password login for `POST /auth/login`: one answer (401) for an unknown identifier and a wrong
 * password; blocked and unconfirmed accounts are refused after the password check, so their
 * state is never revealed to someone who does not know the password.
 */
export const authenticateWithPassword = async (strapi: Core.Strapi, input: unknown) => {
  const { identifier, password, device_id } = parseOrThrow(loginSchema, input ?? {});
  const user = (await strapi.db.query('plugin::users-permissions.user').findOne({
    where: { provider: 'local', $or: [{ email: identifier.toLowerCase() }, { username: identifier }] },
  })) as { id: number; password: string | null; blocked: boolean; confirmed: boolean } | null;
  const matches = await bcrypt.compare(password, user?.password ?? DUMMY_HASH);
  if (!user || !user.password || !matches) throw invalidCredentials();

  const advanced = (await strapi.store({ type: 'plugin', name: 'users-permissions', key: 'advanced' }).get()) as {
    email_confirmation?: boolean;
  } | null;
  if (advanced?.email_confirmation && !user.confirmed) throw new errors.ForbiddenError('Your account email is not confirmed');
  if (user.blocked) throw new errors.ForbiddenError('Your account has been blocked');
  return { userId: user.id, deviceId: device_id };
};
