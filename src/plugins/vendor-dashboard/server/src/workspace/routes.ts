import { WORKSPACE_ACTION } from '../../../../../api/vendor-profile/workspace';

/**
 * Admin routes of the workspace, mounted at /vendor-dashboard/workspace/... (admin JWT). Reads take the vendor's
 * own admin user (workspace action) or staff with the control center's `vendors` action and `?as=<vendor>`;
 * writes need the workspace action itself. The scope policy resolves the vendor profile either way.
 */
const SCOPE = 'plugin::vendor-dashboard.workspace-scope';
const read = ['admin::isAuthenticatedAdmin', SCOPE];
const write = ['admin::isAuthenticatedAdmin', { name: 'admin::hasPermissions', config: { actions: [WORKSPACE_ACTION] } }, SCOPE];

const route = (method: 'GET' | 'POST', path: string, handler: string, policies: unknown[]) => ({
  method,
  path: `/workspace${path}`,
  handler: `workspace.${handler}`,
  config: { policies },
});

export default [
  route('GET', '/overview', 'overview', read),
  route('GET', '/venues', 'venues', read),
  route('GET', '/venues/:id', 'venue', read),
  route('GET', '/bookings/requests', 'requests', read),
  route('POST', '/bookings/requests/:id/approve', 'approve', write),
  route('POST', '/bookings/requests/:id/decline', 'decline', write),
];
