import { adminPolicies } from '../permissions';

/**
 * Staff download of a vendor's private verification document (area `vendors`): admin surface
 * /control-center/vendors/:id/documents/:document/download and the content-api twins under both management
 * trees (API-token scope `plugin::control-center.vendor-documents.download`; named `download`, not find, so a
 * read-only token does not reach identity documents). The vendor detail lists the documents with these paths
 * (contracts/vendor-documents.ts).
 */
const PATH = '/vendors/:id/documents/:document/download';
const API_TREES = ['/admin/management', '/admin-dashboard/management'];
const HANDLER = 'vendor-documents.download';

export const admin = [{ method: 'GET' as const, path: PATH, handler: HANDLER, config: { policies: adminPolicies('vendors') } }];

export const contentApi = API_TREES.map((base) => ({
  method: 'GET' as const,
  path: `${base}${PATH}`,
  handler: HANDLER,
  config: { prefix: '', policies: ['api::admin-action.is-api-token'] },
}));
