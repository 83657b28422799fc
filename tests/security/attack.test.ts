import fc from 'fast-check';
import { startApp, type TestApp } from '../harness/app';
import { createBooking, localTime } from '../harness/bookings';
import { createCustomer, createVendor, type TestUser, type TestVendor } from '../harness/users';
import { createVenue, type TestVenue } from '../harness/venues';

/**
 * Attack suite, mapped to the OWASP API Security Top 10 (2023). Every case expects the specified 4xx
 * and checks that nothing changed in the database. Cases covered in depth elsewhere are referenced:
 * privacy.test.ts (API3 private fields), auth-sessions.test.ts (API2 tokens), rate-limit.test.ts (API4/API2
 * brute force), bookings.test.ts (API1 booking ownership, transitions).
 */
let app: TestApp;
let vendor: TestVendor;
let otherVendor: TestVendor;
let alice: TestUser;
let mallory: TestUser;
let venue: TestVenue;
let aliceBooking: string;

const at = (day: number, clock: string) => localTime('Europe/Berlin', day, clock);
const bookingCount = () => app.strapi.db.query('api::booking.booking').count();
const snapshot = async () => ({
  bookings: await app.strapi.db
    .connection('bookings')
    .select('document_id', 'status', 'payment_status', 'total_amount')
    .orderBy('id'),
  users: await app.strapi.db.connection('up_users').select('id', 'blocked', 'confirmed', 'email').orderBy('id'),
  venues: await app.strapi.db.connection('venues').select('id', 'status', 'price_per_hour').orderBy('id'),
  vendors: await app.strapi.db.connection('vendor_profiles').select('id', 'verification_status').orderBy('id'),
});

beforeAll(async () => {
  app = await startApp();
  vendor = await createVendor(app, { profile: { bank_details: { iban: 'DE00SECRET' }, tax_info: { vat: 'SECRET-VAT' } } });
  otherVendor = await createVendor(app);
  alice = await createCustomer(app);
  mallory = await createCustomer(app);
  venue = await createVenue(app, vendor);
  const res = await createBooking(app, alice, {
    venue: venue.documentId,
    start: at(30, '10:00'),
    end: at(30, '12:00'),
    guests: 2,
  });
  aliceBooking = res.body.data.documentId;
});
afterAll(async () => {
  await app.stop();
});

describe('API1 broken object level authorization', () => {
  it.each([
    ['GET', () => `/bookings/${aliceBooking}/status`],
    ['GET', () => `/bookings/${aliceBooking}/refund-quote`],
    ['POST', () => `/bookings/${aliceBooking}/cancel`],
  ])('%s %s by another customer is a 404 and changes nothing', async (method, path) => {
    const before = await snapshot();
    const req =
      method === 'GET' ? app.http().get(app.api(path())) : app.http().post(app.api(path())).send({ reason: 'mine now' });
    const res = await req.set(mallory.auth);
    expect(res.status).toBe(404);
    expect(await snapshot()).toEqual(before);
  });

  it('another vendor cannot approve or decline, and sees nothing of the booking', async () => {
    const before = await snapshot();
    for (const action of ['approve', 'decline']) {
      const res = await app
        .http()
        .post(app.api(`/vendor-dashboard/bookings/requests/${aliceBooking}/${action}`))
        .set(otherVendor.auth)
        .send({});
      expect(res.status).toBe(404);
    }
    expect(await snapshot()).toEqual(before);
  });

  it('bookings are not listable or readable through the generated API by documentId', async () => {
    for (const user of [mallory, alice, vendor]) {
      expect([403, 404]).toContain(
        (
          await app
            .http()
            .get(app.api(`/bookings/${aliceBooking}`))
            .set(user.auth)
        ).status
      );
    }
  });
});

