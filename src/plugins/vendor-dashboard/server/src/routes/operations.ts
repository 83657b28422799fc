import { cancelBookingBody, cancelResponse } from '../../../../../api/booking/contracts';
import { jsonBody, queryParams } from '../../../../../infra/openapi-shapes';
import {
  analyticsReviewsQuery,
  analyticsReviewsResponse,
  bankInfoBody,
  bankInfoResponse,
  bookingListQuery,
  documentDeletedResponse,
  documentDownloadResponse,
  documentIdPath,
  documentListResponse,
  documentResponse,
  documentsQuery,
  documentUploadDoc,
  insightsQuery,
  insightsResponse,
  onboardingResponse,
  performanceQuery,
  performanceResponse,
  revenueQuery,
  revenueResponse,
  settingsResponse,
  upcomingQuery,
  updateSettingsBody,
  vendorBookingListResponse,
} from '../operations/contracts';
import type { VendorRoute } from './trees';

/** An approved vendor (bookings, analytics, payouts). */
const approved = { policies: [{ name: 'api::venue.is-vendor', config: { approved: true } }] };
/** Any vendor, pending included (profile and verification documents are how a vendor gets approved). */
const anyVendor = { policies: [{ name: 'api::venue.is-vendor', config: {} }] };

/**
 * Routes of the operations area (see routes/index.ts): bookings lists and vendor cancel, analytics, profile
 * settings, Stripe Connect onboarding (bank-info) and private verification documents. Approve and decline of
 * requests are the booking API's routes (src/api/booking/routes/01-booking-actions.ts, both trees); the reviews
 * list and replies are the review API's (/vendor-dashboard/reviews), with analytics/reviews here adding the trend.
 */
const routes: VendorRoute[] = [
  {
    method: 'GET',
    dashboard: '/bookings/upcoming',
    seed: null,
    handler: 'vendor-bookings.upcoming',
    config: approved,
    request: { query: queryParams(upcomingQuery) },
    response: vendorBookingListResponse,
  },
  {
    method: 'GET',
    dashboard: '/bookings/history',
    seed: '/bookings/history',
    handler: 'vendor-bookings.history',
    config: approved,
    request: { query: queryParams(bookingListQuery) },
    response: vendorBookingListResponse,
  },
  {
    method: 'GET',
    dashboard: '/bookings/requests',
    seed: '/bookings/requests',
    handler: 'vendor-bookings.requests',
    config: approved,
    request: { query: queryParams(bookingListQuery) },
    response: vendorBookingListResponse,
  },
  {
    method: 'POST',
    dashboard: '/bookings/:id/cancel',
    seed: '/bookings/:id/cancel',
    handler: 'vendor-bookings.cancel',
    config: approved,
    request: { params: documentIdPath, body: jsonBody(cancelBookingBody) },
    response: cancelResponse,
  },
  {
    method: 'GET',
    dashboard: '/analytics/revenue',
    seed: '/analytics/revenue',
    handler: 'vendor-analytics.revenue',
    config: approved,
    request: { query: queryParams(revenueQuery) },
    response: revenueResponse,
  },
  {
    method: 'GET',
    dashboard: '/analytics/performance',
    seed: '/analytics/performance',
    handler: 'vendor-analytics.performance',
    config: approved,
    request: { query: queryParams(performanceQuery) },
    response: performanceResponse,
  },
  {
    method: 'GET',
    dashboard: '/analytics/customer-insights',
    seed: null,
    handler: 'vendor-analytics.customerInsights',
    config: approved,
    request: { query: queryParams(insightsQuery) },
    response: insightsResponse,
  },
  {
    method: 'GET',
    dashboard: '/analytics/reviews',
    seed: '/analytics/reviews',
    handler: 'vendor-analytics.reviews',
    config: approved,
    request: { query: queryParams(analyticsReviewsQuery) },
    response: analyticsReviewsResponse,
  },
  {
    method: 'GET',
    dashboard: '/profile/settings',
    seed: '/profile/settings',
    handler: 'vendor-profile.settings',
    config: anyVendor,
    response: settingsResponse,
  },
  {
    method: 'PUT',
    dashboard: '/profile/settings',
    seed: '/profile/settings',
    handler: 'vendor-profile.updateSettings',
    config: anyVendor,
    request: { body: jsonBody(updateSettingsBody) },
    response: settingsResponse,
  },
  {
    method: 'GET',
    dashboard: '/profile/bank-info',
    seed: '/profile/bank-info',
    handler: 'vendor-profile.bankInfo',
    config: approved,
    response: bankInfoResponse,
  },
  {
    method: 'POST',
    dashboard: '/profile/bank-info',
    seed: '/profile/bank-info',
    handler: 'vendor-profile.onboard',
    config: approved,
    request: { body: jsonBody(bankInfoBody) },
    response: onboardingResponse,
  },
  {
    method: 'GET',
    dashboard: '/profile/documents',
    seed: '/profile/documents',
    handler: 'vendor-profile.documents',
    config: anyVendor,
    request: { query: queryParams(documentsQuery) },
    response: documentListResponse,
  },
  {
    method: 'POST',
    dashboard: '/profile/documents',
    seed: '/profile/documents',
    handler: 'vendor-profile.uploadDocument',
    config: anyVendor,
    request: { body: { 'multipart/form-data': documentUploadDoc } },
    response: documentResponse,
  },
  {
    method: 'GET',
    dashboard: '/profile/documents/:id/download',
    seed: '/profile/documents/:id/download',
    handler: 'vendor-profile.downloadDocument',
    config: anyVendor,
    request: { params: documentIdPath },
    response: documentDownloadResponse,
  },
  {
    method: 'DELETE',
    dashboard: '/profile/documents/:id',
    seed: '/profile/documents/:id',
    handler: 'vendor-profile.removeDocument',
    config: anyVendor,
    request: { params: documentIdPath },
    response: documentDeletedResponse,
  },
];

export default routes;
