import type { Core } from '@strapi/strapi';

/**
 * Admin-panel staff roles, reconciled at every boot (assignPermissions diffs, so this is idempotent).
 * Content writes to bookings, payments and invoices are not granted to anyone but Super Admin:
 * those rows change only through the domain services that keep their invariants.
 */
type CmAction = 'create' | 'read' | 'update' | 'delete';

interface StaffRole {
  code: string;
  name: string;
  description: string;
  content: Partial<Record<string, CmAction[]>>;
  plugins: string[];
}

// Narrow views of the admin services we call (they are untyped in @strapi/admin's public types).
interface AdminAction { actionId: string; subjects?: string[] }
interface AdminPermissionService { actionProvider: { get(id: string): AdminAction } }
interface AdminContentTypeService { getPermissionsWithNestedFields(actions: AdminAction[]): object[] }
interface AdminRole { id: number }
interface AdminRoleService {
  findOne(where: { code: string }): Promise<AdminRole | null>;
  create(data: { name: string; code: string; description: string }): Promise<AdminRole>;
  assignPermissions(roleId: number, permissions: object[]): Promise<unknown>;
  getSuperAdmin(): Promise<AdminRole | null>;
}
interface AdminUserService {
  exists(): Promise<boolean>;
  create(data: Record<string, unknown>): Promise<unknown>;
}

const FULL: CmAction[] = ['create', 'read', 'update', 'delete'];
const READ: CmAction[] = ['read'];

export const STAFF_ROLES: StaffRole[] = [
  {
    code: 'tofimotia-platform-manager',
    name: 'Platform Manager',
    description: 'Runs the marketplace: vendors, venues, users, settings; reads bookings, payments and the audit log.',
    content: {
      'api::vendor-profile.vendor-profile': FULL,
      'api::venue.venue': FULL,
      'api::amenity.amenity': FULL,
      'api::blocked-period.blocked-period': FULL,
      'api::pricing-rule.pricing-rule': FULL,
      'api::booking.booking': READ,
      'api::payment.payment': READ,
      'api::invoice.invoice': READ,
      'api::review.review': ['read', 'update'],
      'api::report.report': ['read', 'update'],
      'api::support-ticket.support-ticket': ['read', 'update'],
      'api::system-setting.system-setting': ['read', 'update'],
      'api::admin-action.admin-action': READ,
      'api::analytics-event.analytics-event': READ,
      'api::notification.notification': READ,
      'api::conversation.conversation': READ,
      'api::message.message': READ,
      'plugin::users-permissions.user': ['read', 'update'],
    },
    plugins: ['plugin::upload.read', 'plugin::upload.assets.create', 'plugin::upload.assets.update', 'plugin::upload.assets.download', 'plugin::upload.assets.copy-link'],
  },
  {
    code: 'tofimotia-moderator',
    name: 'Moderator',
    description: 'Moderates reviews and handles reports.',
    content: {
      'api::review.review': ['read', 'update'],
      'api::report.report': ['read', 'update'],
    },
    plugins: [],
  },
  {
    code: 'tofimotia-support',
    name: 'Support',
    description: 'Answers support tickets.',
    content: {
      'api::support-ticket.support-ticket': ['read', 'update'],
    },
    plugins: [],
  },
];

const permissionsFor = (strapi: Core.Strapi, role: StaffRole) => {
  const { actionProvider } = strapi.service('admin::permission') as unknown as AdminPermissionService;
  const contentTypeService = strapi.service('admin::content-type') as unknown as AdminContentTypeService;
  const byAction = new Map<CmAction, string[]>();
  for (const [uid, actions] of Object.entries(role.content)) {
    for (const action of actions ?? []) byAction.set(action, [...(byAction.get(action) ?? []), uid]);
  }
  const actions = [...byAction.entries()].map(([action, subjects]) => ({
    ...actionProvider.get(`plugin::content-manager.explorer.${action}`),
    subjects,
  }));
  return [
    ...contentTypeService.getPermissionsWithNestedFields(actions),
    ...role.plugins.map((action) => ({ action, subject: null, properties: {}, conditions: [] })),
  ];
};

export const ensureStaffRoles = async (strapi: Core.Strapi): Promise<void> => {
  const roleService = strapi.service('admin::role') as unknown as AdminRoleService;
  for (const role of STAFF_ROLES) {
    let existing = await roleService.findOne({ code: role.code });
    if (!existing) {
      existing = await roleService.create({ name: role.name, code: role.code, description: role.description });
      strapi.log.info(`[roles] created admin role ${role.name}`);
    }
    await roleService.assignPermissions(existing.id, permissionsFor(strapi, role));
  }
};

/** The first Super Admin comes from ADMIN_EMAIL / ADMIN_PASSWORD, and only while no admin exists. */
export const ensureFirstSuperAdmin = async (
  strapi: Core.Strapi,
  credentials: { email?: string; password?: string }
): Promise<void> => {
  const { email, password } = credentials;
  if (!email || !password) return;
  const userService = strapi.service('admin::user') as unknown as AdminUserService;
  if (await userService.exists()) return;
  const superAdminRole = await (strapi.service('admin::role') as unknown as AdminRoleService).getSuperAdmin();
  if (!superAdminRole) throw new Error('Super Admin role missing: cannot create the first admin user');
  await userService.create({
    email: email.toLowerCase(),
    firstname: 'Platform',
    lastname: 'Admin',
    password,
    isActive: true,
    registrationToken: null,
    roles: [superAdminRole.id],
  });
  strapi.log.info(`[roles] created first Super Admin ${email}`);
};
