import { startApp, type TestApp } from '../harness/app';
import { createBooking, localTime } from '../harness/bookings';
import { createCustomer, createVendor, type TestUser, type TestVendor } from '../harness/users';
import { createVenue, type TestVenue } from '../harness/venues';

const ZONE = 'Europe/Berlin';
let app: TestApp;
let vendor: TestVendor;
let customer: TestUser;
let venue: TestVenue;

const at = (day: number, clock: string) => localTime(ZONE, day, clock);
const get = (path: string) => app.http().get(app.api(path));

beforeAll(async () => {
  app = await startApp();
  vendor = await createVendor(app);
  customer = await createCustomer(app);
  venue = await createVenue(app, vendor, { buffer_minutes: 30, min_hours: 2, max_hours: 6, capacity: 40 });
  await app.strapi.db
    .query('api::system-setting.system-setting')
    .update({ where: { key: 'booking.max_active_holds_per_customer' }, data: { value: 100 } });
});
afterAll(async () => {
  await app.stop();
});

describe('GET /venues/:id/quote', () => {
  it('prices a window with lines that add up', async () => {
    const res = await get(`/venues/${venue.documentId}/quote?start=${at(20, '10:00')}&end=${at(20, '13:00')}&guests=5`);
    expect(res.status).toBe(200);
    const quote = res.body.data;
    expect(quote).toMatchObject({
      currency: 'EUR',
      hours: 3,
      subtotal: 30000,
      discount: 0,
      platform_fee: 3000,
      tax: 0,
      total_amount: 33000,
    });
    expect(quote.lines.reduce((sum: number, line: { amount: number }) => sum + line.amount, 0)).toBe(quote.subtotal);
    expect(quote.lines[0]).toMatchObject({ label: expect.any(String), amount: 30000 });
  });

  it('applies special rates, automatic discounts, promo codes, fee and tax from settings', async () => {
    const priced = await createVenue(app, vendor, { price_per_hour: 10000 });
    const rule = (data: Record<string, unknown>) =>
      app.strapi
        .documents('api::pricing-rule.pricing-rule')
        .create({ data: { venue: priced.id, active: true, ...data } as never });
    await rule({ name: 'Evening', kind: 'special_rate', time_from: '18:00', time_to: '22:00', price_per_hour: 15000 });
    await rule({ name: 'Long booking', kind: 'discount', discount_type: 'percent', discount_value: 10, min_hours: 4 });
    await rule({ name: 'Launch code', kind: 'discount', discount_type: 'fixed', discount_value: 2500, promo_code: 'HELLO' });
    await app.strapi.db
      .query('api::system-setting.system-setting')
      .update({ where: { key: 'fees.tax_percent' }, data: { value: 19 } });
    try {
      // 16:00–20:00: 2 h base (200.00) + 2 h evening (300.00) = 500.00; 4 h → 10 % = 50.00; fee 10 % of 450.00 = 45.00; tax 19 % of 495.00 = 94.05.
      const res = await get(`/venues/${priced.documentId}/quote?start=${at(21, '16:00')}&end=${at(21, '20:00')}`);
      expect(res.body.data).toMatchObject({
        subtotal: 50000,
        discount: 5000,
        platform_fee: 4500,
        tax: 9405,
        total_amount: 58905,
      });
      expect(res.body.data.lines.map((l: { amount: number }) => l.amount)).toEqual([20000, 30000]);
      // A 2 h morning booking with the code: 200.00 − 25.00.
      const code = await get(
        `/venues/${priced.documentId}/quote?start=${at(21, '09:00')}&end=${at(21, '11:00')}&promo_code=hello`
      );
      expect(code.body.data).toMatchObject({ subtotal: 20000, discount: 2500, discount_rule: { promo_code: 'HELLO' } });
      const bad = await get(`/venues/${priced.documentId}/quote?start=${at(21, '09:00')}&end=${at(21, '11:00')}&promo_code=NOPE`);
      expect(bad.status).toBe(400);
      expect(bad.body.error.details.reason).toBe('PROMO_CODE_INVALID');
    } finally {
      await app.strapi.db
        .query('api::system-setting.system-setting')
        .update({ where: { key: 'fees.tax_percent' }, data: { value: 0 } });
    }
  });

  it.each([
    ['IN_PAST', -2, '10:00', '12:00', 1],
    ['GRANULARITY', 20, '10:10', '12:10', 1],
    ['TOO_SHORT', 20, '10:00', '11:00', 1],
    ['TOO_LONG', 20, '08:00', '15:00', 1],
    ['CAPACITY', 20, '10:00', '12:00', 41],
    ['OUTSIDE_HOURS', 20, '20:00', '23:00', 1],
  ])('answers %s with 400', async (reason, day, from, to, guests) => {
    const res = await get(
      `/venues/${venue.documentId}/quote?start=${at(day as number, from as string)}&end=${at(day as number, to as string)}&guests=${guests}`
    );
    expect(res.status).toBe(400);
    expect(res.body.error.details.reason).toBe(reason);
  });

  it('answers a taken window with 409 and a hidden venue with 404', async () => {
    expect(
      (await createBooking(app, customer, { venue: venue.documentId, start: at(22, '10:00'), end: at(22, '12:00'), guests: 2 }))
        .status
    ).toBe(201);
    const taken = await get(`/venues/${venue.documentId}/quote?start=${at(22, '12:00')}&end=${at(22, '14:00')}`);
    expect(taken.status).toBe(409);
    const hidden = await createVenue(app, vendor, { status: 'draft' });
    expect((await get(`/venues/${hidden.documentId}/quote?start=${at(22, '10:00')}&end=${at(22, '12:00')}`)).status).toBe(404);
  });

  it('rejects malformed parameters with 400', async () => {
    for (const query of [
      '',
      'start=tomorrow&end=later',
      `start=${at(20, '10:00')}`,
      `start=${at(20, '10:00')}&end=${at(20, '12:00')}&guests=-1`,
      `start=${at(20, '10:00')}&end=${at(20, '12:00')}&price=1`,
    ]) {
      const res = await get(`/venues/${venue.documentId}/quote?${query}`);
      expect(res.status).toBe(400);
    }
  });
});

