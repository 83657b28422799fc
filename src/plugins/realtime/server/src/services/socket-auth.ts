import type { Core } from '@strapi/strapi';
import { displayName, type ChatUserRow } from '../../../../../api/conversation/conversation-view';

/** Who a socket belongs to, fixed at the handshake (kept in socket.data, so it must stay plain JSON). */
export type Principal =
  | {
      kind: 'user';
      userId: number;
      documentId: string;
      name: string;
      role: 'customer' | 'vendor';
      /** documentId of the vendor profile (vendors only). */
      vendor: string | null;
      /** Access-token expiry, seconds since the epoch. */
      exp: number;
    }
  | { kind: 'staff'; adminId: number; exp: number };

export const principalKey = (principal: Principal): string =>
  principal.kind === 'user' ? `user:${principal.userId}` : `admin:${principal.adminId}`;

interface AccessPayload {
  userId?: string;
  sessionId?: string;
  type?: string;
  exp?: number;
}

type UserRow = ChatUserRow & {
  blocked?: boolean | null;
  confirmed?: boolean | null;
  vendor_profile?: { documentId?: string; business_name?: string | null } | null;
};

/**
 * Socket handshake authentication, with the same checks as the HTTP strategies:
 * a users-permissions access token (SessionManager origin `users-permissions`: signature, expiry, type
 * `access`), its session still active (logout, rotation reuse and blocking revoke sessions), the user
 * existing, not blocked, and confirmed when e-mail confirmation is on; or an admin-panel access token
 * (origin `admin`) with an active session and an active admin user, who becomes staff.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const verifyWith = (origin: 'users-permissions' | 'admin', token: string): AccessPayload | null => {
    try {
      const result = strapi.sessionManager(origin).validateAccessToken(token) as {
        isValid: boolean;
        payload: AccessPayload | null;
      };
      return result.isValid && result.payload?.type === 'access' && result.payload.sessionId && result.payload.userId
        ? result.payload
        : null;
    } catch {
      return null;
    }
  };

  const sessionActive = async (origin: 'users-permissions' | 'admin', sessionId: string): Promise<boolean> =>
    Boolean(await strapi.sessionManager(origin).isSessionActive(sessionId));

  const emailConfirmationRequired = async (): Promise<boolean> => {
    const advanced = (await strapi.store({ type: 'plugin', name: 'users-permissions' }).get({ key: 'advanced' })) as {
      email_confirmation?: boolean;
    } | null;
    return Boolean(advanced?.email_confirmation);
  };

  const asUser = async (payload: AccessPayload): Promise<Principal | null> => {
    if (!(await sessionActive('users-permissions', payload.sessionId as string))) return null;
    const user = (await strapi.db.query('plugin::users-permissions.user').findOne({
      where: { id: Number(payload.userId) },
      select: ['id', 'documentId', 'username', 'first_name', 'last_name', 'blocked', 'confirmed'],
      populate: { role: { select: ['type'] }, vendor_profile: { select: ['documentId', 'business_name'] } },
    })) as UserRow | null;
    if (!user || user.blocked) return null;
    if (!user.confirmed && (await emailConfirmationRequired())) return null;
    const role = user.role?.type === 'vendor' ? 'vendor' : 'customer';
    return {
      kind: 'user',
      userId: user.id,
      documentId: user.documentId,
      name: displayName(user),
      role,
      vendor: role === 'vendor' ? (user.vendor_profile?.documentId ?? null) : null,
      exp: Number(payload.exp),
    };
  };

  const asStaff = async (payload: AccessPayload): Promise<Principal | null> => {
    if (!(await sessionActive('admin', payload.sessionId as string))) return null;
    const admin = (await strapi.db
      .query('admin::user')
      .findOne({ where: { id: Number(payload.userId) }, select: ['id', 'isActive', 'blocked'] })) as {
      id: number;
      isActive?: boolean;
      blocked?: boolean;
    } | null;
    if (!admin || admin.isActive !== true || admin.blocked) return null;
    return { kind: 'staff', adminId: admin.id, exp: Number(payload.exp) };
  };

  return {
    /** The principal for a handshake token, or null (missing, malformed, expired, revoked, blocked). */
    async authenticate(token: unknown): Promise<Principal | null> {
      if (typeof token !== 'string' || token.length === 0 || token.length > 4096) return null;
      const user = verifyWith('users-permissions', token);
      if (user) return asUser(user);
      const staff = verifyWith('admin', token);
      if (staff) return asStaff(staff);
      return null;
    },
  };
};
