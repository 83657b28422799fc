import { actionId, AREAS, type Area } from '../../server/src/permissions';

/** The admin-side form of an area's RBAC action (the server routes check the same ids). */
export const areaPermissions = (area: Area) => [{ action: actionId(area), subject: null }];

/** Any control-center action shows the menu link; each page checks its own area. */
export const ANY_AREA = AREAS.map((area) => ({ action: actionId(area), subject: null }));
