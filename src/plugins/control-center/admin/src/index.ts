import { ChartPie, Command } from '@strapi/icons';
import { ANY_AREA, areaPermissions } from './permissions';
import { PLUGIN_ID } from './pluginId';

interface AdminApp {
  addMenuLink(link: object): void;
  registerPlugin(plugin: { id: string; name: string }): void;
  widgets: { register(widget: object): void };
}

/**
 * The control center's admin side: one menu link (shown to staff holding any area action) opening the plugin's
 * app, whose side navigation lists only the areas the signed-in admin may use. Each page is also wrapped in
 * Page.Protect, and every admin route checks the same action on the server.
 */
export default {
  register(app: AdminApp) {
    app.addMenuLink({
      to: `plugins/${PLUGIN_ID}`,
      icon: Command,
      intlLabel: { id: `${PLUGIN_ID}.plugin.name`, defaultMessage: 'Control center' },
      permissions: ANY_AREA,
      position: 1,
      Component: () => import('./pages/App'),
    });
    app.registerPlugin({ id: PLUGIN_ID, name: 'Control center' });
    // Homepage widget with the dashboard's headline figures, shown only to staff holding the dashboard action.
    app.widgets.register({
      id: 'dashboard-figures',
      pluginId: PLUGIN_ID,
      icon: ChartPie,
      title: { id: `${PLUGIN_ID}.widget.title`, defaultMessage: 'Marketplace, last 30 days' },
      link: {
        label: { id: `${PLUGIN_ID}.widget.link`, defaultMessage: 'Open the dashboard' },
        href: `/plugins/${PLUGIN_ID}/dashboard`,
      },
      component: async () => (await import('./components/DashboardWidget')).default,
      permissions: areaPermissions('dashboard'),
    });
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
