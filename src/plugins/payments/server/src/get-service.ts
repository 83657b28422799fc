import type { Core } from '@strapi/strapi';
import type services from './services';

type Services = typeof services;
export type PaymentsService<K extends keyof Services> = ReturnType<Services[K]>;

/** Typed access to this plugin's services: `paymentsService(strapi, 'stripe').client()`. */
export const paymentsService = <K extends keyof Services>(strapi: Core.Strapi, name: K): PaymentsService<K> =>
  strapi.plugin('payments').service(name) as PaymentsService<K>;