describe('GET /venues/:id/availability', () => {
  it('lists free and busy time, with bookings (incl. buffer), blocks and closed hours, never who booked', async () => {
    expect(
      (await createBooking(app, customer, { venue: venue.documentId, start: at(25, '12:00'), end: at(25, '14:00'), guests: 2 }))
        .status
    ).toBe(201);
    await app.strapi.documents('api::blocked-period.blocked-period').create({
      data: { venue: venue.id, start_datetime: at(25, '18:00'), end_datetime: at(25, '20:00'), reason: 'Private' } as never,
    });
    const res = await get(`/venues/${venue.documentId}/availability?from=${at(25, '00:00')}&to=${at(26, '00:00')}`);
    expect(res.status).toBe(200);
    const data = res.body.data;
    expect(data).toMatchObject({ timezone: ZONE, granularity_minutes: 30 });
    expect(data.busy).toEqual(
      expect.arrayContaining([
        { start: at(25, '11:30'), end: at(25, '14:30'), kind: 'booking' },
        { start: at(25, '18:00'), end: at(25, '20:00'), kind: 'blocked' },
        { start: at(25, '00:00'), end: at(25, '08:00'), kind: 'closed' },
        { start: at(25, '22:00'), end: at(26, '00:00'), kind: 'closed' },
      ])
    );
    expect(data.free).toEqual([
      { start: at(25, '08:00'), end: at(25, '11:30') },
      { start: at(25, '14:30'), end: at(25, '18:00') },
      // 20:00–22:00 is exactly the 2 h minimum.
      { start: at(25, '20:00'), end: at(25, '22:00') },
    ]);
    expect(JSON.stringify(res.body)).not.toContain(customer.email);
    expect(JSON.stringify(res.body)).not.toContain('Private');
  });

  it('defaults to the next 7 days and refuses spans over 62 days or inverted windows', async () => {
    const res = await get(`/venues/${venue.documentId}/availability`);
    expect(res.status).toBe(200);
    const first = Date.parse(res.body.data.busy[0]?.start ?? res.body.data.free[0].start);
    expect(Math.abs(first - Date.now())).toBeLessThan(24 * 3_600_000);
    expect((await get(`/venues/${venue.documentId}/availability?from=${at(1, '00:00')}&to=${at(70, '00:00')}`)).status).toBe(400);
    expect((await get(`/venues/${venue.documentId}/availability?from=${at(5, '00:00')}&to=${at(4, '00:00')}`)).status).toBe(400);
    expect((await get('/venues/unknownvenue/availability')).status).toBe(404);
  });
});

