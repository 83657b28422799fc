import { z } from 'zod';
import { venueZone } from '../../../../../domain/local-time';
import { dayOf } from '../../../../../domain/local-time';
import { DAY } from '../../../../../domain/time';
import { paginationQuery } from '../../../../../infra/paginate';
import { documentIdParam, isoInstant } from '../../../../../infra/params';
import { dataResponse, instant, integer, listResponse, quoteSchema } from '../../../../../infra/openapi-shapes';
import { plainText as toPlainText } from '../../../../../infra/plain-text';

/**
 * Request and response schemas of the listing area of the vendor dashboard (venues, media, amenities, hours,
 * calendar, pricing, promotions). The controllers parse with the request schemas; the routes hand both to
 * Strapi's OpenAPI document. Unknown keys are 400s, so a client can never set status, vendor, rating,
 * featured, slug or uses.
 */

export { documentIdParam };

export const WEEKDAY = z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);
const opensClock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:mm (00:00–23:59)');
const closesClock = z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'must be HH:mm (00:00–24:00)');
export const isoDate = z.string().refine((value) => !Number.isNaN(dayOf(value)), 'must be a date YYYY-MM-DD');

/** Plain text (tags dropped); the pipe keeps the schema convertible for the OpenAPI document (output side). */
const text = (max: number) =>
  z
    .string()
    .max(max)
    .transform((value) => toPlainText(value))
    .pipe(z.string());
const requiredText = (min: number, max: number) =>
  z
    .string()
    .transform((value) => toPlainText(value))
    .pipe(z.string().min(min).max(max));

export const weeklyRange = z.strictObject({ weekday: WEEKDAY, opens: opensClock, closes: closesClock });
export const dateOverride = z
  .strictObject({
    date: isoDate,
    closed: z.boolean(),
    opens: opensClock.nullish(),
    closes: closesClock.nullish(),
    note: text(255).nullish(),
  })
  .superRefine((o, ctx) => {
    if (!o.closed && (!o.opens || !o.closes))
      ctx.addIssue({ code: 'custom', path: ['opens'], message: 'an open override needs opens and closes' });
    if (o.closed && (o.opens || o.closes))
      ctx.addIssue({ code: 'custom', path: ['opens'], message: 'a closed day has no opens/closes' });
  });

const uniqueDates = (list: { date: string }[] | undefined, ctx: z.RefinementCtx, path: string) => {
  const seen = new Set<string>();
  (list ?? []).forEach((o, i) => {
    if (seen.has(o.date)) ctx.addIssue({ code: 'custom', path: [path, i, 'date'], message: `${o.date} is given twice` });
    seen.add(o.date);
  });
};

export const weeklyHoursList = z.array(weeklyRange).max(42);
export const dateOverridesList = z.array(dateOverride).max(400);

const timezone = z
  .string()
  .max(64)
  .refine((value) => {
    try {
      venueZone(value);
      return true;
    } catch {
      return false;
    }
  }, 'must be an IANA time zone such as Europe/Berlin');

const location = z.strictObject({
  address: requiredText(1, 255),
  city: requiredText(1, 120),
  country: z.string().regex(/^[A-Z]{2}$/, 'ISO 3166 alpha-2 code in capitals, e.g. DE'),
  postal_code: text(20).nullish(),
  lat: z.number().min(-90).max(90).nullish(),
  lng: z.number().min(-180).max(180).nullish(),
});

const halfHours = z
  .number()
  .min(0.5)
  .max(24 * 31)
  .refine((value) => Number.isInteger(value * 2), 'must be a multiple of 0.5');

const amenitySlugs = z.array(z.string().regex(/^[a-z0-9-]+$/, 'amenity slugs are lowercase words with dashes')).max(60);

/** Every field a vendor may set on a venue; status, vendor, slug, rating and featured are not among them. */
const venueFields = {
  name: requiredText(2, 160),
  description: text(10_000).nullish(),
  location,
  timezone,
  capacity: z.number().int().min(1).max(100_000),
  price_per_hour: z.number().int().min(0).max(1_000_000_000),
  currency: z.string().regex(/^[A-Z]{3}$/, 'ISO 4217 code in capitals, e.g. EUR'),
  booking_mode: z.enum(['instant', 'request']),
  min_hours: halfHours,
  max_hours: halfHours.nullish(),
  buffer_minutes: z.number().int().min(0).max(1440),
  notice_hours: z.number().int().min(0).max(8760),
  cancellation_policy: z.enum(['flexible', 'moderate', 'strict']),
  amenities: amenitySlugs,
  weekly_hours: weeklyHoursList,
  date_overrides: dateOverridesList,
};

