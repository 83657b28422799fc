import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Context } from 'koa';
import { userActorOf } from '../../../infra/actor';

export interface VendorState {
  id: number;
  documentId: string;
  verification_status: 'pending' | 'approved' | 'rejected' | 'suspended';
}

export interface IsVendorConfig {
  /** Also require a verified (approved) vendor profile; a pending vendor may only do setup work. */
  approved?: boolean;
}

/**
 * Route policy `api::venue.is-vendor`: the caller is a signed-in user (401 without one, 403 for an API token,
 * as `userActorOf`) with the vendor role and a vendor profile (403 otherwise). The role's route permissions
 * (src/bootstrap/permissions.ts) are the first gate; this one reads the profile and leaves it in
 * `ctx.state.vendorProfile` for the controller.
 */
export default async (ctx: Context, config: IsVendorConfig, { strapi }: { strapi: Core.Strapi }): Promise<boolean> => {
  const actor = userActorOf(ctx);
  if (actor.role !== 'vendor') throw new errors.ForbiddenError('This is for vendors');
  const profile = (await strapi.db.query('api::vendor-profile.vendor-profile').findOne({
    where: { user: { id: actor.userId } },
    select: ['id', 'documentId', 'verification_status'],
  })) as VendorState | null;
  if (!profile) throw new errors.ForbiddenError('This account has no vendor profile');
  if (config?.approved && profile.verification_status !== 'approved') {
    throw new errors.ForbiddenError('Your vendor profile is not approved yet', {
      verification_status: profile.verification_status,
    });
  }
  ctx.state.vendorProfile = profile;
  return true;
};
