import crypto from 'node:crypto';
import type { TestApp } from './app';
import type { TestVendor } from './users';

const ALL_WEEK = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

export interface TestVenue {
  id: number;
  documentId: string;
  slug: string;
  name: string;
}

/** An approved venue open 08:00–22:00 every day unless overridden. */
export const createVenue = async (app: TestApp, vendor: TestVendor, fields: Record<string, unknown> = {}): Promise<TestVenue> => {
  const slug = `venue-${crypto.randomBytes(4).toString('hex')}`;
  const venue = await app.strapi.documents('api::venue.venue').create({
    data: {
      name: `Test hall ${slug}`,
      slug,
      description: 'A room for tests.',
      vendor: vendor.profile.id,
      location: { address: '1 Test Street', city: 'Berlin', country: 'DE', postal_code: '10115', lat: 52.52, lng: 13.405 },
      timezone: 'Europe/Berlin',
      capacity: 50,
      price_per_hour: 10000,
      currency: 'EUR',
      status: 'approved',
      booking_mode: 'instant',
      min_hours: 1,
      max_hours: 12,
      buffer_minutes: 0,
      notice_hours: 0,
      cancellation_policy: 'moderate',
      weekly_hours: ALL_WEEK.map((weekday) => ({ weekday, opens: '08:00', closes: '22:00' })),
      ...fields,
    } as never,
  });
  return { id: Number(venue.id), documentId: venue.documentId, slug, name: venue.name as string };
};
