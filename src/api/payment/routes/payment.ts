import { factories } from '@strapi/strapi';

// Read-only over the generated REST API: writes go through the payments plugin only.
// No users-permissions role is granted these actions; scoped API tokens may be.
// Only `find` (use filters[documentId] for one): a generated GET /payments/:id would shadow the
// payments plugin's GET /payments/history, because API routes are registered before plugin routes.
export default factories.createCoreRouter('api::payment.payment', { only: ['find'] });
