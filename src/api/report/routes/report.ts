import { factories } from '@strapi/strapi';

// Reports are filed through src/api/report/routes/01-report-actions.ts and handled by the moderation service.
// The generated routes keep only find/findOne for scoped API tokens; no users-permissions role has them.
export default factories.createCoreRouter('api::report.report', { only: ['find', 'findOne'] });
