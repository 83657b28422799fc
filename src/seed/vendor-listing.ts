import type { Core } from '@strapi/strapi';
import { normalizePromoCode } from '../domain/pricing';
import { appService } from '../api/app-services';

type Log = (message: string) => void;

const RULE = 'api::pricing-rule.pricing-rule';
const VENUE = 'api::venue.venue';
const PROMO_CODES = 'vendor_promo_codes';

const isoDay = (daysAhead: number) => new Date(Date.now() + daysAhead * 86_400_000).toISOString().slice(0, 10);

/** Demo special rates and discounts of the Berlin vendor's first venue (what the pricing screens show). */
const rules = () => [
  {
    name: 'Weekend evenings',
    kind: 'special_rate',
    weekdays: ['fri', 'sat'],
    time_from: '18:00',
    time_to: '22:00',
    multiplier: 1.25,
    priority: 1,
  },
  { name: 'Season rate', kind: 'special_rate', starts_on: isoDay(20), ends_on: isoDay(40), price_per_hour: 15000 },
  { name: 'Half day and more', kind: 'discount', discount_type: 'percent', discount_value: 10, min_hours: 4 },
  {
    name: 'Welcome code',
    kind: 'discount',
    discount_type: 'fixed',
    discount_value: 2000,
    promo_code: 'WELCOME20',
    max_uses: 100,
  },
];

/**
 * The listing side of the demo vendor's workspace (vendor dashboard): a special-hours override and a closed day,
 * special rates, an automatic and a coded discount, and a featured-slot request waiting for staff. Idempotent:
 * skipped when the venue already has pricing rules.
 */
export const seedVendorListing = async (strapi: Core.Strapi, options: { vendorEmail: string; venueSlug: string; log: Log }) => {
  const venue = (await strapi.db.query(VENUE).findOne({
    where: { slug: options.venueSlug, vendor: { user: { email: options.vendorEmail } } },
    select: ['id', 'documentId', 'status'],
    populate: { weekly_hours: true, date_overrides: true, vendor: { populate: { user: { select: ['id'] } } } },
  })) as {
    id: number;
    documentId: string;
    status: string;
    weekly_hours: { weekday: string; opens: string; closes: string }[];
    date_overrides: unknown[];
    vendor: { user: { id: number } | null } | null;
  } | null;
  if (!venue || (await strapi.db.query(RULE).count({ where: { venue: { id: venue.id } } })) > 0) return;

  await strapi.documents(VENUE).update({
    documentId: venue.documentId,
    data: {
      weekly_hours: venue.weekly_hours.map(({ weekday, opens, closes }) => ({ weekday, opens, closes })),
      date_overrides: [
        { date: isoDay(10), closed: true, note: 'Staff training' },
        { date: isoDay(17), closed: false, opens: '12:00', closes: '02:00', note: 'Late opening' },
      ],
    } as never,
  });

  const RULES = rules();
  for (const rule of RULES) {
    const created = await strapi.documents(RULE).create({ data: { ...rule, venue: venue.id, active: true, uses: 0 } as never });
    const code = 'promo_code' in rule ? normalizePromoCode(rule.promo_code as string) : null;
    if (code) {
      await strapi.db
        .connection(PROMO_CODES)
        .insert({ venue_document_id: venue.documentId, code, rule_document_id: created.documentId })
        .onConflict(['venue_document_id', 'code'])
        .ignore();
    }
  }

  const userId = venue.vendor?.user?.id;
  if (userId && venue.status === 'approved') {
    await appService(strapi, 'api::featured-slot.featured-slots').request(userId, {
      venue: venue.documentId,
      starts_on: isoDay(7),
      ends_on: isoDay(14),
      note: 'Launch week of our river terrace',
    });
  }
  options.log(`vendor listing: ${RULES.length} pricing rules, 2 date overrides, 1 featured-slot request`);
};