describe('API3 broken object property level authorization', () => {
  it.each([
    { total_amount: 1 },
    { status: 'confirmed' },
    { payment_status: 'paid' },
    { customer: 1 },
    { price_breakdown: { total_amount: 1 } },
    { hold_expires_at: '2099-01-01T00:00:00Z' },
    { $where: 'true' },
  ])('booking create rejects %j', async (extra) => {
    const before = await bookingCount();
    const res = await createBooking(app, mallory, {
      venue: venue.documentId,
      start: at(31, '10:00'),
      end: at(31, '12:00'),
      guests: 2,
      ...extra,
    });
    expect(res.status).toBe(400);
    expect(await bookingCount()).toBe(before);
  });

  it('vendor private data never reaches another user', async () => {
    for (const path of [
      `/vendor-profiles/${vendor.profile.documentId}?populate=*`,
      `/venues/${venue.documentId}?populate[vendor][populate]=*`,
    ]) {
      const res = await app.http().get(app.api(path)).set(mallory.auth);
      expect(JSON.stringify(res.body)).not.toMatch(/SECRET|bank_details|tax_info/);
    }
  });
});

describe('API4 unrestricted resource consumption', () => {
  it.each([
    '/venues?pagination[pageSize]=100000',
    '/venues?populate[vendor][populate][user][populate][role][populate]=*',
    `/venues?filters${'[$and][0]'.repeat(10)}[name][$eq]=x`,
    '/venues/search?start=2030-01-01T00:00:00Z&end=2040-01-01T00:00:00Z',
    '/bookings/history?pageSize=5000',
  ])('GET %s is a 400', async (path) => {
    const res = await app.http().get(app.api(path)).set(alice.auth);
    expect(res.status).toBe(400);
  });

  it('a 10-year availability window is a 400', async () => {
    const res = await app
      .http()
      .get(app.api(`/venues/${venue.documentId}/availability?from=2030-01-01T00:00:00Z&to=2040-01-01T00:00:00Z`));
    expect(res.status).toBe(400);
  });

  it('an oversized JSON body is refused with 413 and creates nothing', async () => {
    const before = await bookingCount();
    const res = await createBooking(app, alice, {
      venue: venue.documentId,
      start: at(32, '10:00'),
      end: at(32, '12:00'),
      guests: 2,
      notes: 'x'.repeat(2_000_000),
    });
    expect(res.status).toBe(413);
    expect(await bookingCount()).toBe(before);
  });
});

describe('API5 broken function level authorization', () => {
  it('a customer cannot use vendor routes', async () => {
    const res = await app
      .http()
      .post(app.api(`/vendor-dashboard/bookings/requests/${aliceBooking}/approve`))
      .set(alice.auth)
      .send({});
    expect(res.status).toBe(403);
  });

  it('user tokens do not open the admin API', async () => {
    for (const path of ['/admin/users', '/admin/users/me', '/content-manager/collection-types/api::booking.booking']) {
      const res = await app.http().get(path).set(vendor.auth);
      expect([401, 403]).toContain(res.status);
    }
  });

  it('public and users cannot write the catalogue or settings through generated routes', async () => {
    const before = await snapshot();
    for (const [method, path] of [
      ['post', '/venues'],
      ['put', `/venues/${venue.documentId}`],
      ['delete', `/venues/${venue.documentId}`],
      ['put', `/vendor-profiles/${vendor.profile.documentId}`],
      ['post', '/system-settings'],
      ['post', '/amenities'],
    ] as const) {
      for (const user of [null, alice, vendor]) {
        const http = app.http();
        const req = http[method](app.api(path)).send({
          data: { status: 'approved', price_per_hour: 1, verification_status: 'approved' },
        });
        const res = user ? await req.set(user.auth) : await req;
        expect([401, 403, 404, 405]).toContain(res.status);
      }
    }
    expect(await snapshot()).toEqual(before);
  });
});

