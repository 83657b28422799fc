import management from './management';
import moderationDesk from './moderation-desk';
import ticketDesk from './ticket-desk';

/** Services of the operations area (management, moderation, tickets); settings and the audit log live in src/api. */
export default { management, 'moderation-desk': moderationDesk, 'ticket-desk': ticketDesk };
