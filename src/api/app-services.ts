import type { Core } from '@strapi/strapi';
import type accountAccountService from './account/services/account';
import type adminActionAuditLogService from './admin-action/services/audit-log';
import type blockedPeriodBlockedDatesService from './blocked-period/services/blocked-dates';
import type bookingBookingEngineService from './booking/services/booking-engine';
import type bookingBookingRecordsService from './booking/services/booking-records';
import type bookingSlotsService from './booking/services/slots';
import type calendarFeedCalendarExportService from './calendar-feed/services/calendar-export';
import type calendarFeedCalendarImportsService from './calendar-feed/services/calendar-imports';
import type calendarFeedCalendarSyncService from './calendar-feed/services/calendar-sync';
import type featuredSlotFeaturedSlotsService from './featured-slot/services/featured-slots';
import type conversationChatService from './conversation/services/chat';
import type healthHealthService from './health/services/health';
import type invoiceInvoicingService from './invoice/services/invoicing';
import type notificationNotificationCenterService from './notification/services/notification-center';
import type notificationNotificationProducersService from './notification/services/notification-producers';
import type paymentMethodPaymentMethodService from './payment-method/services/payment-method';
import type reportReportsService from './report/services/reports';
import type reviewModerationService from './review/services/moderation';
import type reviewReviewsService from './review/services/reviews';
import type supportTicketSupportTicketsService from './support-ticket/services/support-tickets';
import type systemSettingSettingsService from './system-setting/services/settings';
import type vendorProfileVendorAccountService from './vendor-profile/services/vendor-account';
import type vendorProfileWorkspaceAccessService from './vendor-profile/services/workspace-access';
import type venueOpenRangesService from './venue/services/open-ranges';
import type venueSearchReadModelService from './venue/services/search-read-model';
import type venueVenueCatalogService from './venue/services/venue-catalog';
import type venueVenueRulesService from './venue/services/venue-rules';
import type venueVenueSearchService from './venue/services/venue-search';

/**
 * The app's custom services by uid, with their real types. Strapi's `strapi.service(uid)` returns an untyped
 * `Core.Service`; every call into another API (and from plugins into the APIs) goes through `appService`, so
 * the compiler checks it. Add a service here when another module needs to call it.
 */
export interface AppServices {
  'api::account.account': ReturnType<typeof accountAccountService>;
  'api::admin-action.audit-log': ReturnType<typeof adminActionAuditLogService>;
  'api::blocked-period.blocked-dates': ReturnType<typeof blockedPeriodBlockedDatesService>;
  'api::booking.booking-engine': ReturnType<typeof bookingBookingEngineService>;
  'api::booking.booking-records': ReturnType<typeof bookingBookingRecordsService>;
  'api::booking.slots': ReturnType<typeof bookingSlotsService>;
  'api::calendar-feed.calendar-export': ReturnType<typeof calendarFeedCalendarExportService>;
  'api::calendar-feed.calendar-imports': ReturnType<typeof calendarFeedCalendarImportsService>;
  'api::calendar-feed.calendar-sync': ReturnType<typeof calendarFeedCalendarSyncService>;
  'api::conversation.chat': ReturnType<typeof conversationChatService>;
  'api::featured-slot.featured-slots': ReturnType<typeof featuredSlotFeaturedSlotsService>;
  'api::health.health': ReturnType<typeof healthHealthService>;
  'api::invoice.invoicing': ReturnType<typeof invoiceInvoicingService>;
  'api::notification.notification-center': ReturnType<typeof notificationNotificationCenterService>;
  'api::notification.notification-producers': ReturnType<typeof notificationNotificationProducersService>;
  'api::payment-method.payment-method': ReturnType<typeof paymentMethodPaymentMethodService>;
  'api::report.reports': ReturnType<typeof reportReportsService>;
  'api::review.moderation': ReturnType<typeof reviewModerationService>;
  'api::review.reviews': ReturnType<typeof reviewReviewsService>;
  'api::support-ticket.support-tickets': ReturnType<typeof supportTicketSupportTicketsService>;
  'api::system-setting.settings': ReturnType<typeof systemSettingSettingsService>;
  'api::vendor-profile.vendor-account': ReturnType<typeof vendorProfileVendorAccountService>;
  'api::vendor-profile.workspace-access': ReturnType<typeof vendorProfileWorkspaceAccessService>;
  'api::venue.open-ranges': ReturnType<typeof venueOpenRangesService>;
  'api::venue.search-read-model': ReturnType<typeof venueSearchReadModelService>;
  'api::venue.venue-catalog': ReturnType<typeof venueVenueCatalogService>;
  'api::venue.venue-rules': ReturnType<typeof venueVenueRulesService>;
  'api::venue.venue-search': ReturnType<typeof venueVenueSearchService>;
}

export type AppService<K extends keyof AppServices> = AppServices[K];

/** Typed access to an app service: `appService(strapi, 'api::booking.booking-engine').quote(...)`. */
export const appService = <K extends keyof AppServices>(strapi: Core.Strapi, uid: K): AppServices[K] =>
  strapi.service(uid) as unknown as AppServices[K];
