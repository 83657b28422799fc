import type { Core } from '@strapi/strapi';
import { appService } from '../api/app-services';
import { STAFF_ROLES } from '../bootstrap/admin-roles';

/** One demo admin-panel user per staff role, so each role's view of the control center can be tried. */
export const DEMO_STAFF = [
  { code: 'tofimotia-platform-manager', email: 'manager@tofimotia.local', firstname: 'Mia', lastname: 'Manager' },
  { code: 'tofimotia-moderator', email: 'moderator@tofimotia.local', firstname: 'Mo', lastname: 'Moderator' },
  { code: 'tofimotia-support', email: 'support@tofimotia.local', firstname: 'Sam', lastname: 'Support' },
] as const;

interface AdminUserService {
  create(data: Record<string, unknown>): Promise<{ id: number }>;
}

export const seedDemoStaff = async (strapi: Core.Strapi, password: string, log: (line: string) => void) => {
  let created = 0;
  for (const staff of DEMO_STAFF) {
    if (!STAFF_ROLES.some((role) => role.code === staff.code)) throw new Error(`unknown staff role ${staff.code}`);
    const existing = await strapi.db.query('admin::user').findOne({ where: { email: staff.email } });
    if (existing) continue;
    const role = (await strapi.db.query('admin::role').findOne({ where: { code: staff.code } })) as { id: number } | null;
    if (!role) throw new Error(`admin role ${staff.code} missing: staff roles are reconciled at boot`);
    await (strapi.service('admin::user') as unknown as AdminUserService).create({
      email: staff.email,
      firstname: staff.firstname,
      lastname: staff.lastname,
      password,
      isActive: true,
      registrationToken: null,
      roles: [role.id],
    });
    created += 1;
  }
  log(`staff ${DEMO_STAFF.length}/${DEMO_STAFF.length} (${created} new)`);
};

/**
 * The Berlin demo vendor's admin-panel user (Vendor role, workspace only), active with the demo password, linked
 * to its vendor profile — what staff approval plus the invitation would give, without the e-mail.
 */
export const seedDemoVendorWorkspace = async (
  strapi: Core.Strapi,
  email: string,
  password: string,
  log: (line: string) => void
) => {
  const profile = (await strapi.db.query('api::vendor-profile.vendor-profile').findOne({
    where: { user: { email } },
    select: ['id'],
  })) as { id: number } | null;
  if (!profile) throw new Error(`demo vendor ${email} missing`);
  const id = await appService(strapi, 'api::vendor-profile.workspace-access').ensureActiveAccount(profile.id, password);
  log(id ? `vendor workspace user ${email}` : `vendor workspace user ${email} skipped (vendor not approved)`);
};
