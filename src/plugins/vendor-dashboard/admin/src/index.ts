import { Store } from '@strapi/icons';
import { WORKSPACE_PERMISSIONS } from './permissions';
import { PLUGIN_ID } from './pluginId';

interface MenuLink {
  to: string;
  permissions: { action: string; subject?: string | null }[];
}

interface AdminApp {
  addMenuLink(link: object): void;
  registerPlugin(plugin: { id: string; name: string }): void;
  /** StrapiApp's router: its `menu` holds every plugin's menu link once all plugins have registered. */
  router?: { menu?: MenuLink[] };
}

/**
 * In 5.54 the Content Manager's menu link declares no permissions, so the panel shows it to every admin user —
 * a vendor's admin user too, whose Content Manager calls the server refuses (403). Shown only to users holding a
 * Content Manager action (any subject); staff roles with Content Manager permissions see it as before.
 */
const CONTENT_MANAGER_LINK_PERMISSIONS = ['read', 'create', 'update', 'delete', 'publish'].map((verb) => ({
  action: `plugin::content-manager.explorer.${verb}`,
}));

let registeredApp: AdminApp | null = null;

/**
 * The vendor workspace in the admin panel: one menu link, shown to admin users holding the workspace action (the
 * Vendor role), opening the plugin's app (overview, booking requests, venues). Pages are wrapped in Page.Protect
 * and every admin route scopes its data to the signed-in vendor on the server.
 */
export default {
  register(app: AdminApp) {
    registeredApp = app;
    app.addMenuLink({
      to: `plugins/${PLUGIN_ID}`,
      // Not House: the panel's own Home link uses it, and both show for a Super Admin.
      icon: Store,
      intlLabel: { id: `${PLUGIN_ID}.plugin.name`, defaultMessage: 'Vendor workspace' },
      permissions: WORKSPACE_PERMISSIONS,
      position: 0,
      Component: () => import('./pages/App'),
    });
    app.registerPlugin({ id: PLUGIN_ID, name: 'Vendor workspace' });
  },

  // After every plugin's register (the Content Manager's link exists by then).
  bootstrap() {
    const contentManager = registeredApp?.router?.menu?.find((link) => link.to === 'content-manager');
    if (contentManager && contentManager.permissions.length === 0) contentManager.permissions = CONTENT_MANAGER_LINK_PERMISSIONS;
  },

  async registerTrads({ locales }: { locales: string[] }) {
    return Promise.all(
      locales.map(async (locale) => {
        try {
          const { default: data } = (await import(`./translations/${locale}.json`)) as { default: Record<string, string> };
          return { locale, data: Object.fromEntries(Object.entries(data).map(([key, value]) => [`${PLUGIN_ID}.${key}`, value])) };
        } catch {
          return { locale, data: {} };
        }
      })
    );
  },
};
