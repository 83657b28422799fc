import { z } from 'zod';
import { documentIdParam, isoInstant, paginationQuery } from '../booking/contracts';

/** Request schemas of the public venue endpoints. Unknown query keys are rejected. */
const number = (min: number, max: number) => z.coerce.number().min(min).max(max);
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

export { documentIdParam };

export const searchQuery = z
  .strictObject({
    q: z.string().trim().min(1).max(100).optional(),
    city: z.string().trim().min(1).max(120).optional(),
    country: z.string().trim().regex(/^[A-Za-z]{2}$/, 'ISO 3166 alpha-2 code').optional(),
    lat: number(-90, 90).optional(),
    lng: number(-180, 180).optional(),
    radius_km: number(0.1, 20_000).optional(),
    guests: int(1, 100_000).optional(),
    price_min: int(0, 1_000_000_000).optional(),
    price_max: int(0, 1_000_000_000).optional(),
    currency: z.string().regex(/^[A-Za-z]{3}$/).optional(),
    amenities: z
      .string()
      .max(500)
      .transform((value) => value.split(',').map((slug) => slug.trim()).filter(Boolean))
      .pipe(z.array(z.string().regex(/^[a-z0-9-]+$/, 'amenity slugs are lowercase words with dashes')).max(20))
      .optional(),
    start: isoInstant.optional(),
    end: isoInstant.optional(),
    sort: z.enum(['relevance', 'price_asc', 'price_desc', 'rating', 'distance', 'newest']).default('relevance'),
    ...paginationQuery,
  })
  .superRefine((q, ctx) => {
    if ((q.lat === undefined) !== (q.lng === undefined)) ctx.addIssue({ code: 'custom', path: ['lat'], message: 'lat and lng go together' });
    if (q.radius_km !== undefined && q.lat === undefined) ctx.addIssue({ code: 'custom', path: ['radius_km'], message: 'radius_km needs lat and lng' });
    if (q.sort === 'distance' && q.lat === undefined) ctx.addIssue({ code: 'custom', path: ['sort'], message: 'sort=distance needs lat and lng' });
    if ((q.start === undefined) !== (q.end === undefined)) ctx.addIssue({ code: 'custom', path: ['start'], message: 'start and end go together' });
    if (q.start && q.end && Date.parse(q.end) <= Date.parse(q.start)) ctx.addIssue({ code: 'custom', path: ['end'], message: 'end must be after start' });
    if (q.start && q.end && Date.parse(q.end) - Date.parse(q.start) > 31 * 24 * 3_600_000) ctx.addIssue({ code: 'custom', path: ['end'], message: 'a search window spans at most 31 days' });
    if (q.price_min !== undefined && q.price_max !== undefined && q.price_min > q.price_max) ctx.addIssue({ code: 'custom', path: ['price_min'], message: 'price_min is above price_max' });
  });

export const windowQuery = z.strictObject({ from: isoInstant.optional(), to: isoInstant.optional() });

export const quoteQuery = z.strictObject({
  start: isoInstant,
  end: isoInstant,
  guests: int(1, 100_000).default(1),
  promo_code: z.string().trim().min(1).max(40).optional(),
});

export const reviewsQuery = z.strictObject({ ...paginationQuery });
