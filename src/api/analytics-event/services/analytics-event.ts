import { factories } from '@strapi/strapi';

export default factories.createCoreService('api::analytics-event.analytics-event');
