import { z } from 'zod';
import { bookingSchema } from '../../../../../api/booking/contracts';
import { vendorReviewSchema, vendorReviewsQuery } from '../../../../../api/review/contracts';
import { BOOKING_STATUSES } from '../../../../../domain/booking/state-machine';
import { dataResponse, instant, integer, listResponse, paginationSchema } from '../../../../../infra/openapi-shapes';
import { paginationQuery } from '../../../../../infra/paginate';
import { documentIdParam, isoInstant } from '../../../../../infra/params';

/**
 * Request and response schemas of the vendor dashboard's operations area (bookings, analytics, profile,
 * Stripe Connect, documents). Controllers parse with the request schemas; the routes publish both in the
 * OpenAPI document.
 */

const DAY_MS = 86_400_000;

/** `from` before `to` and the span at most `maxDays`; the error names `to`. */
const windowRule =
  (maxDays: number) =>
  (value: { from?: string; to?: string }, ctx: z.RefinementCtx): void => {
    if (!value.from || !value.to) return;
    const span = Date.parse(value.to) - Date.parse(value.from);
    if (span <= 0) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must be after from' });
    else if (span > maxDays * DAY_MS)
      ctx.addIssue({ code: 'custom', path: ['to'], message: `at most ${maxDays} days after from` });
  };

/* ------------------------------------------------------------------------------------------------
 * Bookings
 * ---------------------------------------------------------------------------------------------- */

const bookingFilters = {
  venue: documentIdParam.optional().describe('Only bookings of this venue (one of yours; another → 404)'),
  from: isoInstant.optional().describe('Bookings starting at or after this instant'),
  to: isoInstant.optional().describe('Bookings starting before this instant'),
  ...paginationQuery,
};

export const ACTIVE_STATUSES = ['confirmed', 'requested', 'pending_payment'] as const;

export const upcomingQuery = z
  .strictObject({
    ...bookingFilters,
    status: z.enum(ACTIVE_STATUSES).optional().describe('One of the active statuses'),
  })
  .superRefine(windowRule(3660));

export const bookingListQuery = z
  .strictObject({ ...bookingFilters, status: z.enum(BOOKING_STATUSES).optional() })
  .superRefine(windowRule(3660));

export type BookingListQuery = z.infer<typeof bookingListQuery>;

export const vendorBookingListResponse = listResponse(bookingSchema, 'Bookings of your venues (customer display names included)');

/* ------------------------------------------------------------------------------------------------
 * Analytics
 * ---------------------------------------------------------------------------------------------- */

export const revenueQuery = z
  .strictObject({
    from: isoInstant.optional().describe('Default: 90 days ago'),
    to: isoInstant.optional().describe('Default: 90 days from now; at most 731 days after from'),
    interval: z.enum(['day', 'week', 'month']).default('day'),
    venue: documentIdParam.optional().describe('Only this venue (one of yours)'),
  })
  .superRefine(windowRule(731));

export const performanceQuery = z
  .strictObject({
    from: isoInstant.optional().describe('Default: 30 days ago'),
    to: isoInstant.optional().describe('Default: 30 days from now; at most 366 days after from'),
    venue: documentIdParam.optional().describe('Only this venue (one of yours)'),
  })
  .superRefine(windowRule(366));

export const insightsQuery = z
  .strictObject({
    from: isoInstant.optional().describe('Default: 365 days ago'),
    to: isoInstant.optional().describe('Default: now; at most 731 days after from'),
  })
  .superRefine(windowRule(731));

export const analyticsReviewsQuery = vendorReviewsQuery;

export type RevenueQuery = z.infer<typeof revenueQuery>;
export type PerformanceQuery = z.infer<typeof performanceQuery>;
export type InsightsQuery = z.infer<typeof insightsQuery>;

const windowSchema = z.object({ from: instant, to: instant });

const moneyFields = {
  gross: integer.describe('Money captured from customers (minor units)'),
  platform_fees: integer.describe('Platform fees on that money'),
  refunds: integer.describe('Refunds that succeeded'),
  net: integer.describe('gross - platform_fees - refunds'),
  payouts: integer.describe('Transferred to your Stripe Connect account (captured amount minus platform fee)'),
  projected: integer.describe('Total of confirmed bookings that have not started yet'),
  bookings: integer.describe('Bookings with money captured or confirmed'),
};

