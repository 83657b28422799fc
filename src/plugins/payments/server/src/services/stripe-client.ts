import Stripe from 'stripe';

export interface StripeSettings {
  secretKey: string;
  webhookSecret: string;
  /** A non-default endpoint (the local emulator): e.g. http://127.0.0.1:12111. */
  apiBase: string;
}

export const stripeSettingsFromEnv = (env: NodeJS.ProcessEnv = process.env): StripeSettings => ({
  secretKey: env.STRIPE_SECRET_KEY ?? '',
  webhookSecret: env.STRIPE_WEBHOOK_SECRET ?? '',
  apiBase: env.STRIPE_API_BASE ?? '',
});

/** Host/port/protocol options for the SDK from STRIPE_API_BASE (absent → api.stripe.com). */
const endpointOptions = (apiBase: string): Stripe.StripeConfig => {
  if (!apiBase) return {};
  const url = new URL(apiBase);
  const protocol = url.protocol === 'http:' ? 'http' : 'https';
  return { host: url.hostname, port: Number(url.port || (protocol === 'http' ? 80 : 443)), protocol };
};

export const createStripeClient = (settings: StripeSettings): Stripe | null => {
  if (!settings.secretKey) return null;
  return new Stripe(settings.secretKey, {
    ...endpointOptions(settings.apiBase),
    maxNetworkRetries: 2,
    timeout: 20_000,
    appInfo: { name: 'tofimotia' },
  });
};
