import crypto from 'node:crypto';
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import jwt from 'jsonwebtoken';

/**
 * Access + refresh tokens, on Strapi's own SessionManager (users-permissions `jwtManagement: 'refresh'`):
 * short-lived access JWTs, refresh tokens rotated on every use. Sessions are stored server-side by id
 * (the token itself is a signed JWT and never stored), so a database leak cannot mint tokens.
 *
 * On top of Strapi: reuse detection. A refresh token that was already rotated is presented only by
 * someone replaying an old token (stolen, or a client bug); the whole family — every session of that
 * user and device, including the legitimate newest one — is revoked.
 */
const ORIGIN = 'users-permissions';

export interface SessionTokens {
  jwt: string;
  refreshToken: string;
}

interface RefreshClaims {
  userId: string;
  sessionId: string;
  type: string;
}

const sessionManager = (strapi: Core.Strapi) => strapi.sessionManager(ORIGIN);

const invalidRefreshToken = () => new errors.UnauthorizedError('Invalid refresh token');

/** The claims of a refresh token whose signature is ours, or null. */
const verifiedClaims = (strapi: Core.Strapi, token: string): RefreshClaims | null => {
  try {
    const secret = strapi.config.get('plugin::users-permissions.jwtSecret') as string;
    const claims = jwt.verify(token, secret) as RefreshClaims;
    return claims?.type === 'refresh' && claims.sessionId ? claims : null;
  } catch {
    return null;
  }
};

export const issueSessionTokens = async (strapi: Core.Strapi, userId: number, deviceId?: string): Promise<SessionTokens> => {
  const refresh = await sessionManager(strapi).generateRefreshToken(String(userId), deviceId ?? crypto.randomUUID(), {
    type: 'refresh',
  });
  const access = await sessionManager(strapi).generateAccessToken(refresh.token);
  if ('error' in access) throw new Error(`could not mint an access token for user ${userId}: ${access.error}`);
  return { jwt: access.token, refreshToken: refresh.token };
};

export const rotateRefreshToken = async (strapi: Core.Strapi, refreshToken: string): Promise<SessionTokens> => {
  // The account must still exist and be allowed in: a deleted or blocked user's sessions die here.
  const claims = verifiedClaims(strapi, refreshToken);
  if (claims) {
    const user = (await strapi.db
      .query('plugin::users-permissions.user')
      .findOne({ where: { id: Number(claims.userId) }, select: ['id', 'blocked'] })) as { blocked: boolean } | null;
    if (!user || user.blocked) {
      await sessionManager(strapi).invalidateRefreshToken(String(claims.userId));
      throw invalidRefreshToken();
    }
  }
  const rotation = await sessionManager(strapi).rotateRefreshToken(refreshToken);
  if ('error' in rotation) {
    await revokeFamilyOnReuse(strapi, refreshToken);
    throw invalidRefreshToken();
  }
  const access = await sessionManager(strapi).generateAccessToken(rotation.token);
  if ('error' in access) throw invalidRefreshToken();
  return { jwt: access.token, refreshToken: rotation.token };
};

const revokeFamilyOnReuse = async (strapi: Core.Strapi, refreshToken: string) => {
  const claims = verifiedClaims(strapi, refreshToken);
  if (!claims) return;
  const session = (await strapi.db.query('admin::session').findOne({ where: { sessionId: claims.sessionId } })) as {
    status: string;
    deviceId: string | null;
    userId: string;
  } | null;
  if (session?.status !== 'rotated') return;
  await sessionManager(strapi).invalidateRefreshToken(session.userId, session.deviceId ?? undefined);
  strapi.log.warn(`[auth] refresh token reuse for user ${session.userId}: session family revoked`);
};

/** Logout: revokes the family of this refresh token (this device); a forged token is a 401. */
export const revokeRefreshToken = async (strapi: Core.Strapi, refreshToken: string): Promise<void> => {
  const claims = verifiedClaims(strapi, refreshToken);
  if (!claims) throw invalidRefreshToken();
  const session = (await strapi.db.query('admin::session').findOne({ where: { sessionId: claims.sessionId } })) as {
    deviceId: string | null;
    userId: string;
  } | null;
  if (session) await sessionManager(strapi).invalidateRefreshToken(session.userId, session.deviceId ?? undefined);
};

/** Every session of a user (blocking, password reset): their refresh tokens stop working at once. */
export const revokeAllSessions = async (strapi: Core.Strapi, userId: number): Promise<void> => {
  await sessionManager(strapi).invalidateRefreshToken(String(userId));
};
