import type { Core } from '@strapi/strapi';
import { workspaceInvitationText } from '../../../domain/admin/messages';
import { createWorkTracker } from '../../../infra/drain';
import { VENDOR_ADMIN_ROLE } from '../workspace';

/**
 * A vendor's admin-panel account for the workspace (docs/vendor-dashboard.md, "Workspace in the admin panel").
 *
 * - approve: the vendor's admin user is created with the Vendor role (or an existing admin user with the vendor's
 *   login e-mail is linked and given the role), `vendor_profiles.admin_user` records it, and after commit an
 *   invitation with Strapi's registration link (`<admin url>/auth/register?registrationToken=…`) is e-mailed
 *   through the e-mail plugin. Strapi's own registration page sets the password and activates the user.
 * - suspend / reject: the admin user is `blocked` and, when the Vendor role is its only role, made inactive —
 *   Strapi 5.54 itself only checks `isActive` at login and on every admin request (`blocked` is enforced for API
 *   tokens only), so inactive is what actually shuts the door; an unused registration link is voided.
 * - reinstate (approve again): unblocked; active again if the password was set, otherwise a fresh link is sent.
 *
 * Called by the control center's vendor actions inside their transaction; the e-mail goes after commit.
 */

const PROFILE = 'api::vendor-profile.vendor-profile';
const ADMIN_USER = 'admin::user';
const ADMIN_ROLE = 'admin::role';

type Status = 'pending' | 'approved' | 'rejected' | 'suspended';

interface ProfileRow {
  id: number;
  documentId: string;
  business_name: string;
  verification_status: Status;
  user: { id: number; email: string; first_name?: string | null; last_name?: string | null; username: string } | null;
  admin_user: { id: number } | null;
}

interface AdminUserRow {
  id: number;
  email: string;
  isActive: boolean | null;
  blocked: boolean | null;
  password: string | null;
  registrationToken: string | null;
  roles: { id: number; code: string }[];
}

interface TokenService {
  createToken(): string;
}

export interface WorkspaceProfile {
  id: number;
  documentId: string;
  business_name: string;
  verification_status: Status;
}

export interface InvitationResult {
  adminUserId: number;
  created: boolean;
  invited: boolean;
}

