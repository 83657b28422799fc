import type { Core } from '@strapi/strapi';
import { DEFAULT_SETTINGS } from '../../../bootstrap/default-settings';
import { DEFAULT_POLICIES, type CancellationPolicies } from '../../../domain/booking/cancellation';

export interface BookingSettings {
  granularityMinutes: number;
  holdMinutes: number;
  requestExpiryHours: number;
  maxActiveHoldsPerCustomer: number;
  maxWindowDays: number;
  maxAdvanceDays: number;
  platformFeePercent: number;
  taxPercent: number;
  policies: CancellationPolicies;
}

const defaultOf = (key: string): unknown => DEFAULT_SETTINGS.find((s) => s.key === key)?.value;

const positiveNumber = (value: unknown, fallback: unknown): number => {
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value;
  return fallback as number;
};

const isPolicies = (value: unknown): value is CancellationPolicies =>
  typeof value === 'object' && value !== null &&
  ['flexible', 'moderate', 'strict'].every((name) => Array.isArray((value as Record<string, unknown>)[name]));

/**
 * Typed reads of system settings. Read on each use (one query for the whole group), so a change
 * made in the admin panel applies at once on every instance; a malformed value falls back to
 * its default rather than breaking bookings.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async getMany(keys: string[]): Promise<Record<string, unknown>> {
    const rows = (await strapi.db
      .query('api::system-setting.system-setting')
      .findMany({ where: { key: { $in: keys } }, select: ['key', 'value'] })) as { key: string; value: unknown }[];
    const found = new Map(rows.map((row) => [row.key, row.value]));
    return Object.fromEntries(keys.map((key) => [key, found.has(key) ? found.get(key) : defaultOf(key)]));
  },

  async booking(): Promise<BookingSettings> {
    const v = await this.getMany([
      'booking.granularity_minutes',
      'booking.hold_minutes',
      'booking.request_expiry_hours',
      'booking.max_active_holds_per_customer',
      'booking.max_window_days',
      'booking.max_advance_days',
      'fees.platform_fee_percent',
      'fees.tax_percent',
      'policies.cancellation',
    ]);
    const n = (key: string) => positiveNumber(v[key], defaultOf(key));
    const granularity = n('booking.granularity_minutes');
    return {
      granularityMinutes: granularity >= 5 && granularity <= 1440 ? granularity : 30,
      holdMinutes: n('booking.hold_minutes'),
      requestExpiryHours: n('booking.request_expiry_hours'),
      maxActiveHoldsPerCustomer: n('booking.max_active_holds_per_customer'),
      maxWindowDays: n('booking.max_window_days'),
      maxAdvanceDays: n('booking.max_advance_days'),
      platformFeePercent: n('fees.platform_fee_percent'),
      taxPercent: n('fees.tax_percent'),
      policies: isPolicies(v['policies.cancellation']) ? v['policies.cancellation'] : DEFAULT_POLICIES,
    };
  },
});
