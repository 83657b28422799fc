import { documentIdParam, isoInstant } from '../../infra/params';
import { paginationQuery } from '../../infra/paginate';
import { z } from 'zod';
import type { Quote } from '../../domain/pricing';
import {
  dataResponse,
  instant,
  integer,
  listResponse,
  queryParams,
  quoteSchema,
  type Documents,
} from '../../infra/openapi-shapes';
import type venueCatalog from './services/venue-catalog';
import type venueSearch from './services/venue-search';
import type { VenueView } from './venue-view';
import { DAY } from '../../domain/time';

/** Request schemas of the public venue endpoints. Unknown query keys are rejected. */
const number = (min: number, max: number) => z.coerce.number().min(min).max(max);
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

export { documentIdParam };

export const searchQuery = z
  .strictObject({
    q: z.string().trim().min(1).max(100).optional(),
    city: z.string().trim().min(1).max(120).optional(),
    country: z
      .string()
      .trim()
      .regex(/^[A-Za-z]{2}$/, 'ISO 3166 alpha-2 code')
      .optional(),
    lat: number(-90, 90).optional(),
    lng: number(-180, 180).optional(),
    radius_km: number(0.1, 20_000).optional(),
    guests: int(1, 100_000).optional(),
    price_min: int(0, 1_000_000_000).optional(),
    price_max: int(0, 1_000_000_000).optional(),
    currency: z
      .string()
      .regex(/^[A-Za-z]{3}$/)
      .optional(),
    amenities: z
      .string()
      .max(500)
      .transform((value) =>
        value
          .split(',')
          .map((slug) => slug.trim())
          .filter(Boolean)
      )
      .pipe(z.array(z.string().regex(/^[a-z0-9-]+$/, 'amenity slugs are lowercase words with dashes')).max(20))
      .optional(),
    start: isoInstant.optional(),
    end: isoInstant.optional(),
    sort: z.enum(['relevance', 'price_asc', 'price_desc', 'rating', 'distance', 'newest']).default('relevance'),
    ...paginationQuery,
  })
  .superRefine((q, ctx) => {
    if ((q.lat === undefined) !== (q.lng === undefined))
      ctx.addIssue({ code: 'custom', path: ['lat'], message: 'lat and lng go together' });
    if (q.radius_km !== undefined && q.lat === undefined)
      ctx.addIssue({ code: 'custom', path: ['radius_km'], message: 'radius_km needs lat and lng' });
    if (q.sort === 'distance' && q.lat === undefined)
      ctx.addIssue({ code: 'custom', path: ['sort'], message: 'sort=distance needs lat and lng' });
    if ((q.start === undefined) !== (q.end === undefined))
      ctx.addIssue({ code: 'custom', path: ['start'], message: 'start and end go together' });
    if (q.start && q.end && Date.parse(q.end) <= Date.parse(q.start))
      ctx.addIssue({ code: 'custom', path: ['end'], message: 'end must be after start' });
    if (q.start && q.end && Date.parse(q.end) - Date.parse(q.start) > 31 * DAY)
      ctx.addIssue({ code: 'custom', path: ['end'], message: 'a search window spans at most 31 days' });
    if (q.price_min !== undefined && q.price_max !== undefined && q.price_min > q.price_max)
      ctx.addIssue({ code: 'custom', path: ['price_min'], message: 'price_min is above price_max' });
  });

export const windowQuery = z.strictObject({ from: isoInstant.optional(), to: isoInstant.optional() });

export const quoteQuery = z.strictObject({
  start: isoInstant,
  end: isoInstant,
  guests: int(1, 100_000).default(1),
  promo_code: z.string().trim().min(1).max(40).optional(),
});

export const reviewsQuery = z.strictObject({ ...paginationQuery });

/* ------------------------------------------------------------------------------------------------
 * OpenAPI documentation (see src/infra/openapi-shapes.ts): query parameter maps and response
 * schemas following venue-view.ts, services/venue-search.ts and services/venue-catalog.ts.
 * ---------------------------------------------------------------------------------------------- */

/** The search parameters one by one; `amenities` is documented in its wire form (the schema above parses it into a list). */
export const searchQueryParams = queryParams(searchQuery, {
  amenities: z
    .string()
    .max(500)
    .optional()
    .describe(
      'Comma-separated amenity slugs (lowercase words with dashes, at most 20), e.g. wifi,parking; a venue must have all of them'
    ),
  lat: searchQuery.shape.lat.describe('Latitude; lat and lng go together (required by radius_km and sort=distance)'),
  lng: searchQuery.shape.lng.describe('Longitude; lat and lng go together'),
  start: searchQuery.shape.start.describe(
    'With end: only venues bookable for the whole window (at most 31 days); hits then carry a quote'
  ),
  end: searchQuery.shape.end.describe('With start; must be after start'),
});

const imageSize = z.object({ url: z.string(), width: integer.nullable(), height: integer.nullable() });

