import bootstrap from './bootstrap';
import controllers from './controllers';
import routes from './routes';
import services from './services';

/** Stripe payments for bookings (see docs/payments.md). */
export default {
  bootstrap,
  services,
  controllers,
  routes,
  policies: {},
};
