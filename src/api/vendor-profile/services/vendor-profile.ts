import { factories } from '@strapi/strapi';

export default factories.createCoreService('api::vendor-profile.vendor-profile');
