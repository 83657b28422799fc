/**
 * The vendor workspace in the admin panel (docs/vendor-dashboard.md, "Workspace in the admin panel"): the names
 * shared by the boot step that reconciles the Vendor admin role (src/bootstrap/admin-roles.ts), the account
 * service of this API (services/workspace-access.ts) and the vendor-dashboard plugin that registers the action.
 */

/** The plugin that registers the workspace's RBAC action (uid `workspace` → `plugin::vendor-dashboard.workspace`). */
export const WORKSPACE_PLUGIN = 'vendor-dashboard';
export const WORKSPACE_ACTION_UID = 'workspace';
export const WORKSPACE_ACTION = `plugin::${WORKSPACE_PLUGIN}.${WORKSPACE_ACTION_UID}`;

/** The admin role every vendor's admin user holds: the workspace action and nothing else. */
export const VENDOR_ADMIN_ROLE = {
  code: 'tofimotia-vendor',
  name: 'Vendor',
  description: "Vendors' workspace only: their own venues, bookings and figures. No Content Manager, media or settings.",
} as const;
