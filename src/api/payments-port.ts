import type { Core } from '@strapi/strapi';
import type Stripe from 'stripe';
import type { Actor } from '../infra/actor';
import type { RefundQuote } from './booking/booking-facts';
import type { BookingView } from './booking/booking-view';

/**
 * What the APIs need from the payment provider, as a port: declared here, implemented and registered by the
 * payments plugin in its `register` phase. src/api never imports a plugin; plugins may import src/api (layers:
 * domain ← infra ← api ← plugins).
 */

/** What happened to the money of a booking that stopped (cancelled, declined). */
export interface Settlement {
  /** refunded: money went back; pending: under way; released: an authorization was let go; due: the provider failed, the job retries; none. */
  status: 'refunded' | 'pending' | 'released' | 'due' | 'none';
  refund: { documentId: string; amount: number; currency: string; status: string } | null;
}

/** POST /bookings/:id/cancel: the cancelled booking and its refund by the policy snapshot, as settled. */
export interface CancelOutcome {
  booking: BookingView;
  refund: RefundQuote & Settlement;
}

export interface PaymentsPort {
  /** Cancel through the booking engine, then refund what the policy owes (or release an authorization). */
  cancelBooking(actor: Actor, bookingDocumentId: string, reason: string): Promise<CancelOutcome>;
  /** Vendor approval: with payments on, the authorization is captured first and the captured money confirms. */
  approveBooking(actor: Actor, bookingDocumentId: string): Promise<BookingView>;
  /** Vendor decline, then the authorization is released. */
  declineBooking(actor: Actor, bookingDocumentId: string, reason: string | null): Promise<BookingView>;
  /** The provider's SDK client (saved payment methods); 503 PAYMENTS_DISABLED when payments are not configured. */
  stripe(): Stripe;
}

const implementations = new WeakMap<Core.Strapi, PaymentsPort>();

/** Called by the payments plugin at register time. */
export const registerPayments = (strapi: Core.Strapi, port: PaymentsPort): void => {
  implementations.set(strapi, port);
};

/** The registered payments implementation of this Strapi instance. */
export const payments = (strapi: Core.Strapi): PaymentsPort => {
  const port = implementations.get(strapi);
  if (!port) throw new Error('No payments implementation is registered (the payments plugin registers it at startup)');
  return port;
};
