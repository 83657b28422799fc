/**
 * Public venue endpoints (contract: Venues). Registered before the generated routes (file order)
 * so `/venues/search` is not read as `/venues/:id`. Permissions: src/bootstrap/permissions.ts.
 */
export default {
  routes: [
    { method: 'GET', path: '/venues/search', handler: 'venue-actions.search' },
    { method: 'GET', path: '/venues/:id/details', handler: 'venue-actions.details' },
    { method: 'GET', path: '/venues/:id/reviews', handler: 'venue-actions.reviews' },
    { method: 'GET', path: '/venues/:id/availability', handler: 'venue-actions.availability' },
    { method: 'GET', path: '/venues/:id/quote', handler: 'venue-actions.quote' },
    { method: 'GET', path: '/venues/:id/calendar.ics', handler: 'venue-actions.calendar' },
  ],
};
