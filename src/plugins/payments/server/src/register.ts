import type { Core } from '@strapi/strapi';
import { registerPayments, type PaymentsPort } from '../../../../api/payments-port';
import { paymentsService } from './get-service';

/**
 * Registers this plugin as the APIs' payments port (src/api/payments-port.ts): booking transitions that move
 * money and the Stripe client for saved payment methods. The APIs reach payments only through it.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const bookingPayments = () => paymentsService(strapi, 'booking-payments');
  const port: PaymentsPort = {
    cancelBooking: (actor, bookingDocumentId, reason) => bookingPayments().cancel(actor, bookingDocumentId, reason),
    approveBooking: (actor, bookingDocumentId) => bookingPayments().approve(actor, bookingDocumentId),
    declineBooking: (actor, bookingDocumentId, reason) => bookingPayments().decline(actor, bookingDocumentId, reason),
    stripe: () => paymentsService(strapi, 'stripe').client(),
  };
  registerPayments(strapi, port);
};
