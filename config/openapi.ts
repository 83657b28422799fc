import type { Core } from '@strapi/strapi';

/**
 * Servers of the generated OpenAPI document (/api/v1/openapi.json). Paths in the document are relative
 * to the REST prefix, so the server URL carries it.
 */
export default ({ env }: Core.Config.Shared.ConfigParams) => {
  const base = (env('PUBLIC_URL', '') || `http://localhost:${env.int('PORT', 1337)}`).replace(/\/+$/, '');
  return { servers: [{ url: `${base}/api/v1`, description: 'Tofimotia REST API v1' }] };
};
