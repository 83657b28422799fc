import { factories } from '@strapi/strapi';
import { PUBLIC_VENUE, visibleOnlyActions } from '../../../infra/public-visibility';

// Generated GET /venues and /venues/:id show only approved venues of approved vendors.
export default factories.createCoreController('api::venue.venue', () => visibleOnlyActions('api::venue.venue', PUBLIC_VENUE));
