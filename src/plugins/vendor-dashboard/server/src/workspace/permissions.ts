import { WORKSPACE_ACTION_UID, WORKSPACE_PLUGIN } from '../../../../../api/vendor-profile/workspace';

/** The workspace's admin RBAC action, registered in bootstrap (id `plugin::vendor-dashboard.workspace`). */
export const WORKSPACE_ACTIONS = [
  {
    section: 'plugins' as const,
    pluginName: WORKSPACE_PLUGIN,
    uid: WORKSPACE_ACTION_UID,
    displayName: 'Vendor workspace (own venues, bookings and figures)',
  },
];