describe('GET /venues/:id/details, /reviews, /calendar.ics', () => {
  it('shows the public venue with rules in force (no promo codes), policy, histogram and latest reviews', async () => {
    await app.strapi.documents('api::pricing-rule.pricing-rule').create({
      data: {
        venue: venue.id,
        name: 'Secret',
        kind: 'discount',
        discount_type: 'percent',
        discount_value: 50,
        promo_code: 'SECRET50',
        active: true,
      } as never,
    });
    await app.strapi.documents('api::pricing-rule.pricing-rule').create({
      data: {
        venue: venue.id,
        name: 'Weekend',
        kind: 'special_rate',
        weekdays: ['sat', 'sun'],
        multiplier: 1.5,
        active: true,
      } as never,
    });
    const res = await get(`/venues/${venue.documentId}/details`);
    expect(res.status).toBe(200);
    const d = res.body.data;
    expect(d).toMatchObject({
      documentId: venue.documentId,
      vendor: { documentId: vendor.profile.documentId, business_name: vendor.profile.business_name },
      policy: { name: 'moderate', text: expect.stringContaining('5 days') },
      rating: { average: 0, count: 0 },
      rating_histogram: { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 },
      latest_reviews: [],
    });
    expect(d.pricing_rules.map((r: { name: string }) => r.name)).toEqual(['Weekend']);
    expect(JSON.stringify(d)).not.toContain('SECRET50');
    expect(d.weekly_hours).toHaveLength(7);
  });

  it('lists published reviews newest first and hides hidden ones', async () => {
    const make = (rating: number, status: string, comment: string) =>
      app.strapi
        .documents('api::review.review')
        .create({ data: { venue: venue.id, rating, status, comment, author: customer.id } as never });
    await make(5, 'published', 'Lovely');
    await make(1, 'hidden', 'Spam link');
    await make(4, 'published', 'Good');
    const res = await get(`/venues/${venue.documentId}/reviews`);
    expect(res.status).toBe(200);
    expect(res.body.data.map((r: { comment: string }) => r.comment)).toEqual(['Good', 'Lovely']);
    expect(res.body.meta.pagination.total).toBe(2);
    const details = await get(`/venues/${venue.documentId}/details`);
    expect(details.body.data.rating_histogram).toMatchObject({ 1: 0, 4: 1, 5: 1 });
  });

  it('serves a public iCalendar busy feed without customer data', async () => {
    expect(
      (await createBooking(app, customer, { venue: venue.documentId, start: at(3, '10:00'), end: at(3, '12:00'), guests: 2 }))
        .status
    ).toBe(201);
    const res = await get(`/venues/${venue.documentId}/calendar.ics`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/calendar/);
    expect(res.text).toMatch(/^BEGIN:VCALENDAR/);
    expect(res.text).toContain('SUMMARY:Booked');
    expect(res.text).not.toContain(customer.email);
    expect(res.text).not.toContain(customer.username);
  });
});

