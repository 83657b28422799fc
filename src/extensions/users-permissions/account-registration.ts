import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { z } from 'zod';
import { plainText } from '../../infra/plain-text';
import { parseOrThrow } from '../../infra/validation';

const USER_UID = 'plugin::users-permissions.user';
const ROLE_UID = 'plugin::users-permissions.role';

/** Only these keys are accepted: role, confirmed, blocked, ids or anything else is a 400. */
export const registrationSchema = z
  .strictObject({
    username: z.string().trim().min(3).max(50),
    email: z.email().max(255),
    password: z.string().min(8).max(128),
    role: z.enum(['customer', 'vendor']).default('customer'),
    business_name: z.string().trim().min(2).max(160).optional(),
  })
  .superRefine((body, ctx) => {
    if (body.role === 'vendor' && !body.business_name) {
      ctx.addIssue({ code: 'custom', path: ['business_name'], message: 'business_name is required for vendors' });
    }
    if (body.role === 'customer' && body.business_name) {
      ctx.addIssue({ code: 'custom', path: ['business_name'], message: 'business_name is only accepted for vendors' });
    }
  });

export type Registration = z.infer<typeof registrationSchema>;

const ROLE_TYPE: Record<Registration['role'], string> = { customer: 'authenticated', vendor: 'vendor' };

interface AdvancedSettings {
  allow_register?: boolean;
  email_confirmation?: boolean;
  unique_email?: boolean;
}

const advancedSettings = async (strapi: Core.Strapi): Promise<AdvancedSettings> =>
  ((await strapi.store({ type: 'plugin', name: 'users-permissions', key: 'advanced' }).get()) ?? {}) as AdvancedSettings;

/**
 * Creates a customer or a vendor (with a `pending` vendor profile) in one transaction.
 * Returns the created user row; token issuance stays with the controller.
 */
export const registerAccount = async (strapi: Core.Strapi, input: unknown) => {
  const body = parseOrThrow(registrationSchema, input ?? {});
  const settings = await advancedSettings(strapi);
  if (!settings.allow_register) throw new errors.ForbiddenError('Registration is currently disabled');

  const email = body.email.toLowerCase();
  const taken = await strapi.db.query(USER_UID).count({
    where: { $or: [{ email }, { username: body.username }, { username: email }, { email: body.username.toLowerCase() }] },
  });
  if (taken > 0) {
    throw new errors.ValidationError('Email or username are already taken', { reason: 'ACCOUNT_EXISTS' });
  }

  const role = await strapi.db.query(ROLE_UID).findOne({ where: { type: ROLE_TYPE[body.role] } });
  if (!role) throw new Error(`users-permissions role "${ROLE_TYPE[body.role]}" is missing; boot did not finish`);

  return strapi.db.transaction(async () => {
    const user = await strapi.plugin('users-permissions').service('user').add({
      username: body.username,
      email,
      password: body.password,
      provider: 'local',
      role: role.id,
      confirmed: !settings.email_confirmation,
      blocked: false,
    });
    if (body.role === 'vendor') {
      await strapi.documents('api::vendor-profile.vendor-profile').create({
        data: { user: user.id, business_name: plainText(body.business_name as string), verification_status: 'pending' },
      });
    }
    return { user, emailConfirmation: Boolean(settings.email_confirmation) };
  });
};
