/**
 * Booking endpoints of the contract. Loaded before the generated routes (file name order) so
 * `/bookings/history` is not taken for `/bookings/:id`. Who may call each action is the
 * users-permissions matrix (src/bootstrap/permissions.ts); ownership is checked by the engine
 * (someone else's booking is a 404).
 */
export default {
  routes: [
    { method: 'POST', path: '/bookings/create', handler: 'booking-actions.create' },
    { method: 'GET', path: '/bookings/history', handler: 'booking-actions.history' },
    { method: 'GET', path: '/bookings/:id/status', handler: 'booking-actions.status' },
    { method: 'GET', path: '/bookings/:id/refund-quote', handler: 'booking-actions.refundQuote' },
    { method: 'POST', path: '/bookings/:id/cancel', handler: 'booking-actions.cancel' },
    { method: 'POST', path: '/vendor-dashboard/bookings/requests/:id/approve', handler: 'booking-actions.approve' },
    { method: 'POST', path: '/vendor-dashboard/bookings/requests/:id/decline', handler: 'booking-actions.decline' },
  ],
};
