import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Context } from 'koa';
import { appService } from '../../../../../api/app-services';
import { WORKSPACE_ACTION } from '../../../../../api/vendor-profile/workspace';
import type { WorkspaceProfile } from '../../../../../api/vendor-profile/services/workspace-access';

/** The control-center area whose holders may read a vendor's workspace "as" that vendor (support). */
export const SUPPORT_ACTION = 'plugin::control-center.vendors';

/** What the workspace-scope policy resolved for the request: every query of the workspace keys on it. */
export interface WorkspaceScope {
  profile: WorkspaceProfile;
  /** The vendor's users-permissions user: the listing services and the booking engine key on it. */
  vendorUserId: number;
  /** Staff reading the workspace as the vendor: reads only. */
  readOnly: boolean;
  adminUserId: number;
}

interface Ability {
  can(action: string, subject?: unknown): boolean;
}

const READS = new Set(['GET', 'HEAD']);

/**
 * Route policy `plugin::vendor-dashboard.workspace-scope` of every workspace admin route (after
 * `admin::isAuthenticatedAdmin`). `admin::hasPermissions` ignores conditions, so the scope is resolved here:
 * - an admin user holding the workspace action works on the vendor profile linked to it (`vendor_profiles.admin_user`);
 *   none, or not approved any more → 403;
 * - `?as=<vendor profile documentId>`: an admin user holding the control center's `vendors` action reads that
 *   vendor's workspace, read-only (any write → 403; an unknown vendor → 404);
 * - anyone else → 403.
 */
export default async (ctx: Context, _config: unknown, { strapi }: { strapi: Core.Strapi }): Promise<boolean> => {
  const admin = ctx.state.user as { id: number } | undefined;
  const ability = ctx.state.userAbility as Ability | undefined;
  if (!admin?.id || !ability) throw new errors.UnauthorizedError('Sign in to the admin panel');
  const access = appService(strapi, 'api::vendor-profile.workspace-access');
  // A policy gets a copy of the context's own fields: query and method are read from the request.
  const query = (ctx.request.query ?? {}) as Record<string, unknown>;
  const as = typeof query.as === 'string' ? query.as : undefined;

  let profile: WorkspaceProfile | null;
  let readOnly = false;
  if (as !== undefined) {
    if (!ability.can(SUPPORT_ACTION))
      throw new errors.ForbiddenError('Reading a workspace as a vendor needs the vendors permission');
    if (!READS.has(ctx.request.method)) throw new errors.ForbiddenError('Staff read a vendor workspace read-only');
    profile = await access.profileByDocumentId(as);
    if (!profile) throw new errors.NotFoundError('Vendor not found');
    readOnly = true;
  } else {
    if (!ability.can(WORKSPACE_ACTION)) throw new errors.ForbiddenError('This is the vendor workspace');
    profile = await access.profileOfAdmin(admin.id);
    if (!profile) throw new errors.ForbiddenError('This admin user has no vendor profile');
    if (profile.verification_status !== 'approved') {
      throw new errors.ForbiddenError('Your vendor profile is not approved', {
        verification_status: profile.verification_status,
      });
    }
  }
  const vendorUserId = await access.vendorUserId(profile.id);
  if (!vendorUserId) throw new errors.ForbiddenError('This vendor profile has no user');
  const scope: WorkspaceScope = { profile, vendorUserId, readOnly, adminUserId: admin.id };
  ctx.state.workspace = scope;
  return true;
};

/** The scope the policy left on the request. */
export const scopeOf = (ctx: Context): WorkspaceScope => {
  const scope = ctx.state.workspace as WorkspaceScope | undefined;
  if (!scope) throw new errors.ForbiddenError('This is the vendor workspace');
  return scope;
};

/** The query without the `as` parameter (the route contracts are strict). */
export const queryOf = (ctx: Context): Record<string, unknown> => {
  const { as: _as, ...query } = ctx.query as Record<string, unknown>;
  return query;
};