export const revenueRowSchema = z.object({
  bucket: z.string().describe('Venue-local first day of the bucket, YYYY-MM-DD'),
  currency: z.string(),
  ...moneyFields,
});

export const revenueResponse = dataResponse(
  z.object({
    interval: z.enum(['day', 'week', 'month']),
    window: windowSchema,
    rows: z.array(revenueRowSchema).describe('One row per bucket and currency, buckets with activity only'),
    totals: z.array(z.object({ currency: z.string(), ...moneyFields })),
  }),
  "Revenue by the venue-local day each booking starts on, in each venue's currency"
);

export const venuePerformanceSchema = z.object({
  venue: z.object({ documentId: z.string(), name: z.string(), currency: z.string(), timezone: z.string() }),
  bookings: integer.describe('Bookings starting in the window, any status'),
  confirmed: integer.describe('Of those: confirmed or completed'),
  cancelled: integer,
  cancellation_rate: z.number().nullable().describe('cancelled / (confirmed + completed + cancelled)'),
  requests: integer.describe('Request-to-book bookings starting in the window'),
  requests_confirmed: integer.describe('Of those: approved by you (confirmed at some point)'),
  request_conversion: z.number().nullable().describe('requests_confirmed / requests'),
  average_value: integer.nullable().describe('Average total of confirmed/completed bookings (minor units)'),
  lead_time_hours: z.number().nullable().describe('Average hours between booking and start (confirmed/completed)'),
  booked_hours: z.number().describe('Hours of confirmed/completed bookings inside the window'),
  open_hours: z.number().describe('Opening hours inside the part of the window the opening projection covers'),
  occupancy: z.number().nullable().describe('booked_hours / open_hours'),
});

export const performanceResponse = dataResponse(
  z.object({
    window: windowSchema,
    occupancy_window: windowSchema
      .nullable()
      .describe('The part of the window with known opening hours (the projection starts yesterday); null if none'),
    venues: z.array(venuePerformanceSchema),
  }),
  'Performance per venue'
);

const ratingPoint = z.object({
  bucket: z.string().describe('Month, YYYY-MM-01 (UTC)'),
  reviews: integer,
  average: z.number().nullable(),
});

export const insightsResponse = dataResponse(
  z.object({
    window: windowSchema,
    customers: integer.describe('Distinct customers with a confirmed or completed booking starting in the window'),
    repeat_customers: integer.describe('Of those: customers with two or more such bookings'),
    repeat_rate: z.number().nullable(),
    bookings_per_customer: z.number().nullable(),
    lead_time_hours: z.number().nullable(),
    rating: z.object({ average: z.number().nullable(), count: integer, trend: z.array(ratingPoint) }),
  }),
  'Customer insights (no personal data)'
);

export const analyticsReviewsResponse = z.object({
  data: z.array(vendorReviewSchema),
  meta: z.object({
    pagination: paginationSchema,
    rating: z.object({
      average: z.number().nullable().describe('Published reviews of your venues'),
      count: integer,
      trend: z.array(ratingPoint).describe('Last 12 months'),
    }),
  }),
});

/* ------------------------------------------------------------------------------------------------
 * Profile
 * ---------------------------------------------------------------------------------------------- */

const httpUrl = z
  .string()
  .trim()
  .max(255)
  .url()
  .refine((value) => /^https?:\/\//i.test(value), 'must be an http(s) URL');

export const updateSettingsBody = z.strictObject({
  business_name: z.string().trim().min(2).max(120).optional(),
  description: z.string().trim().max(5000).nullable().optional(),
  contact_email: z.email().max(255).nullable().optional(),
  contact_phone: z
    .string()
    .trim()
    .regex(/^\+?[0-9 ()./-]{5,30}$/, 'must be a phone number')
    .nullable()
    .optional(),
  website: httpUrl.nullable().optional(),
  tax_id: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9 .-]{4,40}$/, 'must be 4-40 letters, digits, spaces, dots or dashes')
    .nullable()
    .optional()
    .describe('Stored privately; only its last 4 characters are shown back'),
});

