import type { Core } from '@strapi/strapi';
import createHttpError from 'http-errors';
import type Stripe from 'stripe';
import { createStripeClient, stripeSettingsFromEnv, type StripeSettings } from './stripe-client';

/**
 * The one Stripe SDK client of this process. Without STRIPE_SECRET_KEY payments are off: payment routes
 * answer 503 (the rest of the marketplace keeps working); the embedded default needs no Stripe account.
 */
export default (_deps: { strapi: Core.Strapi }) => {
  let settings: StripeSettings | null = null;
  let client: Stripe | null = null;
  const load = () => {
    if (!settings) {
      settings = stripeSettingsFromEnv();
      client = createStripeClient(settings);
    }
    return { settings, client };
  };
  return {
    configured(): boolean {
      return load().client !== null;
    },
    client(): Stripe {
      const { client: stripe } = load();
      if (!stripe) {
        throw createHttpError(503, 'Payments are not configured on this server', { details: { reason: 'PAYMENTS_DISABLED' } });
      }
      return stripe;
    },
    webhookSecret(): string {
      return load().settings.webhookSecret;
    },
  };
};
