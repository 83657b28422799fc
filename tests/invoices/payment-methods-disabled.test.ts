import { startApp, type TestApp } from '../harness/app';
import { createCustomer, type TestUser } from '../harness/users';

/** Without STRIPE_SECRET_KEY the saved-payment-method routes answer 503 (the rest of the app works). */
describe('/users/payment-methods without Stripe', () => {
  let app: TestApp;
  let user: TestUser;
  beforeAll(async () => {
    app = await startApp({ env: { STRIPE_SECRET_KEY: undefined, STRIPE_API_BASE: undefined } });
    user = await createCustomer(app);
  });
  afterAll(async () => {
    await app.stop();
  });

  it('answers 503 on every route', async () => {
    const responses = [
      await app.http().get(app.api('/users/payment-methods')).set(user.auth),
      await app.http().post(app.api('/users/payment-methods/setup')).set(user.auth).send({}),
      await app.http().delete(app.api('/users/payment-methods/pm_123')).set(user.auth),
    ];
    for (const res of responses) {
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({ data: null, error: { status: 503, details: { reason: 'PAYMENTS_DISABLED' } } });
    }
  });
});
