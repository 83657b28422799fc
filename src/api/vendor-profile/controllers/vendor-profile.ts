import { factories } from '@strapi/strapi';
import { PUBLIC_VENDOR, visibleOnlyActions } from '../../../infra/public-visibility';

// Generated GET /vendor-profiles shows only approved vendors; their private fields are stripped by the schema.
export default factories.createCoreController('api::vendor-profile.vendor-profile', () =>
  visibleOnlyActions('api::vendor-profile.vendor-profile', PUBLIC_VENDOR)
);
