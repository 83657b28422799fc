import { factories } from '@strapi/strapi';

// Writes go through src/api/review/routes/01-review-actions.ts (customers, vendors) and the moderation service
// (staff). The generated routes keep only find/findOne for scoped API tokens; no users-permissions role has them.
export default factories.createCoreRouter('api::review.review', { only: ['find', 'findOne'] });