const limitsCheck = (v: { min_hours?: number; max_hours?: number | null }, ctx: z.RefinementCtx) => {
  if (v.min_hours !== undefined && typeof v.max_hours === 'number' && v.max_hours < v.min_hours)
    ctx.addIssue({ code: 'custom', path: ['max_hours'], message: 'max_hours is below min_hours' });
};

export const createVenueBody = z
  .strictObject({
    ...venueFields,
    description: venueFields.description,
    timezone: venueFields.timezone.default('UTC'),
    capacity: venueFields.capacity.default(10),
    currency: venueFields.currency.default('EUR'),
    booking_mode: venueFields.booking_mode.default('instant'),
    min_hours: venueFields.min_hours.default(1),
    buffer_minutes: venueFields.buffer_minutes.default(0),
    notice_hours: venueFields.notice_hours.default(0),
    cancellation_policy: venueFields.cancellation_policy.default('moderate'),
    amenities: venueFields.amenities.optional(),
    weekly_hours: venueFields.weekly_hours.optional(),
    date_overrides: venueFields.date_overrides.optional(),
  })
  .superRefine((v, ctx) => {
    limitsCheck(v, ctx);
    uniqueDates(v.date_overrides, ctx, 'date_overrides');
  });

export const updateVenueBody = z
  .strictObject(
    Object.fromEntries(Object.entries(venueFields).map(([k, s]) => [k, s.optional()])) as {
      [K in keyof typeof venueFields]: z.ZodOptional<(typeof venueFields)[K]>;
    }
  )
  .superRefine((v, ctx) => {
    limitsCheck(v, ctx);
    uniqueDates(v.date_overrides, ctx, 'date_overrides');
    if (Object.keys(v).length === 0) ctx.addIssue({ code: 'custom', path: [], message: 'nothing to update' });
  });

export type CreateVenueInput = z.infer<typeof createVenueBody>;
export type UpdateVenueInput = z.infer<typeof updateVenueBody>;

export const VENUE_STATUSES = ['draft', 'pending_approval', 'approved', 'rejected', 'suspended', 'archived'] as const;
export const listVenuesQuery = z.strictObject({ status: z.enum(VENUE_STATUSES).optional(), ...paginationQuery });
export const idParams = { id: documentIdParam };

// ------------------------------------------------------------------------------------------------
// Amenities, hours

export const amenitiesBody = z.strictObject({ amenities: amenitySlugs });
export const hoursQuery = z.strictObject({ venue: documentIdParam });
export const hoursBody = z
  .strictObject({ venue: documentIdParam, weekly_hours: weeklyHoursList, date_overrides: dateOverridesList.default([]) })
  .superRefine((v, ctx) => uniqueDates(v.date_overrides, ctx, 'date_overrides'));

// ------------------------------------------------------------------------------------------------
// Calendar

export const MAX_CALENDAR_DAYS = 62;
export const calendarQuery = z
  .strictObject({ venue: documentIdParam, from: isoInstant, to: isoInstant })
  .superRefine((q, ctx) => {
    const span = Date.parse(q.to) - Date.parse(q.from);
    if (span <= 0) ctx.addIssue({ code: 'custom', path: ['to'], message: 'to must be after from' });
    if (span > MAX_CALENDAR_DAYS * DAY)
      ctx.addIssue({ code: 'custom', path: ['to'], message: `a calendar window spans at most ${MAX_CALENDAR_DAYS} days` });
  });

// ------------------------------------------------------------------------------------------------
// Pricing

export const baseRatesQuery = z.strictObject({ venue: documentIdParam });
export const baseRatesBody = z.strictObject({
  venue: documentIdParam,
  price_per_hour: venueFields.price_per_hour,
  currency: venueFields.currency.optional(),
});

