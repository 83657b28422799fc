import type { Core } from '@strapi/strapi';
import { eventBus } from '../../infra/event-bus';

/**
 * Invoicing follows the money: a captured payment issues the booking's invoice, a succeeded refund its
 * credit note (one per api::refund row). Both are idempotent, so a payments flow that also calls the
 * invoicing service directly causes no duplicates. A failure is logged; the invoice is then issued on
 * the first download of GET /bookings/:id/invoice.
 */
export const subscribeInvoicing = (strapi: Core.Strapi): (() => Promise<void>) => {
  const invoicing = () => strapi.service('api::invoice.invoicing');
  // Work still running when the app stops is awaited (bounded), so none needs the database after it closed.
  const inflight = new Set<Promise<unknown>>();
  const logged = (what: string, work: () => Promise<unknown>) => {
    const running = work().catch((error: unknown) => strapi.log.warn(`[invoices] ${what} failed: ${(error as Error).message}`));
    inflight.add(running);
    void running.finally(() => inflight.delete(running));
    return running;
  };
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
    await Promise.race([Promise.allSettled([...inflight]), new Promise((resolve) => setTimeout(resolve, 10_000).unref())]);
  };
};
