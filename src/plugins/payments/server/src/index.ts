import bootstrap from './bootstrap';
import controllers from './controllers';
import register from './register';
import routes from './routes';
import services from './services';

/** Stripe payments for bookings (see docs/payments.md). */
export default {
  register,
  bootstrap,
  services,
  controllers,
  routes,
  policies: {},
};
