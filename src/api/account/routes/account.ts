import { jsonBody, queryParams } from '../../../infra/openapi-shapes';
import {
  avatarUploadBodyDoc,
  documentIdParam,
  favoriteAddedResponse,
  favoriteBody,
  favoriteRemovedResponse,
  favoritesQuery,
  favoritesResponse,
  preferencesResponse,
  profileResponse,
  updatePreferencesBodyDoc,
  updateProfileBodyDoc,
} from '../contracts';

/**
 * The signed-in user's own account (contract: Users). Registered before users-permissions' plugin
 * routes (Strapi registers API routes first), so `/users/profile` is never taken for `/users/:id`.
 * Who may call: customers and vendors, per the users-permissions matrix (src/bootstrap/permissions.ts);
 * every action works on the caller's own data only, there is no id of another user to pass.
 *
 * `request` / `response` feed Strapi's OpenAPI document (GET /api/v1/openapi.json) only: Strapi does
 * not validate custom controllers' input with them, the controllers parse with the schemas of
 * ../contracts.ts (the `…Doc` bodies are their wire-form equivalents, see there).
 */

export default {
  routes: [
    { method: 'GET', path: '/users/profile', handler: 'account.profile', response: profileResponse },
    {
      method: 'PUT',
      path: '/users/profile',
      handler: 'account.updateProfile',
      request: { body: jsonBody(updateProfileBodyDoc) },
      response: profileResponse,
    },
    {
      method: 'POST',
      path: '/users/profile/avatar',
      handler: 'account.uploadAvatar',
      request: { body: { 'multipart/form-data': avatarUploadBodyDoc } },
      response: profileResponse,
    },
    { method: 'GET', path: '/users/preferences', handler: 'account.preferences', response: preferencesResponse },
    {
      method: 'PUT',
      path: '/users/preferences',
      handler: 'account.updatePreferences',
      request: { body: jsonBody(updatePreferencesBodyDoc) },
      response: preferencesResponse,
    },
    {
      method: 'GET',
      path: '/users/favorites',
      handler: 'account.favorites',
      request: { query: queryParams(favoritesQuery) },
      response: favoritesResponse,
    },
    {
      method: 'POST',
      path: '/users/favorites',
      handler: 'account.addFavorite',
      request: { body: jsonBody(favoriteBody) },
      response: favoriteAddedResponse,
    },
    {
      method: 'DELETE',
      path: '/users/favorites/:venue',
      handler: 'account.removeFavorite',
      request: { params: { venue: documentIdParam } },
      response: favoriteRemovedResponse,
    },
  ],
};