const ruleCommon = {
  name: requiredText(1, 120),
  active: z.boolean().optional(),
  priority: z.number().int().min(-1000).max(1000).optional(),
  starts_on: isoDate.nullish(),
  ends_on: isoDate.nullish(),
  weekdays: z.array(WEEKDAY).max(7).nullish(),
};
const dateRangeCheck = (v: { starts_on?: string | null; ends_on?: string | null }, ctx: z.RefinementCtx) => {
  if (v.starts_on && v.ends_on && v.starts_on > v.ends_on)
    ctx.addIssue({ code: 'custom', path: ['ends_on'], message: 'ends_on is before starts_on' });
};

const specialRateFields = {
  ...ruleCommon,
  time_from: opensClock.nullish(),
  time_to: closesClock.nullish(),
  price_per_hour: z.number().int().min(0).max(1_000_000_000).nullish(),
  multiplier: z.number().min(0).max(100).nullish(),
};
const specialRateCheck = (
  v: { time_from?: string | null; time_to?: string | null; price_per_hour?: number | null; multiplier?: number | null },
  ctx: z.RefinementCtx,
  partial: boolean
) => {
  if (!v.time_from !== !v.time_to && !(partial && v.time_from === undefined && v.time_to === undefined))
    ctx.addIssue({ code: 'custom', path: ['time_to'], message: 'time_from and time_to go together' });
  const price = v.price_per_hour !== undefined && v.price_per_hour !== null;
  const mult = v.multiplier !== undefined && v.multiplier !== null;
  if (price && mult)
    ctx.addIssue({ code: 'custom', path: ['multiplier'], message: 'give price_per_hour or multiplier, not both' });
  if (!partial && !price && !mult)
    ctx.addIssue({ code: 'custom', path: ['price_per_hour'], message: 'give price_per_hour or multiplier' });
};

export const specialRateBody = z.strictObject({ venue: documentIdParam, ...specialRateFields }).superRefine((v, ctx) => {
  dateRangeCheck(v, ctx);
  specialRateCheck(v, ctx, false);
});
export const specialRatePatch = z
  .strictObject(
    Object.fromEntries(Object.entries(specialRateFields).map(([k, s]) => [k, s.optional()])) as {
      [K in keyof typeof specialRateFields]: z.ZodOptional<(typeof specialRateFields)[K]>;
    }
  )
  .superRefine((v, ctx) => {
    dateRangeCheck(v, ctx);
    specialRateCheck(v, ctx, true);
  });

const promoCode = z
  .string()
  .trim()
  .min(3)
  .max(40)
  .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, - and _ only');
const discountFields = {
  ...ruleCommon,
  discount_type: z.enum(['percent', 'fixed']),
  discount_value: z.number().int().min(0).max(1_000_000_000),
  promo_code: promoCode.nullish(),
  min_hours: z.number().min(0).max(744).nullish(),
  max_uses: z.number().int().min(0).max(1_000_000).nullish(),
};
const discountCheck = (v: { discount_type?: string; discount_value?: number }, ctx: z.RefinementCtx) => {
  if (v.discount_type === 'percent' && v.discount_value !== undefined && v.discount_value > 100)
    ctx.addIssue({ code: 'custom', path: ['discount_value'], message: 'a percent discount is at most 100' });
};
export const discountBody = z.strictObject({ venue: documentIdParam, ...discountFields }).superRefine((v, ctx) => {
  dateRangeCheck(v, ctx);
  discountCheck(v, ctx);
});
export const discountPatch = z
  .strictObject(
    Object.fromEntries(Object.entries(discountFields).map(([k, s]) => [k, s.optional()])) as {
      [K in keyof typeof discountFields]: z.ZodOptional<(typeof discountFields)[K]>;
    }
  )
  .superRefine((v, ctx) => {
    dateRangeCheck(v, ctx);
    discountCheck(v, ctx);
  });

export type SpecialRateInput = z.infer<typeof specialRatePatch>;
export type DiscountInput = z.infer<typeof discountPatch>;

export const rulesQuery = z.strictObject({ venue: documentIdParam.optional(), ...paginationQuery });

export const previewBody = z
  .strictObject({
    venue: documentIdParam,
    start: isoInstant,
    end: isoInstant,
    promo_code: z.string().trim().min(1).max(40).optional(),
    special_rate: z.strictObject(specialRateFields).optional(),
    discount: z.strictObject(discountFields).optional(),
  })
  .superRefine((v, ctx) => {
    const span = Date.parse(v.end) - Date.parse(v.start);
    if (span <= 0) ctx.addIssue({ code: 'custom', path: ['end'], message: 'end must be after start' });
    if (span > 31 * DAY) ctx.addIssue({ code: 'custom', path: ['end'], message: 'a preview spans at most 31 days' });
    if (v.special_rate) specialRateCheck(v.special_rate, ctx, false);
    if (v.discount) discountCheck(v.discount, ctx);
  });

