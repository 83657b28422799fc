import { imageView } from '../../infra/media-view';
import type { VenueRow } from './venue-row';

/** The public shape of a venue (contract: Venues — public fields). Built from an explicit allow-list. */
/** A venue row loaded with VENUE_VIEW_POPULATE (location, amenities, images, vendor). */
export type VenueRowForView = VenueRow;

const toNumber = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));

export const VENUE_VIEW_POPULATE = {
  location: true,
  amenities: { select: ['slug'] },
  images: { select: ['url', 'width', 'height', 'alternativeText', 'formats'] },
  vendor: { select: ['documentId', 'business_name'] },
};

export const venueView = (row: VenueRowForView) => ({
  documentId: row.documentId,
  name: row.name,
  slug: row.slug,
  description: row.description,
  location: row.location
    ? {
        address: row.location.address,
        city: row.location.city,
        country: row.location.country,
        postal_code: row.location.postal_code,
        lat: row.location.lat,
        lng: row.location.lng,
      }
    : null,
  timezone: row.timezone,
  capacity: row.capacity,
  price_per_hour: Number(row.price_per_hour),
  currency: row.currency,
  amenities: (row.amenities ?? []).map((a) => a.slug).sort(),
  images: (row.images ?? []).map(imageView),
  rating: { average: toNumber(row.rating_average) ?? 0, count: row.rating_count ?? 0 },
  booking_mode: row.booking_mode,
  min_hours: toNumber(row.min_hours),
  max_hours: toNumber(row.max_hours),
  buffer_minutes: row.buffer_minutes ?? 0,
  notice_hours: row.notice_hours ?? 0,
  cancellation_policy: row.cancellation_policy,
  vendor: row.vendor ? { documentId: row.vendor.documentId, business_name: row.vendor.business_name } : null,
  featured: Boolean(row.featured),
});

export type VenueView = ReturnType<typeof venueView>;
