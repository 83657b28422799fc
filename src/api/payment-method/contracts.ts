import { z } from 'zod';
import { dataResponse, instant, integer, type Documents } from '../../infra/openapi-shapes';
import type { PaymentMethodView } from './payment-method-view';

/** A Stripe PaymentMethod id (`pm_…`). */
export const paymentMethodIdParam = z
  .string()
  .max(255)
  .regex(/^pm_[A-Za-z0-9_]+$/, 'not a payment method id (pm_…)');

export const paymentMethodSchema = z.object({
  id: z.string().describe('Stripe PaymentMethod id (pm_…)'),
  type: z.string(),
  brand: z.string().nullable().describe('Card brand: visa, mastercard, amex, …'),
  last4: z.string().nullable(),
  exp_month: integer.nullable(),
  exp_year: integer.nullable(),
  is_default: z.boolean().describe("The Stripe customer's default payment method (invoice_settings.default_payment_method)"),
  created_at: instant,
});

export const paymentMethodListResponse = z
  .object({ data: z.array(paymentMethodSchema), meta: z.object({}) })
  .describe(
    "The caller's saved cards (empty before the first setup). 503 ServiceUnavailableError when payments are not configured."
  );

export const setupResponse = dataResponse(
  z.object({
    client_secret: z.string().describe('Hand to Stripe.js confirmCardSetup / the Payment Element'),
    setup_intent_id: z.string(),
    customer: z.string().describe("The caller's Stripe customer id (created on the first setup)"),
  }),
  'A SetupIntent to save a card for later payments. 503 when payments are not configured.'
);

export const removedResponse = dataResponse(
  z.object({ id: z.string(), removed: z.literal(true) }),
  "Detached from the caller's Stripe customer. 404 for a method that is not the caller's; 503 when payments are not configured."
);

export type PaymentMethodDocumented = Documents<z.output<typeof paymentMethodSchema>, PaymentMethodView>;
