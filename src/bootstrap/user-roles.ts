import type { Core } from '@strapi/strapi';
import { ROLE_PERMISSIONS, USER_ROLES, type UserRoleType } from './permissions';

const ROLE_UID = 'plugin::users-permissions.role';
const PERMISSION_UID = 'plugin::users-permissions.permission';

interface RoleRow {
  id: number;
  type: string;
  name: string;
}
interface PermissionRow {
  id: number;
  action: string;
}

/**
 * Makes the users-permissions roles and their permissions exactly what permissions.ts says.
 * Safe to run on every boot and on several instances at once (it only converges).
 */
export const ensureUserRoles = async (strapi: Core.Strapi): Promise<Record<UserRoleType, number>> => {
  const ids = {} as Record<UserRoleType, number>;
  for (const type of Object.keys(USER_ROLES) as UserRoleType[]) {
    const { name, description } = USER_ROLES[type];
    let role = (await strapi.db.query(ROLE_UID).findOne({ where: { type } })) as RoleRow | null;
    if (!role) {
      role = (await strapi.db.query(ROLE_UID).create({ data: { type, name, description } })) as RoleRow;
      strapi.log.info(`[roles] created users-permissions role ${name}`);
    } else if (role.name !== name) {
      await strapi.db.query(ROLE_UID).update({ where: { id: role.id }, data: { name, description } });
    }
    ids[type] = role.id;
    await reconcilePermissions(strapi, role.id, ROLE_PERMISSIONS[type]);
  }
  return ids;
};

const reconcilePermissions = async (strapi: Core.Strapi, roleId: number, wanted: readonly string[]) => {
  const existing = (await strapi.db
    .query(PERMISSION_UID)
    .findMany({ where: { role: { id: roleId } }, select: ['id', 'action'] })) as PermissionRow[];
  const have = new Set(existing.map((p) => p.action));
  const want = new Set(wanted);
  const stale = existing.filter((p) => !want.has(p.action)).map((p) => p.id);
  if (stale.length) await strapi.db.query(PERMISSION_UID).deleteMany({ where: { id: { $in: stale } } });
  for (const action of want) {
    if (!have.has(action)) await strapi.db.query(PERMISSION_UID).create({ data: { action, role: roleId } });
  }
};
