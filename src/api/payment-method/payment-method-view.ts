import type Stripe from 'stripe';

/** A saved card as the API shows it: never the raw Stripe object (fingerprints, billing details, …). */
export const paymentMethodView = (pm: Stripe.PaymentMethod, defaultId: string | null) => ({
  id: pm.id,
  type: pm.type,
  brand: pm.card?.brand ?? null,
  last4: pm.card?.last4 ?? null,
  exp_month: pm.card?.exp_month ?? null,
  exp_year: pm.card?.exp_year ?? null,
  is_default: defaultId !== null && pm.id === defaultId,
  created_at: new Date(pm.created * 1000).toISOString(),
});

export type PaymentMethodView = ReturnType<typeof paymentMethodView>;