// ------------------------------------------------------------------------------------------------
// Media

export const MEDIA_MAX_BYTES = 10 * 1024 * 1024;
export const MEDIA_MAX_PER_VENUE = 20;
export const mediaUploadBody = z.strictObject({ venue: documentIdParam, alt: text(200).optional() });
export const mediaUploadFiles = z.strictObject(
  {
    file: z.object(
      {
        filepath: z.string().min(1),
        size: z.number().int().min(0),
        originalFilename: z.string().nullish(),
        mimetype: z.string().nullish(),
      },
      { message: 'exactly one file part named file' }
    ),
  },
  { message: 'one file part named file' }
);
export type UploadedFile = z.infer<typeof mediaUploadFiles>['file'];
export const mediaParams = { venue: documentIdParam, file: documentIdParam };
export const mediaPatchBody = z
  .strictObject({ alt: text(200).optional(), position: z.number().int().min(0).max(MEDIA_MAX_PER_VENUE).optional() })
  .refine((v) => v.alt !== undefined || v.position !== undefined, 'give alt or position');
export const mediaUploadBodyDoc = z.strictObject({
  venue: documentIdParam,
  alt: z.string().max(200).optional(),
  file: z
    .file()
    .mime(['image/jpeg', 'image/png', 'image/webp'])
    .max(MEDIA_MAX_BYTES)
    .describe('One JPEG, PNG or WebP image of at most 10 MB (larger: 413); the type is detected from the bytes; EXIF is removed'),
});

// ------------------------------------------------------------------------------------------------
// Promotions

export const featuredSlotBody = z
  .strictObject({ venue: documentIdParam, starts_on: isoDate, ends_on: isoDate, note: text(500).optional() })
  .superRefine((v, ctx) => {
    if (v.starts_on > v.ends_on) ctx.addIssue({ code: 'custom', path: ['ends_on'], message: 'ends_on is before starts_on' });
    if (dayOf(v.ends_on) - dayOf(v.starts_on) > 90)
      ctx.addIssue({ code: 'custom', path: ['ends_on'], message: 'a featured slot lasts at most 91 days' });
  });
export const featuredSlotsQuery = z.strictObject({
  venue: documentIdParam.optional(),
  status: z.enum(['requested', 'approved', 'rejected', 'cancelled']).optional(),
  ...paginationQuery,
});

// ------------------------------------------------------------------------------------------------
// Responses (OpenAPI)

const clock = z.string().describe('HH:mm venue-local');
const imageSchema = z.object({
  documentId: z.string(),
  url: z.string(),
  alt: z.string().nullable(),
  width: integer.nullable(),
  height: integer.nullable(),
  mime: z.string().nullable(),
  size_kb: z.number().nullable(),
});

export const vendorVenueSchema = z.object({
  documentId: z.string(),
  name: z.string(),
  slug: z.string(),
  description: z.string().nullable(),
  status: z.enum(VENUE_STATUSES),
  rejection_reason: z.string().nullable(),
  location: z
    .object({
      address: z.string(),
      city: z.string(),
      country: z.string(),
      postal_code: z.string().nullable(),
      lat: z.number().nullable(),
      lng: z.number().nullable(),
    })
    .nullable(),
  timezone: z.string(),
  capacity: integer,
  price_per_hour: integer.describe('Base rate in minor units'),
  currency: z.string(),
  booking_mode: z.enum(['instant', 'request']),
  min_hours: z.number().nullable(),
  max_hours: z.number().nullable(),
  buffer_minutes: integer,
  notice_hours: integer,
  cancellation_policy: z.enum(['flexible', 'moderate', 'strict']),
  featured: z.boolean(),
  rating: z.object({ average: z.number(), count: integer }),
  amenities: z.array(z.string()).describe('Amenity slugs, sorted'),
  images: z.array(imageSchema).describe('In display order'),
  weekly_hours: z.array(z.object({ weekday: WEEKDAY, opens: clock, closes: clock })),
  date_overrides: z.array(
    z.object({
      date: z.string(),
      closed: z.boolean(),
      opens: clock.nullable(),
      closes: clock.nullable(),
      note: z.string().nullable(),
    })
  ),
  created_at: instant,
  updated_at: instant,
});

