import { factories } from '@strapi/strapi';

// Read-only over the generated REST API: refunds are made through /payments/refund and cancellations.
// No users-permissions role is granted these actions; scoped API tokens may be.
export default factories.createCoreRouter('api::refund.refund', { only: ['find', 'findOne'] });
