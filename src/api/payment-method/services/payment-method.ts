import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type Stripe from 'stripe';
import { payments } from '../../payments-port';
import { paymentMethodView, type PaymentMethodView } from '../payment-method-view';

const USER = 'plugin::users-permissions.user';

const isMissing = (error: unknown): boolean => {
  const e = error as { type?: unknown; code?: unknown; statusCode?: unknown } | null;
  return !!e && (e.code === 'resource_missing' || (e.type === 'StripeInvalidRequestError' && e.statusCode === 404));
};

const notFound = () => new errors.NotFoundError('Payment method not found');

/**
 * Saved payment methods (contract: `/users/payment-methods`). Each user has at most one Stripe customer,
 * created on the first setup with an idempotency key derived from the user id (two concurrent first
 * setups get the same customer) and kept in the user's private `stripe_customer_id`. Cards are saved by
 * the client confirming a SetupIntent with Stripe.js; this service lists and detaches them. Without
 * STRIPE_SECRET_KEY every call answers 503 (the Stripe client of the payments port, src/api/payments-port.ts).
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const stripe = (): Stripe => payments(strapi).stripe();

  const customerIdOf = async (userId: number): Promise<string | null> => {
    const row = (await strapi.db.query(USER).findOne({ where: { id: userId }, select: ['id', 'stripe_customer_id'] })) as {
      stripe_customer_id: string | null;
    } | null;
    if (!row) throw new errors.NotFoundError('Account not found');
    return row.stripe_customer_id || null;
  };

  const ensureCustomer = async (client: Stripe, userId: number): Promise<string> => {
    const existing = await customerIdOf(userId);
    if (existing) return existing;
    const customer = await client.customers.create(
      { metadata: { user_id: String(userId), app: 'tofimotia' } },
      { idempotencyKey: `tofimotia-customer-for-user-${userId}` }
    );
    // Only fills an empty field: a concurrent first setup stored the same customer (same idempotency key).
    await strapi.db
      .query(USER)
      .updateMany({ where: { id: userId, stripe_customer_id: { $null: true } }, data: { stripe_customer_id: customer.id } });
    return (await customerIdOf(userId)) ?? customer.id;
  };

  return {
    async list(userId: number): Promise<PaymentMethodView[]> {
      const client = stripe();
      const customerId = await customerIdOf(userId);
      if (!customerId) return [];
      const [customer, methods] = await Promise.all([
        client.customers.retrieve(customerId),
        client.customers.listPaymentMethods(customerId, { type: 'card', limit: 100 }),
      ]);
      const preferred = customer.deleted ? null : (customer.invoice_settings?.default_payment_method ?? null);
      const defaultId = typeof preferred === 'string' ? preferred : (preferred?.id ?? null);
      return methods.data.map((pm) => paymentMethodView(pm, defaultId));
    },

    async setup(userId: number): Promise<{ client_secret: string; setup_intent_id: string; customer: string }> {
      const client = stripe();
      const customer = await ensureCustomer(client, userId);
      const intent = await client.setupIntents.create({
        customer,
        usage: 'off_session',
        metadata: { user_id: String(userId) },
      });
      return { client_secret: intent.client_secret as string, setup_intent_id: intent.id, customer };
    },

    /** Detaches a method from the caller's customer; a method that is not the caller's is a 404. */
    async remove(userId: number, paymentMethodId: string): Promise<{ id: string; removed: true }> {
      const client = stripe();
      const customerId = await customerIdOf(userId);
      if (!customerId) throw notFound();
      let method: Stripe.PaymentMethod;
      try {
        method = await client.paymentMethods.retrieve(paymentMethodId);
      } catch (error) {
        if (isMissing(error)) throw notFound();
        throw error;
      }
      const owner = typeof method.customer === 'string' ? method.customer : (method.customer?.id ?? null);
      if (owner !== customerId) throw notFound();
      await client.paymentMethods.detach(paymentMethodId);
      return { id: paymentMethodId, removed: true };
    },
  };
};
