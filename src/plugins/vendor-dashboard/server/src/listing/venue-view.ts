import type { VenueRow } from '../../../../../api/venue/venue-row';

/** A venue as its own vendor sees it: the public fields plus status, hours and images with their ids. */
export interface VendorImageRow {
  id: number;
  documentId: string;
  url: string;
  width: number | null;
  height: number | null;
  alternativeText: string | null;
  mime: string | null;
  size: number | string | null;
}

export type VendorVenueRow = Omit<VenueRow, 'images' | 'date_overrides'> & {
  rejection_reason: string | null;
  createdAt: string;
  updatedAt: string;
  images?: VendorImageRow[] | null;
  date_overrides?: {
    date: string;
    closed: boolean | null;
    opens?: string | null;
    closes?: string | null;
    note?: string | null;
  }[];
};

export const VENDOR_VENUE_POPULATE = {
  location: true,
  amenities: { select: ['slug'] },
  images: { select: ['id', 'documentId', 'url', 'width', 'height', 'alternativeText', 'mime', 'size'] },
  weekly_hours: true,
  date_overrides: true,
};

const num = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));

export const imageOf = (image: VendorImageRow) => ({
  documentId: image.documentId,
  url: image.url,
  alt: image.alternativeText ?? null,
  width: image.width ?? null,
  height: image.height ?? null,
  mime: image.mime ?? null,
  size_kb: num(image.size),
});

export const hoursOf = (row: Pick<VendorVenueRow, 'weekly_hours' | 'date_overrides'>) => ({
  weekly_hours: (row.weekly_hours ?? []).map(({ weekday, opens, closes }) => ({ weekday, opens, closes })),
  date_overrides: (row.date_overrides ?? [])
    .map((o) => ({
      date: String(o.date).slice(0, 10),
      closed: Boolean(o.closed),
      opens: o.opens ?? null,
      closes: o.closes ?? null,
      note: o.note ?? null,
    }))
    .sort((a, b) => a.date.localeCompare(b.date)),
});

export const vendorVenueView = (row: VendorVenueRow) => ({
  documentId: row.documentId,
  name: row.name,
  slug: row.slug,
  description: row.description ?? null,
  status: row.status as 'draft' | 'pending_approval' | 'approved' | 'rejected' | 'suspended' | 'archived',
  rejection_reason: row.rejection_reason ?? null,
  location: row.location
    ? {
        address: row.location.address,
        city: row.location.city,
        country: row.location.country,
        postal_code: row.location.postal_code ?? null,
        lat: row.location.lat ?? null,
        lng: row.location.lng ?? null,
      }
    : null,
  timezone: row.timezone,
  capacity: row.capacity,
  price_per_hour: Number(row.price_per_hour),
  currency: row.currency,
  booking_mode: row.booking_mode,
  min_hours: num(row.min_hours),
  max_hours: num(row.max_hours),
  buffer_minutes: row.buffer_minutes ?? 0,
  notice_hours: row.notice_hours ?? 0,
  cancellation_policy: row.cancellation_policy,
  featured: Boolean(row.featured),
  rating: { average: num(row.rating_average) ?? 0, count: row.rating_count ?? 0 },
  amenities: (row.amenities ?? []).map((a) => a.slug).sort(),
  images: (row.images ?? []).map(imageOf),
  ...hoursOf(row),
  created_at: new Date(row.createdAt).toISOString(),
  updated_at: new Date(row.updatedAt).toISOString(),
});

export type VendorVenueView = ReturnType<typeof vendorVenueView>;
