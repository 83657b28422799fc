import analytics from '../operations/analytics';
import bookings from '../operations/bookings';
import connect from '../operations/connect';

/** Services of the operations area: bookings lists, analytics, Stripe Connect onboarding. */
export default {
  'vendor-bookings': bookings,
  'vendor-analytics': analytics,
  'vendor-connect': connect,
};
