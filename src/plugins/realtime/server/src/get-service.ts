import type { Core } from '@strapi/strapi';
import type services from './services';

type Services = typeof services;
export type RealtimeService<K extends keyof Services> = ReturnType<Services[K]>;

/** Typed access to this plugin's services: `realtimeService(strapi, 'socket-server').io()`. */
export const realtimeService = <K extends keyof Services>(strapi: Core.Strapi, name: K): RealtimeService<K> =>
  strapi.plugin('realtime').service(name) as RealtimeService<K>;
