import type { Core } from '@strapi/strapi';

export default (): Core.Config.Api => ({
  rest: {
    prefix: '/api/v1',
    defaultLimit: 25,
    maxLimit: 100,
    withCount: true,
  },
});
