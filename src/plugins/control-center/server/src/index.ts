import bootstrap from './bootstrap';
import controllers from './controllers';
import routes from './routes';
import services from './services';

/**
 * The staff control center (see docs/control-center.md): admin routes for the panel (`/control-center/...`, admin
 * RBAC action per area) and content-api routes for automation with API tokens (`/api/v1/admin/...`,
 * `/api/v1/admin-dashboard/...`), over one service layer.
 */
export default {
  register() {},
  bootstrap,
  services,
  controllers,
  routes,
  policies: {},
};