const workspaceAccess = ({ strapi }: { strapi: Core.Strapi }) => {
  const inflight = createWorkTracker();

  const vendorRoleId = async (): Promise<number> => {
    const role = (await strapi.db.query(ADMIN_ROLE).findOne({ where: { code: VENDOR_ADMIN_ROLE.code }, select: ['id'] })) as {
      id: number;
    } | null;
    if (!role) throw new Error(`admin role ${VENDOR_ADMIN_ROLE.code} missing (reconciled at boot)`);
    return role.id;
  };

  const loadProfile = async (profileId: number): Promise<ProfileRow | null> =>
    (await strapi.db.query(PROFILE).findOne({
      where: { id: profileId },
      select: ['id', 'documentId', 'business_name', 'verification_status'],
      populate: {
        user: { select: ['id', 'email', 'username', 'first_name', 'last_name'] },
        admin_user: { select: ['id'] },
      },
    })) as ProfileRow | null;

  const loadAdminUser = async (where: Record<string, unknown>): Promise<AdminUserRow | null> =>
    (await strapi.db.query(ADMIN_USER).findOne({
      where,
      select: ['id', 'email', 'isActive', 'blocked', 'password', 'registrationToken'],
      populate: { roles: { select: ['id', 'code'] } },
    })) as AdminUserRow | null;

  const registered = (user: AdminUserRow) => Boolean(user.password) && !user.registrationToken;
  const onlyVendor = (user: AdminUserRow) => user.roles.every((role) => role.code === VENDOR_ADMIN_ROLE.code);

  const adminUrl = (): string => {
    const configured = String(strapi.config.get('admin.absoluteUrl', '/admin'));
    if (/^https?:\/\//.test(configured)) return configured.replace(/\/$/, '');
    const server = String(strapi.config.get('server.absoluteUrl', 'http://localhost:1337'));
    return `${server.replace(/\/$/, '')}/${configured.replace(/^\//, '')}`.replace(/\/$/, '');
  };

  /** The registration link of a pending admin user (null once the password is set). */
  const registrationLink = (token: string) => `${adminUrl()}/auth/register?registrationToken=${encodeURIComponent(token)}`;

  /** After the caller's transaction commits: e-mail the invitation (a failure is logged, the link can be re-sent). */
  const sendInvitationAfterCommit = (onCommit: (fn: () => void) => void, to: string, businessName: string, token: string) => {
    onCommit(() => {
      void inflight.track(
        () =>
          strapi
            .plugin('email')
            .service('email')
            .send({ to, ...workspaceInvitationText(businessName, registrationLink(token)) }),
        (error) => strapi.log.error(`[workspace] invitation to ${to} not sent: ${(error as Error).message}`)
      );
    });
  };

  const access = {
    VENDOR_ROLE: VENDOR_ADMIN_ROLE.code,

    registrationLink,

    /**
     * Brings the vendor's admin account in line with the profile's new verification status (see the top of the
     * file). Runs in the caller's transaction when there is one.
     */
    async syncWithStatus(profileId: number): Promise<InvitationResult | null> {
      return strapi.db.transaction(async ({ onCommit }) => {
        const profile = await loadProfile(profileId);
        if (!profile) return null;
        const approved = profile.verification_status === 'approved';
        let user = profile.admin_user ? await loadAdminUser({ id: profile.admin_user.id }) : null;
        if (!user && !approved) return null;
        const roleId = await vendorRoleId();
        let created = false;

        if (!user) {
          const email = profile.user?.email?.toLowerCase();
          if (!email) return null;
          user = await loadAdminUser({ email });
          if (user) {
            if (!user.roles.some((role) => role.id === roleId)) {
              await strapi.db.query(ADMIN_USER).update({
                where: { id: user.id },
                data: { roles: [...user.roles.map((role) => role.id), roleId] },
              });
            }
          } else {
            const row = (await strapi.db.query(ADMIN_USER).create({
              data: {
                email,
                firstname: profile.user?.first_name || profile.business_name.slice(0, 60),
                lastname: profile.user?.last_name || null,
                isActive: false,
                blocked: false,
                registrationToken: (strapi.service('admin::token') as unknown as TokenService).createToken(),
                roles: [roleId],
              },
            })) as { id: number };
            created = true;
            user = (await loadAdminUser({ id: row.id })) as AdminUserRow;
          }
          await strapi.db.query(PROFILE).update({ where: { id: profile.id }, data: { admin_user: user.id } });
        }

        let invited = false;
        if (approved) {
          const data: Record<string, unknown> = { blocked: false };
          if (registered(user)) data.isActive = true;
          else {
            // A pending account (new, or its link voided by a suspension): a fresh link, e-mailed after commit.
            const token = user.registrationToken ?? (strapi.service('admin::token') as unknown as TokenService).createToken();
            data.registrationToken = token;
            sendInvitationAfterCommit(onCommit, user.email, profile.business_name, token);
            await strapi.db.query(PROFILE).update({
              where: { id: profile.id },
              data: { workspace_invited_at: new Date().toISOString() },
            });
            invited = true;
          }
          await strapi.db.query(ADMIN_USER).update({ where: { id: user.id }, data });
        } else {
          const data: Record<string, unknown> = { blocked: true };
          if (onlyVendor(user)) data.isActive = false;
          if (!registered(user)) data.registrationToken = null;
          await strapi.db.query(ADMIN_USER).update({ where: { id: user.id }, data });
        }
        return { adminUserId: user.id, created, invited };
      });
    },

    /**
     * The vendor profile an admin user works for (the workspace's scope), or null when it has none. A blocked
     * admin user or a profile that is not approved has no workspace either.
     */
    async profileOfAdmin(adminUserId: number): Promise<WorkspaceProfile | null> {
      const row = (await strapi.db.query(PROFILE).findOne({
        where: { admin_user: { id: adminUserId } },
        select: ['id', 'documentId', 'business_name', 'verification_status'],
        populate: { admin_user: { select: ['id', 'blocked'] } },
      })) as (WorkspaceProfile & { admin_user: { blocked: boolean | null } | null }) | null;
      if (!row || row.admin_user?.blocked) return null;
      const { admin_user: _admin, ...profile } = row;
      return profile;
    },

    /** A vendor profile by documentId (staff reading a workspace "as" the vendor). */
    async profileByDocumentId(documentId: string): Promise<WorkspaceProfile | null> {
      if (!/^[A-Za-z0-9_-]{1,64}$/.test(documentId)) return null;
      return (await strapi.db.query(PROFILE).findOne({
        where: { documentId },
        select: ['id', 'documentId', 'business_name', 'verification_status'],
      })) as WorkspaceProfile | null;
    },

    /** The users-permissions user of a vendor profile (the REST trees' services key on it). */
    async vendorUserId(profileId: number): Promise<number | null> {
      const row = (await strapi.db.query(PROFILE).findOne({
        where: { id: profileId },
        select: ['id'],
        populate: { user: { select: ['id'] } },
      })) as { user: { id: number } | null } | null;
      return row?.user?.id ?? null;
    },

    /**
     * Demo data: an approved vendor's admin user, active with a known password (no invitation). Idempotent.
     */
    async ensureActiveAccount(profileId: number, password: string): Promise<number | null> {
      const profile = await loadProfile(profileId);
      if (!profile?.user?.email || profile.verification_status !== 'approved') return null;
      const existing = profile.admin_user ? await loadAdminUser({ id: profile.admin_user.id }) : null;
      if (existing && registered(existing)) return existing.id;
      const roleId = await vendorRoleId();
      const userService = strapi.service('admin::user') as unknown as {
        create(data: Record<string, unknown>): Promise<{ id: number }>;
        updateById(id: number, data: Record<string, unknown>): Promise<unknown>;
      };
      const email = profile.user.email.toLowerCase();
      const other = existing ?? (await loadAdminUser({ email }));
      const fields = { password, isActive: true, blocked: false, registrationToken: null };
      const id = other
        ? (await userService.updateById(other.id, fields), other.id)
        : (
            await userService.create({
              email,
              firstname: profile.user.first_name || profile.business_name.slice(0, 60),
              lastname: profile.user.last_name || null,
              roles: [roleId],
              ...fields,
            })
          ).id;
      if (other && !other.roles.some((role) => role.id === roleId)) {
        await strapi.db.query(ADMIN_USER).update({ where: { id }, data: { roles: [...other.roles.map((r) => r.id), roleId] } });
      }
      await strapi.db.query(PROFILE).update({ where: { id: profile.id }, data: { admin_user: id } });
      return id;
    },

    /** Waits for invitations being sent (shutdown). */
    drain: (timeoutMs?: number) => inflight.drain(timeoutMs),
  };
  return access;
};

export default workspaceAccess;
export type WorkspaceAccess = ReturnType<typeof workspaceAccess>;
