import { factories } from '@strapi/strapi';

export default factories.createCoreService('api::admin-action.admin-action');
