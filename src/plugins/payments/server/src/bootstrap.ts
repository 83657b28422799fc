import type { Core } from '@strapi/strapi';

/**
 * One payment row per PaymentIntent, enforced by the database: a unique index on the Strapi-managed
 * `payments.transaction_id` (Strapi's `unique` attribute is only checked in application code). Created
 * at every boot after Strapi's schema sync, so it exists whatever the sync did; boot fails loudly if
 * duplicates already exist.
 */
export const ensurePaymentConstraints = async (strapi: Core.Strapi): Promise<void> => {
  await strapi.db.connection.raw('CREATE UNIQUE INDEX IF NOT EXISTS payments_transaction_id_uq ON payments (transaction_id)');
};

export default async ({ strapi }: { strapi: Core.Strapi }) => {
  await ensurePaymentConstraints(strapi);
};
