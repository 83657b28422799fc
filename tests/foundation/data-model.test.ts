import { startApp, type TestApp } from '../harness/app';

let app: TestApp;
beforeAll(async () => {
  app = await startApp();
});
afterAll(async () => {
  await app.stop();
});

type Attr = {
  type: string;
  relation?: string;
  target?: string;
  private?: boolean;
  enum?: string[];
  component?: string;
  repeatable?: boolean;
};
const attrs = (uid: string): Record<string, Attr> =>
  (app.strapi.contentTypes as unknown as Record<string, { attributes: Record<string, Attr> }>)[uid].attributes;

/** The spec's tables (shared/contract/data-model.md): UID → key fields, relations and private fields. */
const SPEC: Record<
  string,
  { fields: string[]; relations?: Record<string, string>; private?: string[]; enums?: Record<string, string[]> }
> = {
  'plugin::users-permissions.user': {
    fields: [
      'email',
      'username',
      'password',
      'blocked',
      'first_name',
      'last_name',
      'phone',
      'bio',
      'avatar',
      'preferences',
      'stripe_customer_id',
    ],
    relations: {
      role: 'plugin::users-permissions.role',
      favorites: 'api::venue.venue',
      vendor_profile: 'api::vendor-profile.vendor-profile',
    },
    private: ['password', 'stripe_customer_id'],
  },
  'api::vendor-profile.vendor-profile': {
    fields: [
      'business_name',
      'tax_info',
      'bank_details',
      'stripe_account_id',
      'verification_status',
      'documents',
      'rejection_reason',
      'rating_average',
      'rating_count',
    ],
    relations: { user: 'plugin::users-permissions.user', venues: 'api::venue.venue' },
    private: ['tax_info', 'bank_details', 'stripe_account_id', 'documents'],
    enums: { verification_status: ['pending', 'approved', 'rejected', 'suspended'] },
  },
  'api::venue.venue': {
    fields: [
      'name',
      'slug',
      'description',
      'location',
      'timezone',
      'capacity',
      'price_per_hour',
      'currency',
      'weekly_hours',
      'date_overrides',
      'images',
      'status',
      'booking_mode',
      'min_hours',
      'max_hours',
      'buffer_minutes',
      'notice_hours',
      'cancellation_policy',
      'featured',
      'rating_average',
      'rating_count',
    ],
    relations: {
      vendor: 'api::vendor-profile.vendor-profile',
      amenities: 'api::amenity.amenity',
      bookings: 'api::booking.booking',
      blocked_periods: 'api::blocked-period.blocked-period',
      pricing_rules: 'api::pricing-rule.pricing-rule',
      reviews: 'api::review.review',
    },
    private: ['ical_export_token', 'ical_import_urls'],
    enums: {
      // The spec's five, plus `archived`: a venue with bookings that its vendor removes (docs/vendor-dashboard.md).
      status: ['draft', 'pending_approval', 'approved', 'rejected', 'suspended', 'archived'],
      booking_mode: ['instant', 'request'],
      cancellation_policy: ['flexible', 'moderate', 'strict'],
    },
  },
  'api::amenity.amenity': { fields: ['name', 'slug', 'icon'] },
  'api::blocked-period.blocked-period': {
    fields: ['start_datetime', 'end_datetime', 'reason', 'source'],
    relations: { venue: 'api::venue.venue' },
    enums: { source: ['manual', 'ical'] },
  },
  'api::pricing-rule.pricing-rule': {
    fields: [
      'name',
      'kind',
      'starts_on',
      'ends_on',
      'weekdays',
      'time_from',
      'time_to',
      'price_per_hour',
      'multiplier',
      'discount_type',
      'discount_value',
      'promo_code',
      'min_hours',
      'max_uses',
      'uses',
    ],
    relations: { venue: 'api::venue.venue' },
    enums: { kind: ['special_rate', 'discount'] },
  },
  'api::booking.booking': {
    fields: [
      'start_datetime',
      'end_datetime',
      'guests',
      'status',
      'payment_status',
      'total_amount',
      'currency',
      'price_breakdown',
      'hold_expires_at',
      'cancellation_policy',
      'notes',
      'cancelled_at',
      'cancel_reason',
    ],
    relations: {
      venue: 'api::venue.venue',
      customer: 'plugin::users-permissions.user',
      payments: 'api::payment.payment',
      review: 'api::review.review',
    },
    enums: {
      status: ['requested', 'pending_payment', 'confirmed', 'rejected', 'expired', 'cancelled', 'completed'],
      payment_status: ['unpaid', 'authorized', 'paid', 'partially_refunded', 'refunded', 'failed'],
    },
  },
  'api::payment.payment': {
    fields: ['amount', 'currency', 'status', 'provider', 'transaction_id', 'platform_fee', 'refunded_amount', 'raw'],
    relations: { booking: 'api::booking.booking' },
    private: ['raw', 'stripe_charge_id', 'stripe_account_id'],
  },
  'api::invoice.invoice': {
    fields: ['number', 'issued_at', 'lines', 'subtotal', 'platform_fee', 'tax', 'total', 'pdf'],
    relations: { booking: 'api::booking.booking', payment: 'api::payment.payment' },
  },
  'api::review.review': {
    fields: ['rating', 'comment', 'status', 'vendor_response'],
    relations: { booking: 'api::booking.booking', venue: 'api::venue.venue', author: 'plugin::users-permissions.user' },
    enums: { status: ['published', 'hidden'] },
  },
  'api::report.report': {
    fields: ['target_type', 'target_id', 'reason', 'status', 'resolution'],
    relations: { reporter: 'plugin::users-permissions.user' },
    enums: { status: ['open', 'resolved', 'dismissed'] },
  },
  'api::support-ticket.support-ticket': {
    fields: ['type', 'status', 'priority', 'subject'],
    enums: {
      status: ['open', 'pending_staff', 'pending_user', 'resolved', 'closed'],
      priority: ['low', 'normal', 'high', 'urgent'],
    },
    relations: {
      user: 'plugin::users-permissions.user',
      conversation: 'api::conversation.conversation',
      assignee: 'admin::user',
    },
  },
  'api::system-setting.system-setting': {
    fields: ['key', 'value', 'description', 'category', 'is_public', 'updated_by', 'last_updated'],
  },
  'api::admin-action.admin-action': {
    fields: ['admin_id', 'action_type', 'target_type', 'target_id', 'action_data', 'timestamp'],
  },
  'api::analytics-event.analytics-event': {
    fields: ['entity_type', 'entity_id', 'metric_type', 'value', 'timestamp', 'metadata'],
  },
  'api::notification.notification': {
    fields: ['type', 'title', 'body', 'data', 'read_at'],
    relations: { user: 'plugin::users-permissions.user' },
  },
  'api::conversation.conversation': {
    fields: ['kind'],
    relations: {
      participants: 'plugin::users-permissions.user',
      venue: 'api::venue.venue',
      booking: 'api::booking.booking',
      ticket: 'api::support-ticket.support-ticket',
      messages: 'api::message.message',
    },
    enums: { kind: ['booking', 'support', 'admin'] },
  },
  'api::message.message': {
    fields: ['body', 'createdAt'],
    relations: { conversation: 'api::conversation.conversation', sender: 'plugin::users-permissions.user' },
  },
};

