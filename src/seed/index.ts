import fs from 'node:fs';
import path from 'node:path';
import type { Core } from '@strapi/strapi';
import { DateTime } from 'luxon';
import { ensureFirstSuperAdmin } from '../bootstrap/admin-roles';
import { quote } from '../domain/pricing';
import { appService } from '../api/app-services';
import { seedVendorListing } from './vendor-listing';
import { reportKey } from '../domain/review/state-machine';
import {
  AMENITIES,
  CUSTOMER,
  DEMO_ADMIN,
  DEMO_PASSWORD,
  DEMO_REPLY,
  DEMO_REPORT,
  DEMO_TICKETS,
  GUEST,
  GUEST_PAST_BOOKING,
  PAST_BOOKINGS,
  UPCOMING_BOOKINGS,
  VENDORS,
  type DemoVenue,
} from './demo-data';
import { DAY } from '../domain/time';
import { DEMO_STAFF, seedDemoStaff, seedDemoVendorWorkspace } from './staff';
import { seedApplications } from './applications';
import { seedVendorOperations } from './vendor-ops';

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
  const guest = await ensureUser(
    strapi,
    { username: GUEST.username, email: GUEST.email, first_name: GUEST.first_name, last_name: GUEST.last_name },
    'authenticated'
  );
  await seedBookingsAndReviews(strapi, customer.id, guest.id, log);
  await seedVendorListing(strapi, { vendorEmail: VENDORS[0].email, venueSlug: VENDORS[0].venues[0].slug, log });
  await seedVendorOperations(strapi, customer.id, log);

  const adminEmail = process.env.ADMIN_EMAIL || DEMO_ADMIN.email;
  const adminPassword = process.env.ADMIN_PASSWORD || DEMO_ADMIN.password;
  await ensureFirstSuperAdmin(strapi, { email: adminEmail, password: adminPassword });
  await seedDemoStaff(strapi, DEMO_PASSWORD, log);
  await seedDemoVendorWorkspace(strapi, VENDORS[0].email, DEMO_PASSWORD, log);
  await seedApplications(strapi, (fields) => ensureUser(strapi, fields, 'vendor'), amenityIds, log);
  await seedModerationAndSupport(strapi, { customerId: customer.id, guestId: guest.id }, log);

  log('demo data ready. Logins:');
  log(`  admin panel  ${adminEmail} / ${process.env.ADMIN_PASSWORD ? '(ADMIN_PASSWORD)' : adminPassword}`);
  for (const staff of DEMO_STAFF) log(`  admin panel  ${staff.email} / ${DEMO_PASSWORD} (${staff.code})`);
  log(`  admin panel  ${VENDORS[0].email} / ${DEMO_PASSWORD} (tofimotia-vendor: the vendor workspace)`);
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
    const [file] = await strapi
      .plugin('upload')
      .service('upload')
      .upload({
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
  return strapi
    .plugin('users-permissions')
    .service('user')
    .add({
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
  const { image: _image, amenities, ...fields } = venue;
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

const seedBookingsAndReviews = async (strapi: Core.Strapi, customerId: number, guestId: number, log: Log) => {
  const config = await appService(strapi, 'api::system-setting.settings').booking();
  const engine = appService(strapi, 'api::booking.booking-engine');
  const all = [
    ...PAST_BOOKINGS.map((b) => ({
      ...b,
      customerId,
      offsetDays: -b.days_ago,
      review: { rating: b.rating, comment: b.comment },
    })),
    {
      ...GUEST_PAST_BOOKING,
      customerId: guestId,
      offsetDays: -GUEST_PAST_BOOKING.days_ago,
      review: { rating: GUEST_PAST_BOOKING.rating, comment: GUEST_PAST_BOOKING.comment },
    },
    ...UPCOMING_BOOKINGS.map((b) => ({ ...b, customerId, offsetDays: b.days_ahead, review: null })),
  ];
  let done = 0;
  for (const spec of all) {
    const row = await strapi.db.query('api::venue.venue').findOne({ where: { slug: spec.venue }, select: ['documentId'] });
    const venue = await appService(strapi, 'api::venue.venue-rules').load(row.documentId, { publicOnly: false });
    if (!venue) throw new Error(`seed venue ${spec.venue} missing`);
    const startLocal = DateTime.now()
      .setZone(venue.timezone)
      .startOf('day')
      .plus({ days: spec.offsetDays })
      .set({ hour: spec.start_hour });
    const window = { start: startLocal.toMillis(), end: startLocal.plus({ hours: spec.hours }).toMillis() };
    let booking = (await strapi.db.query('api::booking.booking').findOne({
      where: { venue: { id: venue.id }, customer: { id: spec.customerId }, start_datetime: new Date(window.start).toISOString() },
      select: ['id', 'documentId'],
    })) as { id: number; documentId: string } | null;
    if (!booking) {
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
        customerId: spec.customerId,
        window,
        guests: spec.guests,
        status: spec.review ? 'completed' : 'confirmed',
        paymentStatus: 'paid',
        quote: priced,
        confirmedAt: new Date(window.start - 7 * DAY).toISOString(),
      });
      booking = (await strapi.db
        .query('api::booking.booking')
        .findOne({ where: { documentId: bookingId }, select: ['id', 'documentId'] })) as { id: number; documentId: string };
    }
    // Reviews go through the review service's import path: once per booking, ratings recomputed with them.
    if (spec.review && !(await strapi.db.query('api::review.review').findOne({ where: { booking: { id: booking.id } } }))) {
      await appService(strapi, 'api::review.reviews').importReview({
        booking,
        venueId: venue.id,
        authorId: spec.customerId,
        rating: spec.review.rating,
        comment: spec.review.comment,
        createdAt: new Date(window.end + 2 * 3_600_000).toISOString(),
      });
    }
    done += 1;
    log(`bookings ${done}/${all.length}`);
  }
};

/** The review of a demo customer's booking at a venue (by slug). */
const reviewAt = async (strapi: Core.Strapi, slug: string, authorId: number) =>
  (await strapi.db.query('api::review.review').findOne({
    where: { venue: { slug }, author: { id: authorId } },
    select: ['id', 'documentId', 'status', 'hidden_at', 'vendor_responded_at'],
  })) as { id: number; documentId: string; status: string; hidden_at: string | null; vendor_responded_at: string | null } | null;

/**
 * Moderation and support demo data, through the same services the API and the admin panel use: a vendor reply,
 * a review hidden by a moderator, an open report, and two support tickets (one answered by support, one resolved).
 * Each step checks its natural key first (review state, report key, ticket subject), so re-running adds nothing.
 */
const seedModerationAndSupport = async (strapi: Core.Strapi, users: { customerId: number; guestId: number }, log: Log) => {
  const reviews = appService(strapi, 'api::review.reviews');
  const moderation = appService(strapi, 'api::review.moderation');
  const admin = (await strapi.db
    .query('admin::user')
    .findOne({ where: {}, orderBy: { id: 'asc' }, select: ['id', 'email'] })) as {
    id: number;
    email: string;
  } | null;
  const staff = admin
    ? ({ kind: 'admin', adminId: admin.id, email: admin.email } as const)
    : ({ kind: 'system', reason: 'demo seed' } as const);

  const replied = await reviewAt(strapi, DEMO_REPLY.venue, users.customerId);
  if (replied && !replied.vendor_responded_at) {
    const vendorUser = (await strapi.db.query('api::venue.venue').findOne({
      where: { slug: DEMO_REPLY.venue },
      select: ['id'],
      populate: { vendor: { select: ['id'], populate: { user: { select: ['id'] } } } },
    })) as { vendor?: { user?: { id: number } | null } | null } | null;
    if (vendorUser?.vendor?.user) await reviews.respond(vendorUser.vendor.user.id, replied.documentId, DEMO_REPLY.response);
  }

  const hidden = await reviewAt(strapi, GUEST_PAST_BOOKING.venue, users.guestId);
  if (hidden && hidden.status === 'published' && !hidden.hidden_at) {
    await moderation.hideReview(staff, hidden.documentId, { reason: GUEST_PAST_BOOKING.hidden_reason });
  }

  const reported = await reviewAt(strapi, DEMO_REPORT.venue, users.customerId);
  if (reported && reported.status === 'published') {
    const key = reportKey('review', reported.documentId, users.guestId);
    if (!(await strapi.db.query('api::report.report').findOne({ where: { dedup_key: key } }))) {
      await appService(strapi, 'api::report.reports').file(users.guestId, {
        target_type: 'review',
        target: reported.documentId,
        reason: DEMO_REPORT.reason,
      });
    }
  }
  log('reviews: vendor reply, hidden review and open report ready');

  const tickets = appService(strapi, 'api::support-ticket.support-tickets');
  for (const spec of DEMO_TICKETS) {
    const owner =
      spec.owner === 'customer'
        ? { id: users.customerId }
        : ((await strapi.db.query(USER_UID).findOne({ where: { email: spec.owner }, select: ['id'] })) as { id: number } | null);
    if (!owner) continue;
    const existing = await strapi.db
      .query('api::support-ticket.support-ticket')
      .findOne({ where: { user: { id: owner.id }, subject: spec.subject } });
    if (existing) continue;
    await tickets.importTicket({
      userId: owner.id,
      type: spec.type,
      subject: spec.subject,
      body: spec.body,
      priority: spec.priority,
      ...(spec.status ? { status: spec.status } : {}),
      ...(admin ? { staffReply: { adminId: admin.id, body: spec.staff_reply } } : {}),
    });
  }
  log(`support tickets ${DEMO_TICKETS.length}/${DEMO_TICKETS.length}`);
};
