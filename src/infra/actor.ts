import { errors } from '@strapi/utils';
import type { Context } from 'koa';

/** Who is asking. Staff are admin API tokens (automation) — users never become staff. */
export type Actor = { kind: 'user'; userId: number; role: 'customer' | 'vendor' } | { kind: 'staff'; tokenId: number | string };

interface AuthState {
  user?: { id: number; role?: { type?: string } | null } | null;
  auth?: { strategy?: { name?: string }; credentials?: { id?: number | string } | null };
}

/**
 * Who is calling, from what Strapi authenticated: a users-permissions user (customer or vendor) or an
 * admin API token (staff automation). Routes decide which kinds they accept.
 */
export const actorOf = (ctx: Context): Actor => {
  const state = ctx.state as AuthState;
  if (['content-api-token', 'api-token'].includes(state.auth?.strategy?.name ?? '')) {
    return { kind: 'staff', tokenId: state.auth?.credentials?.id ?? 'api-token' };
  }
  if (state.user?.id) {
    return { kind: 'user', userId: state.user.id, role: state.user.role?.type === 'vendor' ? 'vendor' : 'customer' };
  }
  throw new errors.UnauthorizedError('Sign in to do this');
};

export const userActorOf = (ctx: Context): Extract<Actor, { kind: 'user' }> => {
  const actor = actorOf(ctx);
  if (actor.kind !== 'user') throw new errors.ForbiddenError('This action is for signed-in users');
  return actor;
};
