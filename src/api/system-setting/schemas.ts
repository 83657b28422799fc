import { IANAZone } from 'luxon';
import { z } from 'zod';

/**
 * Typed schemas of the settings staff may change (control center: GET|PUT /admin/settings/{system,fees,policies}),
 * one per key, grouped as the contract's three pages. A key not listed here cannot be changed through the API
 * (unknown key: 400). Values are checked whole; a bad one fails the update and nothing changes.
 */

const int = (min: number, max: number) =>
  z
    .number({ message: 'must be a number' })
    .int('must be a whole number')
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`);
const percent = (max: number) =>
  z.number({ message: 'must be a number' }).min(0, 'must be at least 0').max(max, `must be at most ${max}`);

const tier = z.strictObject({
  min_hours_before: int(0, 8760).describe('The tier applies when cancelling at least this many hours before the start'),
  refund_percent: int(0, 100),
});

/** Tiers of one policy: distinct thresholds, one of them 0 (any time before the start), and monotonic: cancelling
 *  earlier never refunds less. */
const tiers = z
  .array(tier)
  .min(1, 'needs at least one tier')
  .max(10, 'at most 10 tiers')
  .superRefine((list, ctx) => {
    const sorted = [...list].sort((a, b) => b.min_hours_before - a.min_hours_before);
    const thresholds = new Set(list.map((t) => t.min_hours_before));
    if (thresholds.size !== list.length) ctx.addIssue({ code: 'custom', message: 'min_hours_before values must be distinct' });
    if (!thresholds.has(0)) ctx.addIssue({ code: 'custom', message: 'needs a tier with min_hours_before 0' });
    for (let i = 1; i < sorted.length; i += 1) {
      if (sorted[i].refund_percent > sorted[i - 1].refund_percent) {
        ctx.addIssue({
          code: 'custom',
          message: `not monotonic: cancelling ${sorted[i].min_hours_before} h before refunds more than ${sorted[i - 1].min_hours_before} h before`,
        });
        break;
      }
    }
  });

const optionalText = (max: number) => z.string().trim().max(max).nullable();

export const SETTING_SCHEMAS = {
  system: {
    'booking.granularity_minutes': int(5, 1440).refine((v) => 1440 % v === 0, 'must divide a day (5, 10, 15, 30, 60, …)'),
    'booking.hold_minutes': int(1, 120),
    'booking.request_expiry_hours': int(1, 336),
    'booking.max_active_holds_per_customer': int(1, 50),
    'booking.max_advance_days': int(1, 1095),
    'booking.max_window_days': int(1, 366),
    'invoices.platform': z.strictObject({
      name: z.string().trim().min(1).max(160),
      address: optionalText(500),
      tax_id: optionalText(64),
    }),
    'rate_limits.general_per_minute': int(10, 100_000),
    'rate_limits.user_per_minute': int(10, 100_000),
    'rate_limits.auth_per_minute': int(1, 1000),
    'notifications.email_enabled': z.boolean({ message: 'must be true or false' }),
    'analytics.reporting': z.strictObject({
      timezone: z.string().refine((zone) => IANAZone.isValidZone(zone), 'must be an IANA timezone such as Europe/Berlin'),
      currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as EUR'),
    }),
  },
  fees: {
    'fees.platform_fee_percent': percent(50),
    'fees.tax_percent': percent(100).describe('Tax on subtotal plus platform fee'),
  },
  policies: {
    'policies.cancellation': z.strictObject({
      flexible: tiers,
      moderate: tiers,
      strict: tiers,
      vendor_cancel_refund_percent: int(0, 100),
    }),
    'reviews.window_days': int(1, 365),
    'reviews.report_threshold': int(0, 100).describe('0: never hide automatically'),
    'support.reopen_days': int(0, 365),
  },
} as const satisfies Record<string, Record<string, z.ZodType>>;

export type SettingsGroup = keyof typeof SETTING_SCHEMAS;
export const SETTINGS_GROUPS = Object.keys(SETTING_SCHEMAS) as SettingsGroup[];

/** A strict schema of a PUT body for one group: known keys only, each optional, each validated. */
export const groupUpdateSchema = (group: SettingsGroup) => {
  const shape = Object.fromEntries(Object.entries(SETTING_SCHEMAS[group]).map(([key, schema]) => [key, schema.optional()]));
  return z.strictObject(shape).refine((body) => Object.keys(body).length > 0, 'send at least one setting');
};
