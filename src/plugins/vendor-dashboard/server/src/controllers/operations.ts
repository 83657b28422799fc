import operations from '../operations/controllers';

/** Controllers of the operations area (handlers `vendor-bookings.*`, `vendor-analytics.*`, `vendor-profile.*`). */
export default {
  'vendor-bookings': operations.vendorBookings,
  'vendor-analytics': operations.vendorAnalytics,
  'vendor-profile': operations.vendorProfile,
};
