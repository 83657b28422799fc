/**
 * The users-permissions permission matrix, in code. Boot reconciles every role to exactly this set,
 * so nothing becomes public by accident and a permission removed here is removed from the database too.
 * Route-level checks (ownership, vendor status) live in policies; this is the first gate.
 */
export type UserRoleType = 'public' | 'authenticated' | 'vendor';

const PUBLIC_CATALOG = [
  'api::venue.venue.find',
  'api::venue.venue.findOne',
  'api::amenity.amenity.find',
  'api::amenity.amenity.findOne',
  'api::vendor-profile.vendor-profile.find',
  'api::vendor-profile.vendor-profile.findOne',
];

const PUBLIC_VENUE_ACTIONS = [
  'api::venue.venue-actions.search',
  'api::venue.venue-actions.details',
  'api::venue.venue-actions.availability',
  'api::venue.venue-actions.quote',
  'api::venue.venue-actions.calendar',
  'api::venue.venue-actions.reviews',
];

const BOOKING_ACTIONS = [
  'api::booking.booking-actions.create',
  'api::booking.booking-actions.history',
  'api::booking.booking-actions.status',
  'api::booking.booking-actions.refundQuote',
  'api::booking.booking-actions.cancel',
];

/** Own account: src/api/account (profile, preferences, favorites). */
const ACCOUNT_ACTIONS = [
  'api::account.account.profile',
  'api::account.account.updateProfile',
  'api::account.account.uploadAvatar',
  'api::account.account.preferences',
  'api::account.account.updatePreferences',
  'api::account.account.favorites',
  'api::account.account.addFavorite',
  'api::account.account.removeFavorite',
];

/** Own notifications: src/api/notification (list, mark read/unread, read all). */
const NOTIFICATION_ACTIONS = [
  'api::notification.notification-center.list',
  'api::notification.notification-center.update',
  'api::notification.notification-center.readAll',
];

/** Payments plugin (src/plugins/payments); the webhook route has no user auth (Stripe signature). */
const PAYMENT_ACTIONS = [
  'plugin::payments.payments.process',
  'plugin::payments.payments.verify',
  'plugin::payments.payments.refund',
  'plugin::payments.payments.history',
];

/** Invoices of a booking (src/api/invoice): the service lets only its customer, vendor and staff through. */
const INVOICE_ACTIONS = [
  'api::invoice.invoice-actions.download',
  'api::invoice.invoice-actions.list',
  'api::invoice.invoice-actions.document',
];

/** Saved payment methods of the caller (src/api/payment-method). */
const PAYMENT_METHOD_ACTIONS = [
  'api::payment-method.payment-method.list',
  'api::payment-method.payment-method.setup',
  'api::payment-method.payment-method.remove',
];

/** Chat over REST (src/api/conversation); the socket side authenticates in the realtime plugin. */
const CHAT_ACTIONS = [
  'api::conversation.conversation-actions.list',
  'api::conversation.conversation-actions.open',
  'api::conversation.conversation-actions.messages',
  'api::conversation.conversation-actions.postMessage',
];

/** Reviews (src/api/review), reports (src/api/report) and support tickets (src/api/support-ticket): own data only. */
const REVIEW_ACTIONS = [
  'api::review.review-actions.create',
  'api::review.review-actions.update',
  'api::review.review-actions.mine',
  'api::review.review-actions.report',
  'api::report.report-actions.create',
];

const SUPPORT_TICKET_ACTIONS = [
  'api::support-ticket.support-ticket-actions.create',
  'api::support-ticket.support-ticket-actions.list',
  'api::support-ticket.support-ticket-actions.findOne',
  'api::support-ticket.support-ticket-actions.postMessage',
  'api::support-ticket.support-ticket-actions.close',
  'api::support-ticket.support-ticket-actions.reopen',
];

/** Vendor dashboard: reviews of one's venues and replies (route policy api::venue.is-vendor). */
const VENDOR_REVIEW_ACTIONS = ['api::review.vendor-reviews.list', 'api::review.vendor-reviews.respond'];

const VENDOR_BOOKING_ACTIONS = ['api::booking.booking-actions.approve', 'api::booking.booking-actions.decline'];

/** Vendor dashboard calendar: manual blocks, iCal imports, rotating the private export feed (src/api/calendar-feed). */
const VENDOR_CALENDAR_ACTIONS = [
  'api::blocked-period.blocked-dates.list',
  'api::blocked-period.blocked-dates.create',
  'api::blocked-period.blocked-dates.remove',
  'api::calendar-feed.calendar-imports.list',
  'api::calendar-feed.calendar-imports.create',
  'api::calendar-feed.calendar-imports.remove',
  'api::calendar-feed.calendar-imports.sync',
  'api::calendar-feed.calendar-export.rotate',
];

/** Vendor dashboard, operations area (src/plugins/vendor-dashboard: bookings, analytics, profile, Connect, documents). */
const VENDOR_DASHBOARD_OPERATIONS = [
  'plugin::vendor-dashboard.vendor-bookings.upcoming',
  'plugin::vendor-dashboard.vendor-bookings.history',
  'plugin::vendor-dashboard.vendor-bookings.requests',
  'plugin::vendor-dashboard.vendor-bookings.cancel',
  'plugin::vendor-dashboard.vendor-analytics.revenue',
  'plugin::vendor-dashboard.vendor-analytics.performance',
  'plugin::vendor-dashboard.vendor-analytics.customerInsights',
  'plugin::vendor-dashboard.vendor-analytics.reviews',
  'plugin::vendor-dashboard.vendor-profile.settings',
  'plugin::vendor-dashboard.vendor-profile.updateSettings',
  'plugin::vendor-dashboard.vendor-profile.bankInfo',
  'plugin::vendor-dashboard.vendor-profile.onboard',
  'plugin::vendor-dashboard.vendor-profile.documents',
  'plugin::vendor-dashboard.vendor-profile.uploadDocument',
  'plugin::vendor-dashboard.vendor-profile.downloadDocument',
  'plugin::vendor-dashboard.vendor-profile.removeDocument',
];

