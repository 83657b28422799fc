import { factories } from '@strapi/strapi';

export default factories.createCoreController('api::admin-action.admin-action');
