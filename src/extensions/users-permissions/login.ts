import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import bcrypt from 'bcryptjs';
import { z } from 'zod';
import { parseOrThrow } from '../../infra/validation';

export const loginSchema = z.strictObject({
  identifier: z.string().trim().min(1).max(255),
  password: z.string().min(1).max(128),
  device_id: z.string().trim().min(1).max(100).optional(),
});

export const refreshSchema = z.strictObject({ refreshToken: z.string().min(10).max(4096) });

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
