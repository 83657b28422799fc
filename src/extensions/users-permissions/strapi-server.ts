import type { Context } from 'koa';
import type { z } from 'zod';
import { parseOrThrow } from '../../infra/validation';
import { registerAccount, registrationSchema } from './account-registration';
import { loadAccountView } from './account-view';
import {
  authenticateWithPassword,
  authResponseSchema,
  loginSchema,
  logoutResponseSchema,
  refreshSchema,
  registerResponseSchema,
  sessionTokensSchema,
} from './login';
import { issueSessionTokens, revokeRefreshToken, rotateRefreshToken } from './sessions';
import { userAttributes } from './user-attributes';

type ControllerFactory = (deps: { strapi: typeof strapi }) => Record<string, unknown>;

interface UsersPermissionsPlugin {
  contentTypes: { user: { schema: { attributes: Record<string, unknown> } } };
  controllers: { auth: ControllerFactory };
  routes: { 'content-api': { routes: unknown[] } };
}

/** The contract's auth endpoints, next to users-permissions' own (which keep working under /api/v1). */
const accountAuth = {
  /** POST /auth/register — customer, or vendor with a pending vendor profile. */
  async registerAccount(ctx: Context) {
    const { user, emailConfirmation } = await registerAccount(strapi, ctx.request.body);
    const account = await loadAccountView(strapi, user.id);
    ctx.status = 201;
    if (emailConfirmation) {
      await strapi.plugin('users-permissions').service('user').sendConfirmationEmail(user);
      ctx.body = { user: account };
      return;
    }
    ctx.body = { ...(await issueSessionTokens(strapi, user.id)), user: account };
  },

  /** POST /auth/login {identifier, password} → {jwt, refreshToken, user}. */
  async login(ctx: Context) {
    const { userId, deviceId } = await authenticateWithPassword(strapi, ctx.request.body);
    ctx.body = { ...(await issueSessionTokens(strapi, userId, deviceId)), user: await loadAccountView(strapi, userId) };
  },

  /** POST /auth/refresh-token {refreshToken} → {jwt, refreshToken}; the old one is dead, reusing it revokes the family. */
  async refreshToken(ctx: Context) {
    const { refreshToken } = parseOrThrow(refreshSchema, ctx.request.body ?? {});
    ctx.body = await rotateRefreshToken(strapi, refreshToken);
  },

  /** POST /auth/logout {refreshToken} → revokes that session family. */
  async logout(ctx: Context) {
    const { refreshToken } = parseOrThrow(refreshSchema, ctx.request.body ?? {});
    await revokeRefreshToken(strapi, refreshToken);
    ctx.body = { data: { ok: true }, meta: {} };
  },
};

/** Request body and answer of each action, for the OpenAPI document (Strapi does not validate with them). */
const DOCS: Record<keyof typeof accountAuth, { body: z.ZodType; response: z.ZodType }> = {
  // Strapi converts in output mode, where a defaulted key (role) would be listed as required.
  registerAccount: {
    body: registrationSchema.meta({ required: ['username', 'email', 'password'] }),
    response: registerResponseSchema,
  },
  login: { body: loginSchema, response: authResponseSchema },
  refreshToken: { body: refreshSchema, response: sessionTokensSchema },
  logout: { body: refreshSchema, response: logoutResponseSchema },
};

const route = (path: string, handler: keyof typeof accountAuth) => ({
  method: 'POST',
  path,
  handler: `auth.${handler}`,
  // Rate limits: global::rate-limit (auth endpoints per IP and per identifier).
  config: { prefix: '' },
  request: { body: { 'application/json': DOCS[handler].body } },
  response: DOCS[handler].response,
});

/**
 * users-permissions, extended: profile fields on the user, and the contract's /auth/register,
 * /auth/login, /auth/refresh-token and /auth/logout.
 */
export default (plugin: UsersPermissionsPlugin) => {
  Object.assign(plugin.contentTypes.user.schema.attributes, userAttributes);

  const authController = plugin.controllers.auth;
  plugin.controllers.auth = (deps) => ({ ...authController(deps), ...accountAuth });

  const ours = [
    route('/auth/register', 'registerAccount'),
    route('/auth/login', 'login'),
    route('/auth/refresh-token', 'refreshToken'),
    route('/auth/logout', 'logout'),
  ];
  // users-permissions has its own POST /auth/logout: ours replaces it rather than shadowing it.
  const taken = new Set(ours.map((r) => `${r.method} ${r.path}`));
  const routes = plugin.routes['content-api'].routes as { method: string; path: string }[];
  plugin.routes['content-api'].routes = [...routes.filter((r) => !taken.has(`${r.method} ${r.path}`)), ...ours];

  return plugin;
};
