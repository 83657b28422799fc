import type { Core } from '@strapi/strapi';
import { documentInput } from '../infra/documents';
import { VENDORS, type DemoVenue } from './demo-data';

/**
 * Work waiting for staff, so the control center's queues are not empty on a fresh demo: a vendor application
 * (pending profile) with a venue awaiting approval, and a new venue of an approved vendor awaiting approval.
 */
export const DEMO_APPLICANT = {
  username: 'applicant',
  email: 'vendor.applicant@tofimotia.local',
  business_name: 'Neukölln Rooms',
};

const pendingVenue = (base: DemoVenue, name: string, slug: string): Omit<DemoVenue, 'image'> => {
  const { image: _image, ...fields } = base;
  return { ...fields, name, slug, featured: false };
};

type EnsureUser = (fields: { username: string; email: string }) => Promise<{ id: number }>;

export const seedApplications = async (
  strapi: Core.Strapi,
  ensureVendorUser: EnsureUser,
  amenityIds: Map<string, number>,
  log: (line: string) => void
) => {
  const user = await ensureVendorUser({ username: DEMO_APPLICANT.username, email: DEMO_APPLICANT.email });
  const PROFILE = 'api::vendor-profile.vendor-profile';
  const profile =
    (await strapi.db.query(PROFILE).findOne({ where: { user: { id: user.id } } })) ??
    (await strapi.documents(PROFILE).create({
      data: documentInput<typeof PROFILE>({
        user: user.id,
        business_name: DEMO_APPLICANT.business_name,
        description: 'Two rehearsal rooms in a former print shop.',
        contact_email: DEMO_APPLICANT.email,
        verification_status: 'pending',
      }),
    }));
  const berlin = VENDORS[0];
  const berlinProfile = await strapi.db.query(PROFILE).findOne({ where: { user: { email: berlin.email } } });
  const waiting = [
    { vendorId: profile.id as number, venue: pendingVenue(berlin.venues[0], 'Print Shop Rooms', 'print-shop-rooms') },
    ...(berlinProfile
      ? [{ vendorId: berlinProfile.id as number, venue: pendingVenue(berlin.venues[0], 'Spree Annex', 'spree-annex') }]
      : []),
  ];
  const VENUE = 'api::venue.venue';
  for (const { vendorId, venue } of waiting) {
    if (await strapi.db.query(VENUE).findOne({ where: { slug: venue.slug } })) continue;
    const { amenities, ...fields } = venue;
    await strapi.documents(VENUE).create({
      data: documentInput<typeof VENUE>({
        ...fields,
        vendor: vendorId,
        status: 'pending_approval',
        amenities: amenities.map((slug) => amenityIds.get(slug) ?? 0).filter((id) => id > 0),
      }),
    });
  }
  log(`applications: 1 pending vendor, ${waiting.length} venues awaiting approval`);
};
