import { factories } from '@strapi/strapi';

// Tickets are served by src/api/support-ticket/routes/01-support-ticket-actions.ts (owners only). The generated
// routes would sit on the same methods and paths (and show up twice in the OpenAPI document): none are mounted.
export default factories.createCoreRouter('api::support-ticket.support-ticket', { only: [] });
