import type { Core } from '@strapi/strapi';
import { ACTIONS } from './permissions';
import { ensureAnalyticsSchema } from './services/insights/schema';

interface ActionProvider {
  registerMany(actions: typeof ACTIONS): Promise<void>;
}

export default async ({ strapi }: { strapi: Core.Strapi }) => {
  const { actionProvider } = strapi.service('admin::permission') as unknown as { actionProvider: ActionProvider };
  await actionProvider.registerMany(ACTIONS);
  await ensureAnalyticsSchema(strapi);
};