export const venueSchema = z.object({
  documentId: z.string(),
  name: z.string(),
  slug: z.string(),
  description: z.string().nullable(),
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
  timezone: z.string().describe('IANA time zone of the venue'),
  capacity: integer,
  price_per_hour: z.number().describe('Base rate in minor units'),
  currency: z.string(),
  amenities: z.array(z.string()).describe('Amenity slugs, sorted'),
  images: z.array(
    imageSize.extend({
      alt: z.string().nullable(),
      sizes: z.object({}).catchall(imageSize).describe('Resized variants by format name (thumbnail, small, …)'),
    })
  ),
  rating: z.object({ average: z.number(), count: integer }),
  booking_mode: z.enum(['instant', 'request']),
  min_hours: z.number().nullable(),
  max_hours: z.number().nullable(),
  buffer_minutes: integer,
  notice_hours: z.number(),
  cancellation_policy: z.enum(['flexible', 'moderate', 'strict']),
  vendor: z.object({ documentId: z.string(), business_name: z.string() }).nullable(),
  featured: z.boolean(),
});

export const searchHitSchema = venueSchema.extend({
  distance_km: z.number().optional().describe('Only when lat and lng were given'),
  quote: quoteSchema.nullable().optional().describe('Only when start and end were given; null when the venue cannot be priced'),
});

export const reviewSchema = z.object({
  documentId: z.string(),
  rating: integer.min(1).max(5),
  comment: z.string().nullable(),
  author: z.string().describe('First name and last initial, or "Guest"'),
  vendor_response: z.string().nullable(),
  vendor_responded_at: z.string().nullable(),
  created_at: instant,
});

const clock = z.string().describe('HH:mm venue-local');

export const venueDetailsSchema = venueSchema.extend({
  pricing_rules: z
    .array(
      z.object({
        name: z.string(),
        kind: z.enum(['special_rate', 'discount']),
        starts_on: z.string().nullable(),
        ends_on: z.string().nullable(),
        weekdays: z.array(z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'])).nullable(),
        time_from: clock.nullable(),
        time_to: clock.nullable(),
        price_per_hour: z.number().nullable(),
        multiplier: z.number().nullable(),
        discount_type: z.enum(['percent', 'fixed']).nullable(),
        discount_value: z.number().nullable(),
        min_hours: z.number().nullable(),
      })
    )
    .describe('Rules in force without a promo code'),
  weekly_hours: z.array(
    z.object({ weekday: z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']), opens: clock, closes: clock })
  ),
  date_overrides: z.array(z.object({ date: z.string(), closed: z.boolean(), opens: clock.nullable(), closes: clock.nullable() })),
  policy: z.object({ name: z.enum(['flexible', 'moderate', 'strict']), text: z.string() }),
  rating_histogram: z
    .object({ 1: integer, 2: integer, 3: integer, 4: integer, 5: integer })
    .describe('Published reviews per star count'),
  latest_reviews: z.array(reviewSchema).describe('The 5 latest published reviews'),
});

const span = z.object({ start: instant, end: instant });

export const availabilitySchema = z.object({
  timezone: z.string(),
  granularity_minutes: integer,
  free: z.array(span),
  busy: z.array(span.extend({ kind: z.enum(['booking', 'blocked', 'closed']) })).describe('Never says who booked'),
});

export const searchResponse = listResponse(searchHitSchema, 'Bookable venues matching the filters');
export const venueDetailsResponse = dataResponse(venueDetailsSchema);
export const reviewsResponse = listResponse(reviewSchema, 'Published reviews, latest first');
export const availabilityResponse = dataResponse(
  availabilitySchema,
  'Free and busy time in the window (default: the next 7 days)'
);
export const quoteResponse = dataResponse(quoteSchema, 'The price of the window; 409 SLOT_TAKEN when it is already booked');
/** Strapi's generator files every response under application/json; this one is sent as text/calendar. */
export const calendarResponse = z.string().meta({
  description: 'iCalendar (RFC 5545) busy feed, sent as text/calendar; charset=utf-8 (not JSON)',
  contentMediaType: 'text/calendar',
});

// Compile-time drift checks against the code that builds the answers (enums typed `string` there excepted).
type Loose = 'booking_mode' | 'cancellation_policy';
type Catalog = ReturnType<typeof venueCatalog>;
type Search = ReturnType<typeof venueSearch>;
export type VenueDocumented = Documents<Omit<z.output<typeof venueSchema>, Loose>, Omit<VenueView, Loose>>;
export type SearchHitDocumented = Documents<
  Omit<z.output<typeof searchHitSchema>, Loose>,
  Omit<Awaited<ReturnType<Search['search']>>['data'][number], Loose>
>;
export type ReviewDocumented = Documents<z.output<typeof reviewSchema>, Awaited<ReturnType<Catalog['reviews']>>['data'][number]>;
export type AvailabilityDocumented = Documents<z.output<typeof availabilitySchema>, Awaited<ReturnType<Catalog['availability']>>>;
export type QuoteDocumented = Documents<z.output<typeof quoteSchema>, Quote>;
