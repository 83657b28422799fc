import type { Core } from '@strapi/strapi';
import { MODERATOR_REPORT_FIELDS, MODERATOR_REVIEW_FIELDS } from '../api/review/document-middleware';
import { SUPPORT_TICKET_FIELDS } from '../api/support-ticket/document-middleware';
import { VENDOR_ADMIN_ROLE, WORKSPACE_ACTION } from '../api/vendor-profile/workspace';

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
  /** Field-level limits: only these fields for this action on this type (enforced by the Content Manager server). */
  fields?: Partial<Record<string, Partial<Record<CmAction, string[]>>>>;
  plugins: string[];
}

// Narrow views of the admin services we call (they are untyped in @strapi/admin's public types).
interface AdminAction {
  actionId: string;
  subjects?: string[];
}
interface AdminPermissionService {
  actionProvider: { get(id: string): AdminAction };
}
interface PermissionRow {
  action: string;
  subject: string | null;
  properties: { fields?: string[] } & Record<string, unknown>;
}
interface AdminContentTypeService {
  getPermissionsWithNestedFields(actions: AdminAction[]): object[];
}
interface AdminRole {
  id: number;
}
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

/** A control-center area action (registered by src/plugins/control-center before this runs). */
const controlCenter = (area: string) => `plugin::control-center.${area}`;

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
    plugins: [
      ...['dashboard', 'users', 'vendors', 'venues', 'moderation', 'tickets', 'audit', 'reports'].map(controlCenter),
      'plugin::upload.read',
      'plugin::upload.assets.create',
      'plugin::upload.assets.update',
      'plugin::upload.assets.download',
      'plugin::upload.assets.copy-link',
    ],
  },
  {
    code: 'tofimotia-moderator',
    name: 'Moderator',
    description: 'Moderates reviews and handles reports.',
    content: {
      'api::review.review': ['read', 'update'],
      'api::report.report': ['read', 'update'],
    },
    // Moderators change a review's status and notes, never the customer's rating or comment (the review
    // Document Service middleware enforces the same for every admin, src/api/review/document-middleware.ts).
    fields: {
      'api::review.review': { update: MODERATOR_REVIEW_FIELDS },
      'api::report.report': { update: MODERATOR_REPORT_FIELDS },
    },
    plugins: [controlCenter('moderation')],
  },
  {
    code: 'tofimotia-support',
    name: 'Support',
    description: 'Answers support tickets.',
    content: {
      'api::support-ticket.support-ticket': ['read', 'update'],
    },
    // Status, priority and assignee only; each change runs through the ticket service (audit, notifications).
    fields: { 'api::support-ticket.support-ticket': { update: SUPPORT_TICKET_FIELDS } },
    plugins: [controlCenter('tickets')],
  },
];

/**
 * Vendors' admin users (created when staff approve a vendor, src/api/vendor-profile/services/workspace-access.ts):
 * the workspace action of the vendor-dashboard plugin and nothing else — no Content Manager, Media Library,
 * settings or other plugins. The workspace's routes scope every query to the vendor's own profile.
 */
export const VENDOR_ROLE: StaffRole = { ...VENDOR_ADMIN_ROLE, content: {}, plugins: [WORKSPACE_ACTION] };

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
  const limited = (contentTypeService.getPermissionsWithNestedFields(actions) as PermissionRow[]).map((permission) => {
    const action = permission.action.replace('plugin::content-manager.explorer.', '') as CmAction;
    const fields = permission.subject ? role.fields?.[permission.subject]?.[action] : undefined;
    return fields ? { ...permission, properties: { ...permission.properties, fields } } : permission;
  });
  return [...limited, ...role.plugins.map((action) => ({ action, subject: null, properties: {}, conditions: [] }))];
};

export const ensureStaffRoles = async (strapi: Core.Strapi): Promise<void> => {
  const roleService = strapi.service('admin::role') as unknown as AdminRoleService;
  for (const role of [...STAFF_ROLES, VENDOR_ROLE]) {
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
