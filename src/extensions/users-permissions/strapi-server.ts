import type { Context } from 'koa';
import { registerAccount } from './account-registration';
import { loadAccountView } from './account-view';
import { userAttributes } from './user-attributes';

type ControllerFactory = (deps: { strapi: typeof strapi }) => Record<string, unknown>;

interface UsersPermissionsPlugin {
  contentTypes: { user: { schema: { attributes: Record<string, unknown> } } };
  controllers: { auth: ControllerFactory };
  routes: { 'content-api': { routes: unknown[] } };
}

/**
 * users-permissions, extended: profile fields on the user and `POST /auth/register`, which lets a new
 * user choose customer or vendor. Strapi's own /auth/local/* routes keep working unchanged.
 */
export default (plugin: UsersPermissionsPlugin) => {
  Object.assign(plugin.contentTypes.user.schema.attributes, userAttributes);

  const registerAccountAction = async (ctx: Context) => {
    const { user, emailConfirmation } = await registerAccount(strapi, ctx.request.body);
    const account = await loadAccountView(strapi, user.id);
    ctx.status = 201;
    if (emailConfirmation) {
      await strapi.plugin('users-permissions').service('user').sendConfirmationEmail(user);
      ctx.body = { user: account };
      return;
    }
    const jwt = strapi.plugin('users-permissions').service('jwt').issue({ id: user.id });
    ctx.body = { jwt, user: account };
  };

  const authController = plugin.controllers.auth;
  plugin.controllers.auth = (deps) => ({ ...authController(deps), registerAccount: registerAccountAction });

  plugin.routes['content-api'].routes.push({
    method: 'POST',
    path: '/auth/register',
    handler: 'auth.registerAccount',
    config: { prefix: '', middlewares: ['plugin::users-permissions.rateLimit'] },
  });

  return plugin;
};
