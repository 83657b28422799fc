import type { Core } from '@strapi/strapi';
import type services from './services';

type Services = typeof services;
export type ControlCenterService<K extends keyof Services> = ReturnType<Services[K]>;

/** Typed access to this plugin's services. */
export const controlCenterService = <K extends keyof Services>(strapi: Core.Strapi, name: K): ControlCenterService<K> =>
  strapi.plugin('control-center').service(name) as ControlCenterService<K>;
