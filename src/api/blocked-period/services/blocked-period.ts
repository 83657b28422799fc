import { factories } from '@strapi/strapi';

export default factories.createCoreService('api::blocked-period.blocked-period');