/** The private export feed: no user auth (calendar apps send none); its secret token is the credential. */
const CALENDAR_FEED_ACTIONS = ['api::calendar-feed.calendar-export.feed'];

/** Vendor dashboard, listing area (src/plugins/vendor-dashboard routes/listing.ts; policies api::venue.is-vendor/is-venue-owner). */
const VENDOR_DASHBOARD_LISTING = [
  'plugin::vendor-dashboard.venues.list',
  'plugin::vendor-dashboard.venues.get',
  'plugin::vendor-dashboard.venues.create',
  'plugin::vendor-dashboard.venues.update',
  'plugin::vendor-dashboard.venues.remove',
  'plugin::vendor-dashboard.amenities.catalog',
  'plugin::vendor-dashboard.amenities.set',
  'plugin::vendor-dashboard.media.list',
  'plugin::vendor-dashboard.media.upload',
  'plugin::vendor-dashboard.media.update',
  'plugin::vendor-dashboard.media.remove',
  'plugin::vendor-dashboard.hours.get',
  'plugin::vendor-dashboard.hours.set',
  'plugin::vendor-dashboard.calendar.month',
  'plugin::vendor-dashboard.pricing.baseRates',
  'plugin::vendor-dashboard.pricing.setBaseRates',
  'plugin::vendor-dashboard.pricing.preview',
  'plugin::vendor-dashboard.special-rates.list',
  'plugin::vendor-dashboard.special-rates.get',
  'plugin::vendor-dashboard.special-rates.create',
  'plugin::vendor-dashboard.special-rates.update',
  'plugin::vendor-dashboard.special-rates.remove',
  'plugin::vendor-dashboard.discounts.list',
  'plugin::vendor-dashboard.discounts.get',
  'plugin::vendor-dashboard.discounts.create',
  'plugin::vendor-dashboard.discounts.update',
  'plugin::vendor-dashboard.discounts.remove',
  'plugin::vendor-dashboard.promotions.list',
  'plugin::vendor-dashboard.promotions.request',
  'plugin::vendor-dashboard.promotions.cancel',
];

const ANONYMOUS_AUTH = [
  'plugin::users-permissions.auth.callback',
  'plugin::users-permissions.auth.connect',
  'plugin::users-permissions.auth.register',
  'plugin::users-permissions.auth.registerAccount',
  'plugin::users-permissions.auth.login',
  'plugin::users-permissions.auth.refreshToken',
  'plugin::users-permissions.auth.logout',
  'plugin::users-permissions.auth.forgotPassword',
  'plugin::users-permissions.auth.resetPassword',
  'plugin::users-permissions.auth.emailConfirmation',
  'plugin::users-permissions.auth.sendEmailConfirmation',
];

const SIGNED_IN = [
  'plugin::users-permissions.user.me',
  'plugin::users-permissions.auth.changePassword',
  // A signed-in client refreshes and logs out with its refresh token too. Strapi's own /auth/refresh is not
  // granted: /auth/refresh-token is the one path, and it adds reuse detection.
  'plugin::users-permissions.auth.refreshToken',
  'plugin::users-permissions.auth.logout',
  ...ACCOUNT_ACTIONS,
  ...NOTIFICATION_ACTIONS,
];

export const ROLE_PERMISSIONS: Record<UserRoleType, readonly string[]> = {
  public: [...PUBLIC_CATALOG, ...PUBLIC_VENUE_ACTIONS, ...ANONYMOUS_AUTH, ...CALENDAR_FEED_ACTIONS],
  authenticated: [
    ...PUBLIC_CATALOG,
    ...PUBLIC_VENUE_ACTIONS,
    ...SIGNED_IN,
    ...BOOKING_ACTIONS,
    ...PAYMENT_ACTIONS,
    ...CHAT_ACTIONS,
    ...INVOICE_ACTIONS,
    ...PAYMENT_METHOD_ACTIONS,
    ...CALENDAR_FEED_ACTIONS,
    ...REVIEW_ACTIONS,
    ...SUPPORT_TICKET_ACTIONS,
  ],
  vendor: [
    ...PUBLIC_CATALOG,
    ...PUBLIC_VENUE_ACTIONS,
    ...SIGNED_IN,
    ...BOOKING_ACTIONS,
    ...PAYMENT_ACTIONS,
    ...VENDOR_BOOKING_ACTIONS,
    ...CHAT_ACTIONS,
    ...INVOICE_ACTIONS,
    ...PAYMENT_METHOD_ACTIONS,
    ...VENDOR_CALENDAR_ACTIONS,
    ...CALENDAR_FEED_ACTIONS,
    ...REVIEW_ACTIONS,
    ...SUPPORT_TICKET_ACTIONS,
    ...VENDOR_REVIEW_ACTIONS,
    ...VENDOR_DASHBOARD_LISTING,
    ...VENDOR_DASHBOARD_OPERATIONS,
  ],
};

export const USER_ROLES: Record<UserRoleType, { name: string; description: string }> = {
  public: { name: 'Public', description: 'Anyone, not signed in: reads the public catalogue.' },
  authenticated: { name: 'Customer', description: 'A signed-in customer: books and pays for venues.' },
  vendor: { name: 'Vendor', description: 'A signed-in vendor: lists venues once its profile is approved.' },
};
