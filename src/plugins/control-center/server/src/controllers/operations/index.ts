import { auditExport, auditLog, moderationReports, reviews, settings, tickets } from './desk';
import { users, vendors, venues } from './management';

/**
 * Controllers of the operations area. A content-api route's scope (API token permission) is
 * `plugin::control-center.<controller>.<action>`; GET actions are find/findOne so read-only tokens pass them.
 */
export default {
  users,
  vendors,
  venues,
  reviews,
  'moderation-reports': moderationReports,
  tickets,
  settings,
  'audit-log': auditLog,
  'audit-export': auditExport,
};
