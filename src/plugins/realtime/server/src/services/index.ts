import fanOut from './fan-out';
import pricingEvents from './pricing-events';
import socketAuth from './socket-auth';
import socketServer from './socket-server';

export default {
  'socket-auth': socketAuth,
  'socket-server': socketServer,
  'fan-out': fanOut,
  'pricing-events': pricingEvents,
};
