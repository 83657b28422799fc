import { healthReportSchema } from '../contracts';

export default {
  routes: [
    {
      method: 'GET',
      path: '/health',
      handler: 'health.check',
      // Public on purpose: load balancers and orchestrators probe it without credentials. It reveals only up/down states.
      config: { auth: false },
      response: healthReportSchema,
    },
  ],
};
