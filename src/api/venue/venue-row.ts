import type { PolicyName } from '../../domain/booking/cancellation';
import type { DateOverride, WeeklyRange } from '../../domain/time';
import type { ImageRow } from '../../infra/media-view';

/**
 * A venue row as the Query Engine (`strapi.db.query('api::venue.venue')`) returns it: every scalar column,
 * relations and components only where the loader populates them. Decimal columns may arrive as strings
 * (PostgreSQL numeric). One type for every venue loader (rules, public view, ownership); a loader that
 * selects fewer columns names its part with `Pick`.
 */
export interface VenueRow {
  id: number;
  documentId: string;
  name: string;
  slug: string;
  description: string | null;
  status: string;
  timezone: string;
  currency: string;
  price_per_hour: number | string;
  capacity: number;
  booking_mode: 'instant' | 'request';
  cancellation_policy: PolicyName;
  min_hours: number | string | null;
  max_hours: number | string | null;
  buffer_minutes: number | null;
  notice_hours: number | null;
  featured: boolean | null;
  rating_average: number | string | null;
  rating_count: number | null;
  createdAt?: string;
  location?: {
    address: string;
    city: string;
    country: string;
    postal_code: string | null;
    lat: number | null;
    lng: number | null;
  } | null;
  amenities?: { slug: string }[];
  images?: ImageRow[] | null;
  weekly_hours?: WeeklyRange[];
  date_overrides?: (DateOverride & { date: string })[];
  vendor?: { documentId: string; business_name: string; user?: { id: number } | null } | null;
  pricing_rules?: Record<string, unknown>[];
}
