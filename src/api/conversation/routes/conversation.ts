import { factories } from '@strapi/strapi';

// Chat goes through src/api/conversation/routes/01-conversation-actions.ts (participants only). The generated
// routes keep only `findOne` for scoped API tokens: generated GET/POST /conversations would sit on the same
// method and path as the contract's own list and open actions (and show up twice in the OpenAPI document).
export default factories.createCoreRouter('api::conversation.conversation', { only: ['findOne'] });
