/**
 * The workspace's admin RBAC action: the same id the server registers (server/src/workspace/permissions.ts) and
 * its routes check (server/src/workspace/routes.ts); the Vendor admin role holds only this one.
 */
export const WORKSPACE_ACTION = 'plugin::vendor-dashboard.workspace';
export const WORKSPACE_PERMISSIONS = [{ action: WORKSPACE_ACTION, subject: null }];
