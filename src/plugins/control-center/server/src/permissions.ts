/**
 * The control center's admin RBAC actions, one per area (ids `plugin::control-center.<area>`). Registered in
 * bootstrap; staff roles get them in src/bootstrap/admin-roles.ts. Admin routes name the action they need.
 */
export const AREAS = [
  'dashboard',
  'users',
  'vendors',
  'venues',
  'moderation',
  'tickets',
  'settings',
  'audit',
  'reports',
] as const;
export type Area = (typeof AREAS)[number];

export const PLUGIN = 'control-center';
export const actionId = (area: Area) => `plugin::${PLUGIN}.${area}`;

const DISPLAY: Record<Area, string> = {
  dashboard: 'Dashboard: metrics and system health',
  users: 'Users: list, block and unblock',
  vendors: 'Vendors: applications, verification, suspension',
  venues: 'Venues: approvals, suspension, featured slots',
  moderation: 'Moderation: reviews and reports',
  tickets: 'Support tickets',
  settings: 'Settings: system, fees, policies',
  audit: 'Audit log',
  reports: 'Reports and CSV exports',
};

export const ACTIONS = AREAS.map((area) => ({
  section: 'plugins' as const,
  pluginName: PLUGIN,
  uid: area,
  displayName: DISPLAY[area],
}));

/** Policies of an admin route of one area: a signed-in admin holding that area's action. */
export const adminPolicies = (area: Area) => [
  'admin::isAuthenticatedAdmin',
  { name: 'admin::hasPermissions', config: { actions: [actionId(area)] } },
];
