import type { Core } from '@strapi/strapi';
import type services from './services';

type Services = typeof services;
export type VendorDashboardService<K extends keyof Services> = ReturnType<Services[K]>;

/** Typed access to this plugin's services (the admin-panel vendor workspace calls them too). */
export const vendorDashboardService = <K extends keyof Services>(strapi: Core.Strapi, name: K): VendorDashboardService<K> =>
  strapi.plugin('vendor-dashboard').service(name) as VendorDashboardService<K>;
