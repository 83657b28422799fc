import type { TestApp } from '../harness/app';
import type { TestUser } from '../harness/users';
import type { TestVenue } from '../harness/venues';

/**
 * Scenario builders of the vendor operations suites: bookings recorded through the booking engine's import
 * path (slot rows included, overlaps refused), then the few columns a real flow would have set on the way
 * (request deadline, confirmation, creation time, hold) written directly; payments and refunds as the payments
 * plugin records them.
 */

export interface ScenarioBooking {
  id: number;
  documentId: string;
}

export const importedBooking = async (
  app: TestApp,
  customer: TestUser,
  venue: TestVenue,
  options: {
    start: string;
    end: string;
    status: 'requested' | 'pending_payment' | 'confirmed' | 'rejected' | 'expired' | 'cancelled' | 'completed';
    total?: number;
    currency?: string;
    paymentStatus?: 'unpaid' | 'authorized' | 'paid' | 'partially_refunded' | 'refunded' | 'failed';
    request?: boolean;
    confirmedAt?: string | null;
    createdAt?: string;
    holdExpiresAt?: string;
  }
): Promise<ScenarioBooking> => {
  const total = options.total ?? 10_000;
  const bookable = await app.strapi.service('api::venue.venue-rules').load(venue.documentId, { publicOnly: false });
  const documentId: string = await app.strapi.service('api::booking.booking-engine').importBooking({
    venue: bookable,
    customerId: customer.id,
    window: { start: Date.parse(options.start), end: Date.parse(options.end) },
    guests: 2,
    status: options.status,
    paymentStatus: options.paymentStatus ?? 'unpaid',
    quote: {
      currency: options.currency ?? 'EUR',
      hours: (Date.parse(options.end) - Date.parse(options.start)) / 3_600_000,
      lines: [],
      subtotal: total,
      discount: 0,
      discount_rule: null,
      platform_fee: 0,
      tax: 0,
      total_amount: total,
    },
  });
  const data: Record<string, unknown> = {};
  if (options.request) data.request_expires_at = new Date(Date.parse(options.start) - 3_600_000).toISOString();
  if (options.confirmedAt !== undefined) data.confirmed_at = options.confirmedAt;
  else if (['confirmed', 'completed'].includes(options.status)) data.confirmed_at = new Date().toISOString();
  if (options.createdAt) data.createdAt = options.createdAt;
  if (options.holdExpiresAt) data.hold_expires_at = options.holdExpiresAt;
  if (Object.keys(data).length) await app.strapi.db.query('api::booking.booking').update({ where: { documentId }, data });
  const row = await app.strapi.db.query('api::booking.booking').findOne({ where: { documentId }, select: ['id'] });
  return { id: row.id, documentId };
};

let paymentCounter = 0;

/** A payment of a booking as the payments plugin records a captured (or failed) PaymentIntent. */
export const recordPayment = async (
  app: TestApp,
  booking: ScenarioBooking,
  customer: TestUser,
  options: { amount: number; captured: number; fee: number; currency?: string; connect?: string | null; status?: string }
): Promise<{ id: number }> => {
  paymentCounter += 1;
  return app.strapi.db.query('api::payment.payment').create({
    data: {
      booking: booking.id,
      customer: customer.id,
      amount: options.amount,
      currency: options.currency ?? 'EUR',
      status: options.status ?? 'succeeded',
      provider: 'stripe',
      transaction_id: `pi_scenario_${Date.now()}_${paymentCounter}`,
      platform_fee: options.fee,
      refunded_amount: 0,
      amount_captured: options.captured,
      capture_method: 'automatic',
      stripe_account_id: options.connect ?? null,
    },
  });
};

export const recordRefund = async (
  app: TestApp,
  booking: ScenarioBooking,
  payment: { id: number },
  options: { amount: number; status: 'pending' | 'succeeded' | 'failed' | 'canceled'; currency?: string }
) =>
  app.strapi.db.query('api::refund.refund').create({
    data: {
      booking: booking.id,
      payment: payment.id,
      amount: options.amount,
      currency: options.currency ?? 'EUR',
      status: options.status,
      reason: 'scenario',
      kind: 'cancellation',
      initiated_by: 'vendor',
    },
  });

/** Refreshes a venue's open-ranges projection now (the search and occupancy source). */
export const refreshOpenRanges = (app: TestApp, venue: TestVenue) =>
  app.strapi.service('api::venue.open-ranges').refresh(venue.documentId, { force: true });
