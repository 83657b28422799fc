import * as featuredSlots from './featured-slots';
import * as insights from './insights';
import * as operations from './operations';
import * as vendorDocuments from './vendor-documents';

/**
 * Two surfaces: `admin` routes mount at /control-center/... (admin JWT + RBAC action of the area); `content-api`
 * routes mount at /api/v1/... with prefix '' (API tokens: each controller action is a scope a custom token can
 * be granted; read-only tokens pass only actions named find/findOne).
 */
export default {
  admin: {
    type: 'admin' as const,
    routes: [...operations.admin, ...insights.admin, ...featuredSlots.admin, ...vendorDocuments.admin],
  },
  'content-api': {
    type: 'content-api' as const,
    routes: [...operations.contentApi, ...insights.contentApi, ...featuredSlots.contentApi, ...vendorDocuments.contentApi],
  },
};
