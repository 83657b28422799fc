import fs from 'node:fs';
import path from 'node:path';
import type { Core } from '@strapi/strapi';
import { DateTime } from 'luxon';
import { ensureFirstSuperAdmin } from '../bootstrap/admin-roles';
import { quote } from '../domain/pricing';
import {
  AMENITIES, CUSTOMER, DEMO_ADMIN, DEMO_PASSWORD, PAST_BOOKINGS, UPCOMING_BOOKINGS, VENDORS,
  type DemoVenue,
} from './demo-data';

type Log = (message: string) => void;

interface SeedOptions {
  /** Skip everything when venues already exist (first-start seeding of `npm run dev`). */
  onlyIfEmpty?: boolean;
  log?: Log;
}

const USER_UID = 'plugin::users-permissions.user';

/**
 * Idempotent demo data: every record is looked up by a natural key (slug, email, venue+start) first,
 * so running it twice changes nothing and a half-finished run is completed by the next one.
 */
export const seedDemoData = async (strapi: Core.Strapi, options: SeedOptions = {}) => {
  const log: Log = options.log ?? ((message) => strapi.log.info(`[seed] ${message}`));
  if (options.onlyIfEmpty && (await strapi.db.query('api::venue.venue').count()) > 0) {
    log('venues already present, skipping demo data');
    return { skipped: true };
  }

  const amenityIds = await seedAmenities(strapi, log);
  const images = await seedImages(strapi, log);
  const vendorLogins: string[] = [];
  let venueCount = 0;
  const total = VENDORS.reduce((n, vendor) => n + vendor.venues.length, 0);
  for (const vendor of VENDORS) {
    const user = await ensureUser(strapi, { username: vendor.username, email: vendor.email }, 'vendor');
    const profile = await ensureVendorProfile(strapi, user.id, vendor.business_name, vendor.description);
    vendorLogins.push(vendor.email);
    for (const venue of vendor.venues) {
      await ensureVenue(strapi, venue, profile.id, amenityIds, images[venue.image]);
      venueCount += 1;
      log(`venues ${venueCount}/${total} (${venue.name}, ${venue.timezone})`);
    }
  }
  const customer = await ensureUser(
    strapi,
    { username: CUSTOMER.username, email: CUSTOMER.email, first_name: CUSTOMER.first_name, last_name: CUSTOMER.last_name },
    'authenticated'
  );
  await seedBookingsAndReviews(strapi, customer.id, log);

  const adminEmail = process.env.ADMIN_EMAIL || DEMO_ADMIN.email;
  const adminPassword = process.env.ADMIN_PASSWORD || DEMO_ADMIN.password;
  await ensureFirstSuperAdmin(strapi, { email: adminEmail, password: adminPassword });

  log('demo data ready. Logins:');
  log(`  admin panel  ${adminEmail} / ${process.env.ADMIN_PASSWORD ? '(ADMIN_PASSWORD)' : adminPassword}`);
  log(`  customer     ${CUSTOMER.email} / ${DEMO_PASSWORD}`);
  for (const email of vendorLogins) log(`  vendor       ${email} / ${DEMO_PASSWORD}`);
  return { skipped: false };
};

const seedAmenities = async (strapi: Core.Strapi, log: Log): Promise<Map<string, number>> => {
  const ids = new Map<string, number>();
  for (const amenity of AMENITIES) {
    const existing = await strapi.db.query('api::amenity.amenity').findOne({ where: { slug: amenity.slug } });
    const row = existing ?? (await strapi.documents('api::amenity.amenity').create({ data: amenity }));
    ids.set(amenity.slug, row.id);
  }
  log(`amenities ${ids.size}/${AMENITIES.length}`);
  return ids;
};

const seedImages = async (strapi: Core.Strapi, log: Log): Promise<Record<DemoVenue['image'], number>> => {
  const dir = path.join(strapi.dirs.app.root, 'src', 'seed', 'images');
  const result = {} as Record<DemoVenue['image'], number>;
  for (const name of ['hall.png', 'rooftop.png'] as const) {
    const existing = await strapi.db.query('plugin::upload.file').findOne({ where: { name: `demo-${name}` } });
    if (existing) {
      result[name] = existing.id;
      continue;
    }
    const filepath = path.join(dir, name);
    const [file] = await strapi.plugin('upload').service('upload').upload({
      data: { fileInfo: { name: `demo-${name}`, alternativeText: `Demo photo: ${name.replace('.png', '')}` } },
      files: { filepath, originalFilename: `demo-${name}`, mimetype: 'image/png', size: fs.statSync(filepath).size },
    });
    result[name] = file.id;
    log(`image demo-${name} uploaded`);
  }
  return result;
};

