import type { Core } from '@strapi/strapi';
import { appService } from '../../../../../api/app-services';
import { vendorDashboardService } from '../get-service';
import type { WorkspaceScope } from './scope';

const DAY = 86_400_000;
const VENUE = 'api::venue.venue';

/** First instant of the UTC month of `now`, and of the next one. */
export const monthWindow = (now: number) => {
  const date = new Date(now);
  const from = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
  const to = Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
  return { from: new Date(from).toISOString(), to: new Date(to).toISOString() };
};

/**
 * The workspace overview, composed from the same services the REST trees use: the booking lists
 * (vendor-bookings), revenue and rating (vendor-analytics), the Connect status (vendor-account).
 * - `today`: active bookings (confirmed, requested, live holds) starting within the next 24 hours;
 * - `upcoming`: the next active bookings after that (first 5) and their count;
 * - `requests_waiting`: request-to-book bookings still waiting for the vendor;
 * - `revenue_this_month`: the revenue totals (per currency) of bookings starting this UTC month;
 * - `payouts`: Stripe Connect status; `rating`: published reviews' average and count; `venues`: count per status.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async overview(scope: WorkspaceScope, now = Date.now()) {
    const bookings = vendorDashboardService(strapi, 'vendor-bookings');
    const analytics = vendorDashboardService(strapi, 'vendor-analytics');
    const profileId = scope.profile.id;
    const page = { page: 1, pageSize: 5 };
    const soon = new Date(now + DAY).toISOString();
    const today = await bookings.list(profileId, 'upcoming', { ...page, pageSize: 20, to: soon }, now);
    const upcoming = await bookings.list(profileId, 'upcoming', { ...page, from: soon }, now);
    const requests = await bookings.list(profileId, 'requests', page, now);
    const revenue = await analytics.revenue(profileId, { ...monthWindow(now), interval: 'month' }, now);
    const rating = await analytics.rating(profileId, now - 365 * DAY, now);
    const connect = await appService(strapi, 'api::vendor-profile.vendor-account').connectStatus(scope.profile.documentId);
    // With 'id' selected: a joined query is DISTINCT over the selected columns.
    const venueRows = (await strapi.db.query(VENUE).findMany({
      where: { vendor: { id: profileId } },
      select: ['id', 'status'],
    })) as { status: string }[];
    const venues: Record<string, number> = {};
    for (const row of venueRows) venues[row.status] = (venues[row.status] ?? 0) + 1;
    return {
      vendor: {
        documentId: scope.profile.documentId,
        business_name: scope.profile.business_name,
        verification_status: scope.profile.verification_status,
      },
      read_only: scope.readOnly,
      today: { total: today.pagination.total, bookings: today.data },
      upcoming: { total: upcoming.pagination.total, bookings: upcoming.data },
      requests_waiting: { total: requests.pagination.total, bookings: requests.data },
      revenue_this_month: { window: revenue.window, totals: revenue.totals },
      payouts: connect,
      rating: { average: rating.average, count: rating.count },
      venues: { total: venueRows.length, by_status: venues },
    };
  },
});
