/**
 * Every vendor route is served under two trees by the same handler: the contract's `/vendor-dashboard/...` and the
 * seed's `/vendor/...`. A route is written once with its dashboard path and its seed path.
 */
export interface VendorRoute {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path under /vendor-dashboard (without the prefix), e.g. '/venues/management/create-update'. */
  dashboard: string;
  /** Path under /vendor (without the prefix), or null when the seed tree has no such screen. */
  seed: string | null;
  handler: string;
  config?: { policies?: unknown[]; middlewares?: unknown[] };
  request?: unknown;
  response?: unknown;
}

/**
 * The OpenAPI document describes the `/vendor-dashboard` tree; the `/vendor` copies carry no request/response
 * shapes (they only feed the document: controllers parse with the same schemas either way). Strapi converts every
 * shape against all content-type schemas, so documenting each route twice doubled the document's build time.
 */
export const bothTrees = (routes: VendorRoute[]) =>
  routes.flatMap(({ dashboard, seed, config, request, response, ...route }) => {
    const base = { ...route, config: { ...config, prefix: '' } };
    return [
      { ...base, path: `/vendor-dashboard${dashboard}`, request, response },
      ...(seed === null ? [] : [{ ...base, path: `/vendor${seed}` }]),
    ];
  });
