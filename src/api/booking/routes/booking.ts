import { factories } from '@strapi/strapi';

// Read-only over the generated REST API: writes go through the domain services only.
// No users-permissions role is granted these actions; scoped API tokens may be.
export default factories.createCoreRouter('api::booking.booking', { only: ['find', 'findOne'] });
