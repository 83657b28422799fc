import type { Core } from '@strapi/strapi';
import controllers from './controllers';
import { ensureListingTables } from './listing/tables';
import routes from './routes';
import services from './services';
import { WORKSPACE_ACTIONS } from './workspace/permissions';
import workspaceScope from './workspace/scope';

interface ActionProvider {
  registerMany(actions: typeof WORKSPACE_ACTIONS): Promise<void>;
}

/**
 * The vendors' workspace (see docs/vendor-dashboard.md): both REST route trees and the admin-panel workspace,
 * one set of controllers and services. Its admin RBAC action (`plugin::vendor-dashboard.workspace`) is registered
 * here; the Vendor admin role holding it is reconciled in src/bootstrap/admin-roles.ts.
 */
export default {
  register() {},
  async bootstrap({ strapi }: { strapi: Core.Strapi }) {
    const { actionProvider } = strapi.service('admin::permission') as unknown as { actionProvider: ActionProvider };
    await actionProvider.registerMany(WORKSPACE_ACTIONS);
    await ensureListingTables(strapi);
  },
  services,
  controllers,
  routes,
  policies: { 'workspace-scope': workspaceScope },
};
