import type { Core } from '@strapi/strapi';
import { realtimeService } from './get-service';
import services from './services';

/**
 * Real-time layer (see docs/realtime.md): Socket.IO on Strapi's HTTP server, domain events fanned out to
 * rooms, chat over sockets. Chat persistence and its REST API live in src/api/conversation.
 */
export default {
  register({ strapi }: { strapi: Core.Strapi }) {
    realtimeService(strapi, 'pricing-events').register();
  },

  bootstrap({ strapi }: { strapi: Core.Strapi }) {
    const io = realtimeService(strapi, 'socket-server').start(strapi.server.httpServer);
    realtimeService(strapi, 'fan-out').start(io);
  },

  async destroy({ strapi }: { strapi: Core.Strapi }) {
    realtimeService(strapi, 'fan-out').stop();
    await realtimeService(strapi, 'socket-server').stop();
  },

  services,
  controllers: {},
  routes: {},
  policies: {},
};
