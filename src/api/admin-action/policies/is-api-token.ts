/**
 * Route policy `api::admin-action.is-api-token`: the caller authenticated with a Strapi API token (staff
 * automation). Used by the control center's content-api routes (/api/v1/admin/..., /api/v1/admin-dashboard/...):
 * a customer's or vendor's JWT gets 403 there even if a users-permissions role were granted the action by mistake.
 * Which actions a token may call is Strapi's API-token scope check, before this policy.
 */
const TOKEN_STRATEGIES = ['api-token', 'content-api-token'];

export default (policyContext: { state?: { auth?: { strategy?: { name?: string } } } }) =>
  TOKEN_STRATEGIES.includes(policyContext.state?.auth?.strategy?.name ?? '');
