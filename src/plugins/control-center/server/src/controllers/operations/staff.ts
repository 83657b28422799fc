import { errors } from '@strapi/utils';
import type { Context } from 'koa';
import type { StaffActor } from '../../../../../../api/admin-action/audit';

interface StaffState {
  user?: { id?: number; email?: string } | null;
  auth?: { strategy?: { name?: string }; credentials?: { id?: number | string } | null };
}

const TOKEN_STRATEGIES = ['api-token', 'content-api-token'];

/**
 * Who is acting on a control-center route: the signed-in admin (admin routes, /control-center/...) or the API
 * token (content-api routes, /api/v1/admin/...). Anyone else — a customer or vendor JWT — is refused.
 */
export const staffActorOf = (ctx: Context): Extract<StaffActor, { kind: 'admin' | 'token' }> => {
  const state = ctx.state as StaffState;
  const strategy = state.auth?.strategy?.name ?? '';
  if (strategy === 'admin' && typeof state.user?.id === 'number') {
    return { kind: 'admin', adminId: state.user.id, email: state.user.email ?? null };
  }
  if (TOKEN_STRATEGIES.includes(strategy) && state.auth?.credentials?.id !== undefined) {
    return { kind: 'token', tokenId: state.auth.credentials.id };
  }
  throw new errors.ForbiddenError('Staff only: sign in to the admin panel or use an API token');
};

export const ok = (ctx: Context, data: unknown, meta: Record<string, unknown> = {}) => {
  ctx.body = { data, meta };
};
