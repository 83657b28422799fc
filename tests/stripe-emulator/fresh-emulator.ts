import Stripe from 'stripe';
import { createEmulator, type Emulator } from '../../tools/stripe-emulator';

/** The real SDK pointed at an emulator, as the app will be through STRIPE_API_BASE. */
export const sdkFor = (em: Emulator, options: Stripe.StripeConfig = {}): Stripe =>
  new Stripe('sk_test_123', { host: '127.0.0.1', port: em.port, protocol: 'http', maxNetworkRetries: 0, ...options });

/** A fresh emulator on a free port with its SDK client (each test gets its own state). */
export const freshEmulator = async (
  options?: Parameters<typeof createEmulator>[0]
): Promise<{ em: Emulator; stripe: Stripe }> => {
  const em = await createEmulator(options);
  return { em, stripe: sdkFor(em) };
};