const DRAFT_AND_PUBLISH_OFF = ['booking', 'payment', 'invoice', 'notification', 'message', 'admin-action', 'analytics-event'];

describe('every content type of the spec exists', () => {
  it.each(Object.keys(SPEC))('%s has its fields, relations, enums and private fields', (uid) => {
    const spec = SPEC[uid];
    const a = attrs(uid);
    for (const field of spec.fields) expect(a).toHaveProperty(field);
    for (const [field, target] of Object.entries(spec.relations ?? {})) {
      expect(a[field]).toMatchObject({ type: 'relation', target });
    }
    for (const field of spec.private ?? []) expect(a[field].private).toBe(true);
    for (const [field, values] of Object.entries(spec.enums ?? {})) expect(a[field].enum).toEqual(values);
  });

  it.each(DRAFT_AND_PUBLISH_OFF)('%s has Draft & Publish off', (name) => {
    const ct = app.strapi.contentTypes[`api::${name}.${name}` as keyof typeof app.strapi.contentTypes] as {
      options?: { draftAndPublish?: boolean };
    };
    expect(ct.options?.draftAndPublish).toBe(false);
  });

  it('venue location, weekly hours and date overrides are components', () => {
    const a = attrs('api::venue.venue');
    expect(a.location).toMatchObject({ type: 'component', component: 'venue.location', repeatable: false });
    expect(a.weekly_hours).toMatchObject({ type: 'component', component: 'availability.weekly-hours', repeatable: true });
    expect(a.date_overrides).toMatchObject({ type: 'component', component: 'availability.date-override', repeatable: true });
  });

  it('stores and reads back a booking linked to venue and customer (the tables really exist)', async () => {
    const vendorUser = await app.strapi.plugin('users-permissions').service('user').add({
      username: 'dm-vendor',
      email: 'dm-vendor@example.test',
      password: 'long-enough-1',
      provider: 'local',
      confirmed: true,
    });
    const profile = await app.strapi
      .documents('api::vendor-profile.vendor-profile')
      .create({ data: { user: vendorUser.id, business_name: 'DM Co' } as never });
    const venue = await app.strapi.documents('api::venue.venue').create({
      data: {
        name: 'DM Hall',
        slug: 'dm-hall',
        vendor: profile.id,
        location: { address: 'a', city: 'Berlin', country: 'DE' },
        timezone: 'Europe/Berlin',
        price_per_hour: 5000,
        currency: 'EUR',
      } as never,
    });
    const bookable = await app.strapi.service('api::venue.venue-rules').load(venue.documentId, { publicOnly: false });
    const window = { start: Date.parse('2030-01-01T10:00:00.000Z'), end: Date.parse('2030-01-01T12:00:00.000Z') };
    const quote = {
      currency: 'EUR',
      hours: 2,
      lines: [],
      subtotal: 10000,
      discount: 0,
      discount_rule: null,
      platform_fee: 0,
      tax: 0,
      total_amount: 10000,
    };
    const documentId = await app.strapi.service('api::booking.booking-engine').importBooking({
      venue: bookable,
      customerId: vendorUser.id,
      window,
      guests: 3,
      status: 'pending_payment',
      paymentStatus: 'unpaid',
      quote,
    });
    const booking = { documentId };
    const read = await app.strapi
      .documents('api::booking.booking')
      .findOne({ documentId: booking.documentId, populate: ['venue', 'customer'] as never });
    expect(read).toMatchObject({
      status: 'pending_payment',
      payment_status: 'unpaid',
      venue: { name: 'DM Hall' },
      customer: { username: 'dm-vendor' },
    });
  });
});
