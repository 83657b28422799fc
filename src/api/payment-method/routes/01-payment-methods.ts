import { paymentMethodIdParam, paymentMethodListResponse, removedResponse, setupResponse } from '../contracts';

/**
 * The caller's saved payment methods (contract: Users, `/users/payment-methods`). Customers and vendors,
 * per the users-permissions matrix (src/bootstrap/permissions.ts); own data only. Registered with the
 * API routes, before users-permissions' `/users/:id`.
 */
export default {
  routes: [
    { method: 'GET', path: '/users/payment-methods', handler: 'payment-method.list', response: paymentMethodListResponse },
    { method: 'POST', path: '/users/payment-methods/setup', handler: 'payment-method.setup', response: setupResponse },
    {
      method: 'DELETE',
      path: '/users/payment-methods/:id',
      handler: 'payment-method.remove',
      request: { params: { id: paymentMethodIdParam } },
      response: removedResponse,
    },
  ],
};
