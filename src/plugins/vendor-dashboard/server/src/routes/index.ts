import workspace from '../workspace/routes';
import listing from './listing';
import operations from './operations';
import { bothTrees } from './trees';

/**
 * Content-API routes under /api/v1 (prefix ''), in two areas: listing (venues, media, amenities, hours, calendar,
 * pricing, promotions) and operations (bookings, analytics, profile, payouts, documents, reviews). Who may call
 * them: the users-permissions matrix (src/bootstrap/permissions.ts) and the route policies.
 *
 * Admin routes (/vendor-dashboard/workspace/...): the vendor workspace in the admin panel, over the same services
 * (server/src/workspace, docs/vendor-dashboard.md "Workspace in the admin panel").
 */
export default {
  'content-api': { type: 'content-api' as const, routes: bothTrees([...listing, ...operations]) },
  admin: { type: 'admin' as const, routes: workspace },
};
