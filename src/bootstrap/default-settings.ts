import type { Core } from '@strapi/strapi';
import { DEFAULT_POLICIES } from '../domain/booking/cancellation';

type Category = 'general' | 'booking' | 'payments' | 'fees' | 'policies' | 'rate_limits' | 'notifications';

interface SettingDefault {
  key: string;
  value: unknown;
  category: Category;
  description: string;
  is_public?: boolean;
}

/**
 * System settings the services read at run time, created with these defaults when missing.
 * Admins change them in the panel; boot never overwrites an existing value.
 */
export const DEFAULT_SETTINGS: SettingDefault[] = [
  {
    key: 'booking.granularity_minutes',
    value: 30,
    category: 'booking',
    description: 'Bookable start/end times fall on multiples of this many minutes (venue-local).',
    is_public: true,
  },
  {
    key: 'booking.hold_minutes',
    value: 15,
    category: 'booking',
    description: 'How long an instant booking holds its slot while waiting for payment.',
    is_public: true,
  },
  {
    key: 'booking.request_expiry_hours',
    value: 48,
    category: 'booking',
    description: 'A request-to-book expires when the vendor has not answered within this many hours.',
    is_public: true,
  },
  {
    key: 'booking.max_active_holds_per_customer',
    value: 3,
    category: 'booking',
    description: 'Unpaid holds and open requests one customer may have at once.',
  },
  {
    key: 'booking.max_advance_days',
    value: 365,
    category: 'booking',
    description: 'How far ahead bookings can be made (and search looks).',
    is_public: true,
  },
  {
    key: 'booking.max_window_days',
    value: 62,
    category: 'booking',
    description: 'Longest availability / calendar window one request may ask for.',
    is_public: true,
  },
  {
    key: 'fees.platform_fee_percent',
    value: 10,
    category: 'fees',
    description: 'Platform fee charged to the customer, percent of the booking subtotal after discounts.',
    is_public: true,
  },
  {
    key: 'fees.tax_percent',
    value: 0,
    category: 'fees',
    description: 'Tax applied to subtotal plus platform fee, percent.',
    is_public: true,
  },
  {
    key: 'policies.cancellation',
    value: DEFAULT_POLICIES,
    category: 'policies',
    description: 'Refund tiers per cancellation policy: the first tier whose min_hours_before is met applies.',
    is_public: true,
  },
  {
    key: 'reviews.window_days',
    value: 14,
    category: 'policies',
    description: 'Customers may review a completed booking up to this many days after it ended.',
    is_public: true,
  },
  {
    key: 'reviews.report_threshold',
    value: 3,
    category: 'policies',
    description: 'A review with this many open reports is hidden automatically until a moderator decides (0: never).',
  },
  {
    key: 'support.reopen_days',
    value: 30,
    category: 'policies',
    description: 'A resolved or closed support ticket can be reopened by its author for this many days.',
    is_public: true,
  },
  {
    key: 'invoices.platform',
    value: { name: 'Tofimotia', address: null, tax_id: null },
    category: 'general',
    description:
      'The marketplace as printed on invoices and credit notes: name, address, tax id (the seller is the vendor business).',
  },
  {
    key: 'analytics.reporting',
    value: { timezone: 'UTC', currency: 'EUR' },
    category: 'general',
    description:
      'Reports of the control center: calendar days in this IANA timezone, money in this currency unless a report asks for another. Changing the timezone rebuilds the daily rollups (within a minute).',
  },
  {
    key: 'rate_limits.general_per_minute',
    value: 300,
    category: 'rate_limits',
    description: 'Requests per minute per client IP.',
  },
  {
    key: 'rate_limits.user_per_minute',
    value: 600,
    category: 'rate_limits',
    description: 'Requests per minute per signed-in user.',
  },
  {
    key: 'rate_limits.auth_per_minute',
    value: 5,
    category: 'rate_limits',
    description: 'Auth attempts per minute per IP and per identifier.',
  },
  {
    key: 'notifications.email_enabled',
    value: true,
    category: 'notifications',
    description: 'Master switch for e-mail notifications.',
  },
];

export const ensureDefaultSettings = async (strapi: Core.Strapi): Promise<void> => {
  const uid = 'api::system-setting.system-setting';
  const existing = await strapi.db.query(uid).findMany({ select: ['key'] });
  const have = new Set(existing.map((row: { key: string }) => row.key));
  for (const setting of DEFAULT_SETTINGS) {
    if (have.has(setting.key)) continue;
    try {
      await strapi.documents(uid).create({
        data: {
          ...setting,
          is_public: setting.is_public ?? false,
          updated_by: 'system',
          last_updated: new Date().toISOString(),
        } as never,
      });
    } catch (error) {
      // Another instance booting at the same time may have inserted it first (unique key); that is fine.
      const inserted = await strapi.db.query(uid).findOne({ where: { key: setting.key } });
      if (!inserted) throw error;
    }
  }
};