describe('API8 injection and XSS', () => {
  it.each([
    "filters[name][$eq]=x' OR '1'='1",
    'filters[name][$contains]=%',
    'filters[$or][0][status][$ne]=approved',
    'filters[status][$in][0]=draft&filters[status][$in][1]=approved',
    'sort=name;DROP TABLE venues',
  ])('generated venue filters stay inside the public set: %s', async (query) => {
    const draft = await createVenue(app, vendor, { status: 'draft', name: 'Draft Only' });
    const res = await app.http().get(app.api(`/venues?${query}`));
    expect(res.status).toBeLessThan(500);
    expect(JSON.stringify(res.body)).not.toContain(draft.documentId);
  });

  it('markup in user text is stored and returned as plain text', async () => {
    const reg = await app.http().post(app.api('/auth/register')).send({
      username: 'xss-vendor',
      email: 'xss@example.test',
      password: 'long-enough-1',
      role: 'vendor',
      business_name: '<img src=x onerror=alert(1)>Evil <b>Co</b>',
    });
    expect(reg.status).toBe(201);
    expect(reg.body.user.vendor_profile.business_name).toBe('Evil Co');
    const booked = await createBooking(app, alice, {
      venue: venue.documentId,
      start: at(33, '10:00'),
      end: at(33, '12:00'),
      guests: 2,
      notes: '<script>alert(1)</script>Please bring chairs',
    });
    expect(booked.body.data.notes).toBe('Please bring chairs');
    const row = await app.strapi.db.query('api::booking.booking').findOne({ where: { documentId: booked.body.data.documentId } });
    expect(row.notes).toBe('Please bring chairs');
  });
});

describe('CORS', () => {
  it('does not allow a foreign origin', async () => {
    const res = await app.http().get(app.api('/venues')).set('Origin', 'https://evil.example');
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    const preflight = await app
      .http()
      .options(app.api('/bookings/create'))
      .set('Origin', 'https://evil.example')
      .set('Access-Control-Request-Method', 'POST');
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('allows a configured origin with credentials', async () => {
    const res = await app.http().get(app.api('/venues')).set('Origin', 'http://localhost:3000');
    expect(res.headers['access-control-allow-origin']).toBe('http://localhost:3000');
    expect(res.headers['access-control-allow-credentials']).toBe('true');
  });
});

describe('fuzz: custom endpoints never answer 5xx', () => {
  const json = fc.jsonValue({ maxDepth: 3 });
  const bodyArb = fc.oneof(
    json,
    fc.record(
      { venue: fc.oneof(fc.string(), json), start: fc.oneof(fc.string(), json), end: fc.oneof(fc.string(), json), guests: json },
      { requiredKeys: [] }
    ),
    fc.dictionary(fc.string({ maxLength: 12 }), json, { maxKeys: 6 })
  );
  const targets: Array<[string, (id: string) => string]> = [
    ['/bookings/create', () => '/bookings/create'],
    ['/bookings/:id/cancel', (id) => `/bookings/${id}/cancel`],
    ['/auth/register', () => '/auth/register'],
    ['/auth/login', () => '/auth/login'],
    ['/auth/refresh-token', () => '/auth/refresh-token'],
    ['/vendor-dashboard/bookings/requests/:id/decline', (id) => `/vendor-dashboard/bookings/requests/${id}/decline`],
  ];

  it.each(targets)('POST %s with random JSON', async (_name, path) => {
    await fc.assert(
      fc.asyncProperty(bodyArb, fc.constantFrom(aliceBooking, 'x', '%00', '..%2F'), async (body, id) => {
        const res = await app
          .http()
          .post(app.api(path(id)))
          .set(alice.auth)
          .set('Content-Type', 'application/json')
          .send(JSON.stringify(body));
        if (res.status >= 500) throw new Error(`${res.status} for ${JSON.stringify(body)}: ${JSON.stringify(res.body)}`);
      }),
      { numRuns: 40, seed: 20261124 }
    );
  });

  it('GET endpoints with random query strings', async () => {
    const paths = [
      '/venues/search',
      `/venues/${venue.documentId}/availability`,
      `/venues/${venue.documentId}/quote`,
      '/bookings/history',
      `/venues/${venue.documentId}/reviews`,
      '/users/reviews',
      '/support-tickets',
      '/vendor-dashboard/reviews',
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...paths),
        fc.dictionary(fc.string({ minLength: 1, maxLength: 10 }), fc.string({ maxLength: 30 }), { maxKeys: 5 }),
        async (path, query) => {
          const res = await app.http().get(app.api(path)).query(query).set(alice.auth);
          if (res.status >= 500)
            throw new Error(`${res.status} for ${path}?${new URLSearchParams(query)}: ${JSON.stringify(res.body)}`);
        }
      ),
      { numRuns: 60, seed: 20261124 }
    );
  });
});

