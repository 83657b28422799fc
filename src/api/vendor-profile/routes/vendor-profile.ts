import { factories } from '@strapi/strapi';

export default factories.createCoreRouter('api::vendor-profile.vendor-profile');