export type SettingsUpdate = z.infer<typeof updateSettingsBody>;

export const settingsSchema = z.object({
  documentId: z.string(),
  business_name: z.string(),
  description: z.string().nullable(),
  contact_email: z.string().nullable(),
  contact_phone: z.string().nullable(),
  website: z.string().nullable(),
  tax_id: z.object({ present: z.boolean(), last4: z.string().nullable() }),
  verification_status: z.enum(['pending', 'approved', 'rejected', 'suspended']),
  rejection_reason: z.string().nullable(),
  verified_at: instant.nullable(),
  payouts_enabled: z.boolean(),
});

export const settingsResponse = dataResponse(settingsSchema, 'Your business profile (status fields are read-only)');

export const bankInfoBody = z.strictObject({
  return_url: httpUrl.optional().describe('Where Stripe sends you after onboarding (default: the dashboard)'),
  refresh_url: httpUrl.optional().describe('Where Stripe sends you when the link expired'),
});

const connectStatusSchema = z.object({
  connected: z.boolean().describe('A Stripe Connect account exists'),
  charges_enabled: z.boolean(),
  payouts_enabled: z.boolean(),
  details_submitted: z.boolean(),
  requirements_due: z.array(z.string()).describe('Stripe requirement ids still due (currently_due + past_due)'),
  disabled_reason: z.string().nullable(),
  updated_at: instant.nullable().describe('When Stripe last reported the account (account.updated)'),
});

export const bankInfoResponse = dataResponse(connectStatusSchema, 'Stripe Connect status; bank details are never shown');
export const onboardingResponse = dataResponse(
  connectStatusSchema.extend({
    onboarding_url: z.string().describe('Stripe-hosted onboarding link (single use)'),
    expires_at: instant,
  }),
  'Stripe Connect onboarding link (the account is created once)'
);

/* ------------------------------------------------------------------------------------------------
 * Documents
 * ---------------------------------------------------------------------------------------------- */

export const DOCUMENT_MAX_BYTES = 10 * 1024 * 1024;
export const DOCUMENTS_PER_VENDOR = 20;

export const documentUploadFiles = z.strictObject(
  {
    file: z.object(
      {
        filepath: z.string().min(1),
        size: z.number().int().min(0),
        originalFilename: z.string().nullish(),
        mimetype: z.string().nullish(),
      },
      { message: 'send exactly one file as the multipart field "file"' }
    ),
  },
  { message: 'send the file as multipart/form-data with the field "file"' }
);

export type UploadedDocument = z.infer<typeof documentUploadFiles>['file'];

export const documentUploadBody = z.strictObject({
  kind: z.enum(['business_registration', 'identity', 'tax', 'bank', 'other']).default('other'),
});

export const documentUploadDoc = z
  .strictObject({
    file: z.string().meta({ format: 'binary' }).describe('PDF, JPEG or PNG (detected from the content), at most 10 MB'),
    kind: z.enum(['business_registration', 'identity', 'tax', 'bank', 'other']).optional(),
  })
  .describe('multipart/form-data');

export const documentsQuery = z.strictObject({ ...paginationQuery });

export const documentIdPath = { id: documentIdParam };

export const documentSchema = z.object({
  documentId: z.string(),
  name: z.string(),
  kind: z.string(),
  mime: z.enum(['application/pdf', 'image/jpeg', 'image/png']),
  size: integer,
  created_at: instant,
  download_path: z.string().describe('Authorised download route (Bearer token required)'),
});

export const documentResponse = dataResponse(documentSchema, 'The stored document (HTTP 201)');
export const documentListResponse = listResponse(documentSchema, 'Your private verification documents, newest first');
export const documentDownloadResponse = z.string().meta({
  description:
    'The file itself (not JSON), with its stored content type (application/pdf, image/jpeg or image/png) and Content-Disposition: attachment',
  contentMediaType: 'application/octet-stream',
});
export const documentDeletedResponse = dataResponse(z.object({ documentId: z.string(), deleted: z.literal(true) }));
