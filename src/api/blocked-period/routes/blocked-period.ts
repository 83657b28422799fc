import { factories } from '@strapi/strapi';

export default factories.createCoreRouter('api::blocked-period.blocked-period');
