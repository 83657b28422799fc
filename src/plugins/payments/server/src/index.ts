import controllers from './controllers';
import routes from './routes';
import services from './services';

/** Stripe payments for bookings (see docs/payments.md). */
export default {
  services,
  controllers,
  routes,
  policies: {},
};
