import type { Core } from '@strapi/strapi';
import { eventBus } from '../../infra/event-bus';
import { appService } from '../app-services';
import { createWorkTracker } from '../../infra/drain';

/**
 * Invoicing follows the money: a captured payment issues the booking's invoice, a succeeded refund its
 * credit note (one per api::refund row). Both are idempotent, so a payments flow that also calls the
 * invoicing service directly causes no duplicates. A failure is logged; the invoice is then issued on
 * the first download of GET /bookings/:id/invoice.
 */
export const subscribeInvoicing = (strapi: Core.Strapi): (() => Promise<void>) => {
  const invoicing = () => appService(strapi, 'api::invoice.invoicing');
  // Work still running when the app stops is awaited (bounded), so none needs the database after it closed.
  const inflight = createWorkTracker();
  const logged = (what: string, work: () => Promise<unknown>) =>
    inflight.track(work, (error) => strapi.log.warn(`[invoices] ${what} failed: ${(error as Error).message}`));
  const stops = [
    eventBus.subscribe('payment.succeeded', async (event) => {
      if (!event.captured || !event.booking) return;
      await logged(`invoice for booking ${event.booking}`, () => invoicing().issueForBooking(event.booking));
    }),
    eventBus.subscribe('payment.refunded', async (event) => {
      if (!event.booking) return;
      await logged(`credit notes for booking ${event.booking}`, () => invoicing().issueCreditNotesForRefunds(event.booking));
    }),
  ];
  return async () => {
    stops.forEach((stop) => stop());
    await inflight.drain(10_000);
  };
};
