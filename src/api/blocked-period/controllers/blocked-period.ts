import { factories } from '@strapi/strapi';

export default factories.createCoreController('api::blocked-period.blocked-period');
