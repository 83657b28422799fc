import type { Core } from '@strapi/strapi';
import { ensureStaffRoles, ensureFirstSuperAdmin } from './bootstrap/admin-roles';
import { ensureUserRoles } from './bootstrap/user-roles';
import { ensureDefaultSettings } from './bootstrap/default-settings';
import { closeRedis } from './infra/redis';
import { seedDemoData } from './seed';

export default {
  register(/* { strapi }: { strapi: Core.Strapi } */) {},

  async bootstrap({ strapi }: { strapi: Core.Strapi }) {
    await ensureUserRoles(strapi);
    await ensureStaffRoles(strapi);
    await ensureDefaultSettings(strapi);
    await ensureFirstSuperAdmin(strapi, { email: process.env.ADMIN_EMAIL, password: process.env.ADMIN_PASSWORD });
    // `npm run dev` sets this: the embedded default comes up with demo data on first start.
    if (process.env.TOFIMOTIA_SEED_ON_START === 'true') await seedDemoData(strapi, { onlyIfEmpty: true });
  },

  async destroy() {
    await closeRedis();
  },
};