describe('GET /venues/search', () => {
  let berlinLoft: TestVenue;
  let berlinHall: TestVenue;
  let munich: TestVenue;
  let nightOnly: TestVenue;

  beforeAll(async () => {
    const searchVendor = await createVendor(app);
    const amenity = async (slug: string) =>
      (await app.strapi.documents('api::amenity.amenity').create({ data: { name: slug, slug } as never })).id;
    const wifi = await amenity('wifi');
    const stage = await amenity('stage');
    // Search fixtures live in Hamburg so the other suites' Berlin venue never mixes in.
    const berlin = { address: 'A', city: 'Hamburg', country: 'DE', postal_code: '20095' };
    berlinLoft = await createVenue(app, searchVendor, {
      name: 'Riverside Loft',
      location: { ...berlin, lat: 53.55, lng: 9.99 },
      price_per_hour: 8000,
      capacity: 30,
      amenities: [wifi, stage],
      featured: false,
      rating_average: 4.8,
    });
    berlinHall = await createVenue(app, searchVendor, {
      name: 'Grand Hall',
      description: 'A riverside ballroom',
      location: { ...berlin, lat: 53.55, lng: 9.885 },
      price_per_hour: 20000,
      capacity: 200,
      amenities: [wifi],
      featured: true,
      rating_average: 4.1,
    });
    munich = await createVenue(app, searchVendor, {
      name: 'Isar Studio',
      location: { address: 'B', city: 'Munich', country: 'DE', postal_code: '80331', lat: 48.137, lng: 11.575 },
      price_per_hour: 5000,
      capacity: 10,
    });
    nightOnly = await createVenue(app, searchVendor, {
      name: 'Night Club Room',
      location: { ...berlin, lat: 53.54, lng: 10.0 },
      weekly_hours: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((weekday) => ({
        weekday,
        opens: '20:00',
        closes: '04:00',
      })),
    });
    await createVenue(app, searchVendor, {
      name: 'Hidden Draft',
      status: 'draft',
      location: { ...berlin, lat: 53.55, lng: 9.99 },
    });
  });

  const ids = (res: { body: { data: { documentId: string }[] } }) => res.body.data.map((v) => v.documentId);

  it('filters by text, city, country, guests, price and amenities (all required)', async () => {
    expect(ids(await get('/venues/search?q=riverside'))).toEqual(
      expect.arrayContaining([berlinLoft.documentId, berlinHall.documentId])
    );
    expect(ids(await get('/venues/search?q=riverside'))).toHaveLength(2);
    expect(ids(await get('/venues/search?city=munich'))).toEqual([munich.documentId]);
    expect(ids(await get('/venues/search?city=Hamburg&guests=100'))).toEqual([berlinHall.documentId]);
    expect(ids(await get('/venues/search?city=Hamburg&price_min=7000&price_max=9000'))).toEqual([berlinLoft.documentId]);
    expect(ids(await get('/venues/search?amenities=wifi,stage'))).toEqual([berlinLoft.documentId]);
    expect(ids(await get('/venues/search?amenities=wifi')).sort()).toEqual([berlinLoft.documentId, berlinHall.documentId].sort());
    const all = await get('/venues/search?pageSize=100');
    expect(all.body.data.map((v: { name: string }) => v.name)).not.toContain('Hidden Draft');
    expect(all.body.data[0]).toMatchObject({
      location: { city: expect.any(String) },
      rating: { average: expect.any(Number) },
      vendor: { business_name: expect.any(String) },
    });
  });

  it('searches by radius and sorts by distance with distance_km on each hit', async () => {
    const res = await get('/venues/search?lat=53.55&lng=9.99&radius_km=5&sort=distance');
    expect(res.status).toBe(200);
    expect(ids(res)[0]).toBe(berlinLoft.documentId);
    expect(ids(res)).not.toContain(munich.documentId);
    expect(res.body.data[0].distance_km).toBeCloseTo(0, 1);
    // Grand Hall is ~7 km west: outside 5 km, inside 10 km.
    expect(ids(res)).not.toContain(berlinHall.documentId);
    expect(ids(await get('/venues/search?lat=53.55&lng=9.99&radius_km=10'))).toContain(berlinHall.documentId);
    const distances = res.body.data.map((v: { distance_km: number }) => v.distance_km);
    expect(distances).toEqual([...distances].sort((a, b) => a - b));
  });

  it('sorts: featured first in relevance, by price both ways, by rating', async () => {
    expect(ids(await get('/venues/search?city=Hamburg'))[0]).toBe(berlinHall.documentId);
    const asc = (await get('/venues/search?sort=price_asc&pageSize=100')).body.data.map(
      (v: { price_per_hour: number }) => v.price_per_hour
    );
    expect(asc).toEqual([...asc].sort((a, b) => a - b));
    const desc = (await get('/venues/search?sort=price_desc&pageSize=100')).body.data.map(
      (v: { price_per_hour: number }) => v.price_per_hour
    );
    expect(desc).toEqual([...desc].sort((a, b) => b - a));
    expect(ids(await get('/venues/search?city=Hamburg&sort=rating'))[0]).toBe(berlinLoft.documentId);
  });

  it('with a window, keeps only venues bookable for all of it and quotes each hit', async () => {
    const window = `start=${at(40, '10:00')}&end=${at(40, '12:00')}`;
    const before = await get(`/venues/search?city=Hamburg&${window}`);
    expect(ids(before).sort()).toEqual([berlinLoft.documentId, berlinHall.documentId].sort()); // the night room is closed then
    expect(before.body.data[0].quote.total_amount).toEqual(expect.any(Number));

    // A booking 12:00–13:00 at the loft (buffer 0) leaves 10:00–12:00 free; one at the hall overlapping removes it.
    expect(
      (
        await createBooking(app, customer, {
          venue: berlinLoft.documentId,
          start: at(40, '12:00'),
          end: at(40, '13:00'),
          guests: 2,
        })
      ).status
    ).toBe(201);
    expect(
      (
        await createBooking(app, customer, {
          venue: berlinHall.documentId,
          start: at(40, '11:00'),
          end: at(40, '13:00'),
          guests: 2,
        })
      ).status
    ).toBe(201);
    expect(ids(await get(`/venues/search?city=Hamburg&${window}`))).toEqual([berlinLoft.documentId]);

    // A blocked period removes the loft too.
    await app.strapi.documents('api::blocked-period.blocked-period').create({
      data: { venue: berlinLoft.id, start_datetime: at(40, '09:00'), end_datetime: at(40, '10:30') } as never,
    });
    expect(ids(await get(`/venues/search?city=Hamburg&${window}`))).toEqual([]);

    // Overnight opening hours: the night room is bookable 22:00–02:00.
    expect(ids(await get(`/venues/search?city=Hamburg&start=${at(41, '22:00')}&end=${at(42, '02:00')}`))).toEqual([
      nightOnly.documentId,
    ]);
    // Off the 30 min grid: nothing.
    expect(ids(await get(`/venues/search?city=Hamburg&start=${at(41, '10:10')}&end=${at(41, '12:10')}`))).toEqual([]);
  });

  it('changing a venue’s hours changes what search finds', async () => {
    const window = `start=${at(43, '07:00')}&end=${at(43, '09:00')}`;
    expect(ids(await get(`/venues/search?city=Munich&${window}`))).toEqual([]);
    await app.strapi.documents('api::venue.venue').update({
      documentId: munich.documentId,
      data: {
        weekly_hours: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((weekday) => ({
          weekday,
          opens: '06:00',
          closes: '12:00',
        })),
      } as never,
    });
    expect(ids(await get(`/venues/search?city=Munich&${window}`))).toEqual([munich.documentId]);
  });

  it('paginates with meta.pagination', async () => {
    const page1 = await get('/venues/search?pageSize=2&page=1&sort=price_asc');
    const page2 = await get('/venues/search?pageSize=2&page=2&sort=price_asc');
    expect(page1.body.meta.pagination).toMatchObject({ page: 1, pageSize: 2, total: expect.any(Number) });
    expect(page1.body.meta.pagination.pageCount).toBe(Math.ceil(page1.body.meta.pagination.total / 2));
    expect(ids(page1).some((id: string) => ids(page2).includes(id))).toBe(false);
  });

  it.each([
    'pageSize=101',
    'sort=cheapest',
    'lat=52.5',
    'radius_km=5',
    'sort=distance',
    'start=2030-01-01T10:00:00Z',
    'price_min=10&price_max=5',
    'amenities=Wi Fi',
    'guests=0',
    'unknown=1',
    'q[$ne]=x',
    `start=${'x'.repeat(50)}&end=y`,
  ])('rejects %s with 400', async (query) => {
    const res = await get(`/venues/search?${query}`);
    expect(res.status).toBe(400);
    expect(res.body.error.name).toBe('ValidationError');
  });

  it('treats SQL meta-characters in text as text', async () => {
    for (const q of ["' OR 1=1 --", '%', '_', '\\', 'Loft"; DROP TABLE venues; --']) {
      const res = await get(`/venues/search?q=${encodeURIComponent(q)}`);
      expect(res.status).toBe(200);
      expect(res.body.data).toEqual([]);
    }
    expect((await get('/venues/search?q=Loft')).body.data.length).toBeGreaterThan(0);
  });
});
