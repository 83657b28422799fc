import { useAuth } from '@strapi/strapi/admin';
import * as React from 'react';
import { actionId, type Area } from '../../../server/src/permissions';

/** Whether the signed-in admin holds an area's action (to show links and panels of other areas). */
export const useHolds = () => {
  const permissions = useAuth('ControlCenterHolds', (state) => state.permissions);
  return React.useMemo(() => {
    const held = new Set(permissions.map((p) => p.action));
    return (area: Area) => held.has(actionId(area));
  }, [permissions]);
};