describe('fuzz: review, report and support-ticket endpoints never answer 5xx', () => {
  let review: string;
  let ticket: string;
  const json = fc.jsonValue({ maxDepth: 3 });
  const text = fc.oneof(fc.string({ maxLength: 60 }), fc.constant('<b>x</b>'), fc.constant('x'.repeat(2001)), json);
  const bodyArb = fc.oneof(
    json,
    fc.record(
      {
        booking: fc.oneof(fc.string(), json),
        rating: fc.oneof(fc.integer({ min: -2, max: 8 }), fc.double(), json),
        comment: text,
        reason: text,
        details: text,
        target_type: fc.oneof(fc.constantFrom('review', 'venue', 'message', 'user'), json),
        target: fc.oneof(fc.string(), json),
        type: fc.oneof(fc.constantFrom('booking', 'payment', 'other'), json),
        subject: text,
        body: text,
        response: text,
      },
      { requiredKeys: [] }
    ),
    fc.dictionary(fc.string({ maxLength: 12 }), json, { maxKeys: 6 })
  );

  beforeAll(async () => {
    const past = Date.now() - 86_400_000;
    const bookable = await app.strapi.service('api::venue.venue-rules').load(venue.documentId, { publicOnly: false });
    const booking = await app.strapi.service('api::booking.booking-engine').importBooking({
      venue: bookable,
      customerId: alice.id,
      window: { start: past - 3_600_000, end: past },
      guests: 2,
      status: 'completed',
      paymentStatus: 'paid',
      quote: {
        currency: 'EUR',
        hours: 1,
        lines: [],
        subtotal: 100,
        discount: 0,
        discount_rule: null,
        platform_fee: 0,
        tax: 0,
        total_amount: 100,
      },
    });
    const written = await app.http().post(app.api('/reviews')).set(alice.auth).send({ booking, rating: 4 });
    review = written.body.data.documentId;
    const opened = await app
      .http()
      .post(app.api('/support-tickets'))
      .set(alice.auth)
      .send({ type: 'other', subject: 'Fuzz', body: 'Fuzz target' });
    ticket = opened.body.data.documentId;
  });

  const targets: Array<[string, (ids: { review: string; ticket: string; id: string }) => string, 'alice' | 'vendor', string]> = [
    ['POST /reviews', () => '/reviews', 'alice', 'post'],
    ['PATCH /reviews/:id', ({ review: r, id }) => `/reviews/${id === 'own' ? r : id}`, 'alice', 'patch'],
    ['POST /reviews/:id/report', ({ review: r, id }) => `/reviews/${id === 'own' ? r : id}/report`, 'vendor', 'post'],
    ['POST /reports', () => '/reports', 'vendor', 'post'],
    [
      'POST /vendor-dashboard/reviews/:id/respond',
      ({ review: r, id }) => `/vendor-dashboard/reviews/${id === 'own' ? r : id}/respond`,
      'vendor',
      'post',
    ],
    ['POST /support-tickets', () => '/support-tickets', 'alice', 'post'],
    [
      'POST /support-tickets/:id/messages',
      ({ ticket: t, id }) => `/support-tickets/${id === 'own' ? t : id}/messages`,
      'alice',
      'post',
    ],
    [
      'POST /support-tickets/:id/close',
      ({ ticket: t, id }) => `/support-tickets/${id === 'own' ? t : id}/close`,
      'alice',
      'post',
    ],
    [
      'POST /support-tickets/:id/reopen',
      ({ ticket: t, id }) => `/support-tickets/${id === 'own' ? t : id}/reopen`,
      'alice',
      'post',
    ],
  ];

  it.each(targets)('%s with random JSON', async (_name, path, who, method) => {
    const user = who === 'alice' ? alice : vendor;
    await fc.assert(
      fc.asyncProperty(bodyArb, fc.constantFrom('own', 'x', '%00', '..%2F', aliceBooking), async (body, id) => {
        const url = app.api(path({ review, ticket, id }));
        const request = method === 'patch' ? app.http().patch(url) : app.http().post(url);
        const res = await request.set(user.auth).set('Content-Type', 'application/json').send(JSON.stringify(body));
        if (res.status >= 500) throw new Error(`${res.status} for ${JSON.stringify(body)}: ${JSON.stringify(res.body)}`);
      }),
      { numRuns: 30, seed: 20261202 }
    );
  });
});
