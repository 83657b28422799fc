/**
 * The signed-in user's own account (contract: Users). Registered before users-permissions' plugin
 * routes (Strapi registers API routes first), so `/users/profile` is never taken for `/users/:id`.
 * Who may call: customers and vendors, per the users-permissions matrix (src/bootstrap/permissions.ts);
 * every action works on the caller's own data only, there is no id of another user to pass.
 */
export default {
  routes: [
    { method: 'GET', path: '/users/profile', handler: 'account.profile' },
    { method: 'PUT', path: '/users/profile', handler: 'account.updateProfile' },
    { method: 'POST', path: '/users/profile/avatar', handler: 'account.uploadAvatar' },
    { method: 'GET', path: '/users/preferences', handler: 'account.preferences' },
    { method: 'PUT', path: '/users/preferences', handler: 'account.updatePreferences' },
    { method: 'GET', path: '/users/favorites', handler: 'account.favorites' },
    { method: 'POST', path: '/users/favorites', handler: 'account.addFavorite' },
    { method: 'DELETE', path: '/users/favorites/:venue', handler: 'account.removeFavorite' },
  ],
};
