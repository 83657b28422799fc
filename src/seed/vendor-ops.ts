import type { Core } from '@strapi/strapi';
import { DateTime } from 'luxon';
import { appService } from '../api/app-services';
import { quote } from '../domain/pricing';
import { DAY, HOUR } from '../domain/time';

type Log = (message: string) => void;

/**
 * Demo data of the vendor dashboard's operations screens for the Berlin demo vendor (spree-halls): the payments
 * behind its paid bookings, a cancelled booking with its refund, a completed request-to-book booking and a
 * request still waiting, so bookings (upcoming, requests, history) and analytics (revenue with fees, refunds and
 * payouts; performance; reviews) all show figures on `npm run dev`. Payments of past bookings are recorded as
 * transferred to an earlier demo Connect account (`acct_demo_spree_halls`) so payouts are non-zero; the vendor's
 * own Stripe Connect onboarding (profile/bank-info) starts fresh. Idempotent: every row is found by a natural
 * key (venue + start, transaction id) before it is created.
 */
const VENDOR_EMAIL = 'vendor.berlin@tofimotia.local';
const DEMO_ACCOUNT = 'acct_demo_spree_halls';

interface Extra {
  venue: string;
  offsetDays: number;
  startHour: number;
  hours: number;
  guests: number;
  status: 'cancelled' | 'completed' | 'requested';
  request: boolean;
  /** Refund of the captured amount, in percent (cancelled bookings). */
  refundPercent?: number;
  /** Money captured (false: authorized only, a request still waiting). */
  captured: boolean;
}

const EXTRA_BOOKINGS: Extra[] = [
  {
    venue: 'spree-loft',
    offsetDays: -14,
    startHour: 9,
    hours: 3,
    guests: 20,
    status: 'cancelled',
    request: false,
    refundPercent: 50,
    captured: true,
  },
  {
    venue: 'kreuzberg-night-studio',
    offsetDays: -5,
    startHour: 19,
    hours: 4,
    guests: 25,
    status: 'completed',
    request: true,
    captured: true,
  },
  {
    venue: 'kreuzberg-night-studio',
    offsetDays: 3,
    startHour: 19,
    hours: 3,
    guests: 18,
    status: 'requested',
    request: true,
    captured: false,
  },
];

export const seedVendorOperations = async (strapi: Core.Strapi, customerId: number, log: Log): Promise<void> => {
  const vendorUser = (await strapi.db.query('plugin::users-permissions.user').findOne({ where: { email: VENDOR_EMAIL } })) as {
    id: number;
  } | null;
  if (!vendorUser) return;
  const config = await appService(strapi, 'api::system-setting.settings').booking();
  const engine = appService(strapi, 'api::booking.booking-engine');
  const now = Date.now();

  for (const spec of EXTRA_BOOKINGS) {
    const row = await strapi.db.query('api::venue.venue').findOne({ where: { slug: spec.venue }, select: ['documentId'] });
    if (!row) continue;
    const venue = await appService(strapi, 'api::venue.venue-rules').load(row.documentId, { publicOnly: false });
    if (!venue) continue;
    const start = DateTime.now()
      .setZone(venue.timezone)
      .startOf('day')
      .plus({ days: spec.offsetDays })
      .set({ hour: spec.startHour });
    const window = { start: start.toMillis(), end: start.plus({ hours: spec.hours }).toMillis() };
    const existing = await strapi.db.query('api::booking.booking').findOne({
      where: { venue: { id: venue.id }, start_datetime: new Date(window.start).toISOString() },
      select: ['id'],
    });
    if (existing) continue;
    const priced = quote({
      pricePerHour: venue.pricePerHour,
      currency: venue.currency,
      timezone: venue.timezone,
      window,
      rules: venue.pricingRules,
      platformFeePercent: config.platformFeePercent,
      taxPercent: config.taxPercent,
    });
    const refund = spec.refundPercent ? Math.round((priced.total_amount * spec.refundPercent) / 100) : 0;
    const documentId = await engine.importBooking({
      venue,
      customerId,
      window,
      guests: spec.guests,
      status: spec.status,
      paymentStatus: !spec.captured ? 'authorized' : refund > 0 ? 'partially_refunded' : 'paid',
      quote: priced,
      confirmedAt: spec.status === 'requested' ? undefined : new Date(window.start - 6 * DAY).toISOString(),
    });
    const extra: Record<string, unknown> = { createdAt: new Date(window.start - 10 * DAY).toISOString() };
    if (spec.request) extra.request_expires_at = new Date(Math.max(now + 40 * HOUR, window.start - 12 * DAY)).toISOString();
    if (spec.status === 'cancelled') {
      Object.assign(extra, {
        cancelled_at: new Date(window.start - 3 * DAY).toISOString(),
        cancelled_by: 'customer',
        cancel_reason: 'Plans changed',
        refunded_amount: refund,
      });
    }
    await strapi.db.query('api::booking.booking').update({ where: { documentId }, data: extra });
  }

  // Payments behind the vendor's paid, refunded and authorized bookings (the demo has no Stripe round trip).
  const bookings = (await strapi.db.query('api::booking.booking').findMany({
    where: {
      venue: { vendor: { user: { id: vendorUser.id } } },
      payment_status: { $in: ['paid', 'partially_refunded', 'authorized'] },
    },
    select: [
      'id',
      'documentId',
      'total_amount',
      'currency',
      'payment_status',
      'refunded_amount',
      'price_breakdown',
      'end_datetime',
    ],
    populate: { customer: { select: ['id'] } },
  })) as Array<{
    id: number;
    documentId: string;
    total_amount: number;
    currency: string;
    payment_status: string;
    refunded_amount: number | null;
    price_breakdown: { platform_fee?: number } | null;
    end_datetime: string;
    customer: { id: number } | null;
  }>;
  let created = 0;
  for (const booking of bookings) {
    const transaction = `pi_demo_${booking.documentId}`;
    if (await strapi.db.query('api::payment.payment').findOne({ where: { transaction_id: transaction }, select: ['id'] }))
      continue;
    const captured = booking.payment_status === 'authorized' ? 0 : booking.total_amount;
    const refunded = booking.refunded_amount ?? 0;
    const payment = await strapi.db.query('api::payment.payment').create({
      data: {
        booking: booking.id,
        customer: booking.customer?.id ?? customerId,
        amount: booking.total_amount,
        currency: booking.currency,
        status: booking.payment_status === 'authorized' ? 'authorized' : refunded > 0 ? 'partially_refunded' : 'succeeded',
        provider: 'stripe',
        transaction_id: transaction,
        platform_fee: booking.price_breakdown?.platform_fee ?? 0,
        refunded_amount: refunded,
        amount_captured: captured,
        capture_method: booking.payment_status === 'authorized' ? 'manual' : 'automatic',
        stripe_account_id: captured > 0 && Date.parse(booking.end_datetime) < now ? DEMO_ACCOUNT : null,
      },
    });
    if (refunded > 0) {
      await strapi.db.query('api::refund.refund').create({
        data: {
          booking: booking.id,
          payment: payment.id,
          amount: refunded,
          currency: booking.currency,
          status: 'succeeded',
          reason: 'Plans changed',
          kind: 'cancellation',
          initiated_by: 'customer',
        },
      });
    }
    created += 1;
  }
  log(`vendor operations: ${EXTRA_BOOKINGS.length} extra bookings checked, ${created} payments recorded`);
};
