import services from './services';

/** Stripe payments for bookings (see docs/payments.md). */
export default {
  services,
  controllers: {},
  routes: { 'content-api': { type: 'content-api' as const, routes: [] } },
  policies: {},
};