const ensureUser = async (
  strapi: Core.Strapi,
  fields: { username: string; email: string; first_name?: string; last_name?: string },
  roleType: 'authenticated' | 'vendor'
): Promise<{ id: number }> => {
  const existing = await strapi.db.query(USER_UID).findOne({ where: { email: fields.email } });
  if (existing) return existing;
  const role = await strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: roleType } });
  return strapi.plugin('users-permissions').service('user').add({
    ...fields,
    password: DEMO_PASSWORD,
    provider: 'local',
    confirmed: true,
    blocked: false,
    role: role.id,
  });
};

const ensureVendorProfile = async (strapi: Core.Strapi, userId: number, businessName: string, description: string) => {
  const uid = 'api::vendor-profile.vendor-profile';
  const existing = await strapi.db.query(uid).findOne({ where: { user: { id: userId } } });
  if (existing) return existing;
  return strapi.documents(uid).create({
    data: {
      user: userId,
      business_name: businessName,
      description,
      verification_status: 'approved',
      verified_at: new Date().toISOString(),
    } as never,
  });
};

const ensureVenue = async (
  strapi: Core.Strapi,
  venue: DemoVenue,
  vendorId: number,
  amenityIds: Map<string, number>,
  imageId: number
) => {
  const uid = 'api::venue.venue';
  const existing = await strapi.db.query(uid).findOne({ where: { slug: venue.slug } });
  if (existing) return existing;
  const { image, amenities, ...fields } = venue;
  return strapi.documents(uid).create({
    data: {
      ...fields,
      vendor: vendorId,
      status: 'approved',
      amenities: amenities.map((slug) => amenityIds.get(slug)),
      images: [imageId],
    } as never,
  });
};

const seedBookingsAndReviews = async (strapi: Core.Strapi, customerId: number, log: Log) => {
  const config = await strapi.service('api::system-setting.settings').booking();
  const engine = strapi.service('api::booking.booking-engine');
  const all = [
    ...PAST_BOOKINGS.map((b) => ({ ...b, offsetDays: -b.days_ago, review: { rating: b.rating, comment: b.comment } })),
    ...UPCOMING_BOOKINGS.map((b) => ({ ...b, offsetDays: b.days_ahead, review: null })),
  ];
  let done = 0;
  for (const spec of all) {
    const row = await strapi.db.query('api::venue.venue').findOne({ where: { slug: spec.venue }, select: ['documentId'] });
    const venue = await strapi.service('api::venue.venue-rules').load(row.documentId, { publicOnly: false });
    if (!venue) throw new Error(`seed venue ${spec.venue} missing`);
    const startLocal = DateTime.now().setZone(venue.timezone).startOf('day').plus({ days: spec.offsetDays }).set({ hour: spec.start_hour });
    const window = { start: startLocal.toMillis(), end: startLocal.plus({ hours: spec.hours }).toMillis() };
    const existing = await strapi.db.query('api::booking.booking').findOne({
      where: { venue: { id: venue.id }, customer: { id: customerId }, start_datetime: new Date(window.start).toISOString() },
    });
    if (!existing) {
      // Demo bookings are recorded through the engine's import path: same slot rows, same pricing.
      const priced = quote({
        pricePerHour: venue.pricePerHour,
        currency: venue.currency,
        timezone: venue.timezone,
        window,
        rules: venue.pricingRules,
        platformFeePercent: config.platformFeePercent,
        taxPercent: config.taxPercent,
      });
      const bookingId = await engine.importBooking({
        venue,
        customerId,
        window,
        guests: spec.guests,
        status: spec.review ? 'completed' : 'confirmed',
        paymentStatus: 'paid',
        quote: priced,
        confirmedAt: new Date(window.start - 7 * 24 * 3_600_000).toISOString(),
      });
      if (spec.review) {
        const booking = await strapi.db.query('api::booking.booking').findOne({ where: { documentId: bookingId }, select: ['id'] });
        await strapi.documents('api::review.review').create({
          data: { booking: booking.id, venue: venue.id, author: customerId, ...spec.review, status: 'published' } as never,
        });
        await refreshVenueRating(strapi, venue.id);
      }
    }
    done += 1;
    log(`bookings ${done}/${all.length}`);
  }
};

const refreshVenueRating = async (strapi: Core.Strapi, venueId: number) => {
  const reviews = await strapi.db.query('api::review.review').findMany({
    where: { venue: { id: venueId }, status: 'published' },
    select: ['rating'],
  });
  const count = reviews.length;
  const average = count ? reviews.reduce((sum: number, r: { rating: number }) => sum + r.rating, 0) / count : 0;
  await strapi.db.query('api::venue.venue').update({
    where: { id: venueId },
    data: { rating_count: count, rating_average: Math.round(average * 100) / 100 },
  });
};
