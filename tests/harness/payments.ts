import Stripe from 'stripe';
import { createEmulator, type Emulator } from '../../tools/stripe-emulator';
import { startApp, type TestApp } from './app';
import type { TestUser } from './users';

export const WEBHOOK_SECRET = 'whsec_test_tofimotia';

export interface PaymentsApp {
  app: TestApp;
  em: Emulator;
  /** The real SDK against the emulator, as a Stripe.js client or the dashboard would act. */
  stripe: Stripe;
  stop: () => Promise<void>;
}

/** A Strapi app wired to a fresh Stripe emulator, whose signed webhooks go to the app's endpoint. */
export const startPaymentsApp = async (env: Record<string, string | undefined> = {}): Promise<PaymentsApp> => {
  const em = await createEmulator({ port: 0 });
  const app = await startApp({
    env: { STRIPE_SECRET_KEY: 'sk_test_tofimotia', STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET, STRIPE_API_BASE: em.url, ...env },
  });
  em.control.configureWebhook({
    url: `${app.baseUrl}/api/v1/payments/webhook`,
    secret: WEBHOOK_SECRET,
    retryDelaysMs: [50, 200],
  });
  const stripe = new Stripe('sk_test_tofimotia', { host: '127.0.0.1', port: em.port, protocol: 'http', maxNetworkRetries: 0 });
  return {
    app,
    em,
    stripe,
    stop: async () => {
      await em.control.idle(5_000);
      await app.stop();
      await em.close();
    },
  };
};

export const processPayment = (ctx: PaymentsApp, user: TestUser, booking: string, headers: Record<string, string> = {}) =>
  ctx.app
    .http()
    .post(ctx.app.api('/payments/process'))
    .set({ ...user.auth, ...headers })
    .send({ booking });

/** process → confirm at the "client" with a test card → wait for the webhooks to be delivered. */
export const payBooking = async (ctx: PaymentsApp, user: TestUser, booking: string, paymentMethod = 'pm_card_visa') => {
  const processed = await processPayment(ctx, user, booking);
  if (processed.status !== 200) throw new Error(`process failed: ${processed.status} ${JSON.stringify(processed.body)}`);
  const intentId = processed.body.data.payment_intent_id as string;
  const confirmed = await ctx.stripe.paymentIntents
    .confirm(intentId, { payment_method: paymentMethod })
    .catch((error: unknown) => error);
  await ctx.em.control.idle(10_000);
  return { intentId, processed: processed.body.data, confirmed };
};

export const paymentRow = (ctx: PaymentsApp, booking: string) =>
  ctx.app.strapi.db
    .query('api::payment.payment')
    .findOne({ where: { booking: { documentId: booking } }, populate: { refunds: true } });
