import { factories } from '@strapi/strapi';

export default factories.createCoreRouter('api::system-setting.system-setting');
