import { factories } from '@strapi/strapi';

export default factories.createCoreService('api::featured-slot.featured-slot');