export const venueResponse = dataResponse(vendorVenueSchema);
export const venueListResponse = listResponse(vendorVenueSchema, "The caller's own venues, newest first");
export const venueUpdateResponse = dataResponse(
  vendorVenueSchema.extend({
    review_required: z.boolean().describe('true when a material change sent the venue back to pending_approval'),
  })
);
export const venueRemovedResponse = dataResponse(
  z.object({ documentId: z.string(), outcome: z.enum(['deleted', 'archived']) }),
  'Deleted when the venue never had a booking; archived (out of search, bookings kept) otherwise'
);

export const amenitySchema = z.object({ slug: z.string(), name: z.string(), icon: z.string().nullable() });
export const amenityCatalogResponse = listResponse(amenitySchema, 'The whole amenity catalogue');
export const amenitiesResponse = dataResponse(z.object({ venue: z.string(), amenities: z.array(z.string()) }));

export const hoursSchema = z.object({
  venue: z.string(),
  timezone: z.string(),
  weekly_hours: vendorVenueSchema.shape.weekly_hours,
  date_overrides: vendorVenueSchema.shape.date_overrides,
});
export const hoursResponse = dataResponse(hoursSchema);

const span = z.object({ start: instant, end: instant });
export const calendarSchema = z.object({
  venue: z.string(),
  timezone: z.string(),
  from: instant,
  to: instant,
  bookings: z.array(
    span.extend({
      documentId: z.string(),
      reference: z.string().nullable(),
      status: z.string(),
      payment_status: z.string(),
      guests: integer,
      total_amount: integer,
      currency: z.string(),
      customer: z.object({ documentId: z.string().nullable(), name: z.string() }),
    })
  ),
  blocks: z.array(span.extend({ documentId: z.string(), source: z.string(), reason: z.string().nullable() })),
  overrides: vendorVenueSchema.shape.date_overrides,
  open: z.array(span).describe('Opening time in the window'),
  closed: z.array(span).describe('Time in the window outside the opening hours'),
});
export const calendarResponse = dataResponse(calendarSchema, 'Everything a month view of one venue needs');

export const baseRatesResponse = dataResponse(z.object({ venue: z.string(), price_per_hour: integer, currency: z.string() }));

export const pricingRuleSchema = z.object({
  documentId: z.string(),
  venue: z.string(),
  name: z.string(),
  kind: z.enum(['special_rate', 'discount']),
  active: z.boolean(),
  priority: integer,
  starts_on: z.string().nullable(),
  ends_on: z.string().nullable(),
  weekdays: z.array(WEEKDAY).nullable(),
  time_from: clock.nullable(),
  time_to: clock.nullable(),
  price_per_hour: integer.nullable(),
  multiplier: z.number().nullable(),
  discount_type: z.enum(['percent', 'fixed']).nullable(),
  discount_value: integer.nullable(),
  promo_code: z.string().nullable(),
  min_hours: z.number().nullable(),
  max_uses: integer.nullable(),
  uses: integer,
});
export const ruleResponse = dataResponse(pricingRuleSchema);
export const ruleListResponse = listResponse(pricingRuleSchema, "Rules of the caller's venues");
export const previewResponse = dataResponse(
  z.object({ current: quoteSchema, preview: quoteSchema }),
  'The window priced with the saved rules, and with the draft rule added (nothing is saved)'
);

export const mediaResponse = dataResponse(z.object({ venue: z.string(), images: z.array(imageSchema) }));

export const featuredSlotSchema = z.object({
  documentId: z.string(),
  venue: z.object({ documentId: z.string(), name: z.string() }),
  starts_on: z.string(),
  ends_on: z.string(),
  status: z.enum(['requested', 'approved', 'rejected', 'cancelled']),
  note: z.string().nullable(),
  reason: z.string().nullable(),
  decided_at: instant.nullable(),
  created_at: instant,
});
export const featuredSlotResponse = dataResponse(featuredSlotSchema);
export const featuredSlotListResponse = listResponse(featuredSlotSchema, "The caller's featured-slot requests, newest first");
