import { startApp, type TestApp } from '../harness/app';
import { localTime, recordEvents, setSetting } from '../harness/bookings';
import { createVendor, type TestUser, type TestVendor } from '../harness/users';
import { createVenue, type TestVenue } from '../harness/venues';

/**
 * Vendor dashboard pricing (base rates, special rates and discounts as CRUD, promo codes unique per venue in the
 * database, the preview quote) and featured-slot requests with their staff decisions at service level.
 */
const ZONE = 'Europe/Berlin';
const P = '/vendor-dashboard/venues/pricing';
const SLOTS = '/vendor-dashboard/promotions/featured-slots';

let app: TestApp;
let vendor: TestVendor;
let other: TestVendor;
let pending: TestVendor;
let venue: TestVenue;

const req = (method: 'get' | 'post' | 'put' | 'delete', path: string, user: TestUser, body?: unknown) => {
  const r = app.http()[method](app.api(path)).set(user.auth);
  return body === undefined ? r : r.send(body as object);
};
const fieldsOf = (res: { body: { error?: { details?: { errors?: { path: string[] }[] } } } }) =>
  (res.body.error?.details?.errors ?? []).map((e) => e.path.join('.'));
const dateIn = (days: number) => localTime(ZONE, days, '12:00').slice(0, 10);

beforeAll(async () => {
  app = await startApp();
  vendor = await createVendor(app);
  other = await createVendor(app);
  pending = await createVendor(app, { status: 'pending' });
  venue = await createVenue(app, vendor, { price_per_hour: 10000 });
  await setSetting(app, 'fees.platform_fee_percent', 10);
  await setSetting(app, 'fees.tax_percent', 20);
}, 180_000);
afterAll(async () => {
  await app?.stop();
});

describe('base rates', () => {
  it('reads and sets the base rate; pricing.changed follows', async () => {
    const events = recordEvents(app);
    const got = await req('get', `${P}/base-rates`, vendor).query({ venue: venue.documentId });
    expect(got.body.data).toEqual({ venue: venue.documentId, price_per_hour: 10000, currency: 'EUR' });
    const put = await req('put', `${P}/base-rates`, vendor, { venue: venue.documentId, price_per_hour: 8000 });
    expect(put.status).toBe(200);
    expect(put.body.data.price_per_hour).toBe(8000);
    await new Promise((resolve) => setImmediate(resolve));
    expect(events.seen).toContainEqual({ name: 'pricing.changed', payload: { venue: venue.documentId } });
    events.stop();
    const bad = await req('put', `${P}/base-rates`, vendor, { venue: venue.documentId, price_per_hour: 12.5, currency: 'euro' });
    expect(bad.status).toBe(400);
    expect(fieldsOf(bad)).toEqual(expect.arrayContaining(['price_per_hour', 'currency']));
    await req('put', `${P}/base-rates`, vendor, { venue: venue.documentId, price_per_hour: 10000 });
  });
});

describe('special rates and discounts', () => {
  let rate: string;
  let discount: string;

  it('creates, reads, lists, updates and deletes a special rate', async () => {
    const created = await req('post', `${P}/special-rates`, vendor, {
      venue: venue.documentId,
      name: 'Evenings',
      time_from: '18:00',
      time_to: '22:00',
      multiplier: 1.5,
    });
    expect(created.status).toBe(201);
    expect(created.body.data).toMatchObject({
      venue: venue.documentId,
      kind: 'special_rate',
      time_from: '18:00',
      time_to: '22:00',
      multiplier: 1.5,
      price_per_hour: null,
      active: true,
      uses: 0,
    });
    rate = created.body.data.documentId;
    const listed = await req('get', `${P}/special-rates`, vendor).query({ venue: venue.documentId });
    expect(listed.body.data.map((r: { documentId: string }) => r.documentId)).toEqual([rate]);
    const updated = await req('put', `${P}/special-rates/${rate}`, vendor, { multiplier: 2 });
    expect(updated.body.data.multiplier).toBe(2);
    const both = await req('put', `${P}/special-rates/${rate}`, vendor, { price_per_hour: 5000 });
    expect(both.status).toBe(400);
    const read = await req('get', `${P}/special-rates/${rate}`, vendor);
    expect(read.body.data.multiplier).toBe(2);
  });

  it('validates rules with field names', async () => {
    const none = await req('post', `${P}/special-rates`, vendor, { venue: venue.documentId, name: 'x' });
    expect(none.status).toBe(400);
    expect(fieldsOf(none)).toContain('price_per_hour');
    const half = await req('post', `${P}/special-rates`, vendor, {
      venue: venue.documentId,
      name: 'x',
      price_per_hour: 100,
      time_from: '10:00',
      starts_on: '2030-05-02',
      ends_on: '2030-05-01',
      uses: 4,
    });
    expect(half.status).toBe(400);
    const pct = await req('post', `${P}/discounts`, vendor, {
      venue: venue.documentId,
      name: 'Too much',
      discount_type: 'percent',
      discount_value: 150,
    });
    expect(pct.status).toBe(400);
    expect(fieldsOf(pct)).toContain('discount_value');
  });

  it('discount CRUD; promo codes are unique per venue, case-insensitively', async () => {
    const created = await req('post', `${P}/discounts`, vendor, {
      venue: venue.documentId,
      name: 'Summer',
      discount_type: 'percent',
      discount_value: 20,
      promo_code: 'SUMMER20',
      max_uses: 10,
    });
    expect(created.status).toBe(201);
    discount = created.body.data.documentId;
    const dup = await req('post', `${P}/discounts`, vendor, {
      venue: venue.documentId,
      name: 'Copy',
      discount_type: 'fixed',
      discount_value: 500,
      promo_code: ' summer20 ',
    });
    expect(dup.status).toBe(409);
    expect(dup.body.error.details.reason).toBe('PROMO_CODE_TAKEN');
    // Another venue may use the same code.
    const second = await createVenue(app, vendor);
    const elsewhere = await req('post', `${P}/discounts`, vendor, {
      venue: second.documentId,
      name: 'Summer too',
      discount_type: 'percent',
      discount_value: 5,
      promo_code: 'summer20',
    });
    expect(elsewhere.status).toBe(201);
    // Renaming the code frees the old one; deleting frees the new one.
    expect((await req('put', `${P}/discounts/${discount}`, vendor, { promo_code: 'SUN' })).body.data.promo_code).toBe('SUN');
    const reuse = await req('post', `${P}/discounts`, vendor, {
      venue: venue.documentId,
      name: 'Back',
      discount_type: 'fixed',
      discount_value: 100,
      promo_code: 'summer20',
    });
    expect(reuse.status).toBe(201);
    expect((await req('delete', `${P}/discounts/${reuse.body.data.documentId}`, vendor)).status).toBe(200);
    expect((await req('get', `${P}/discounts/${reuse.body.data.documentId}`, vendor)).status).toBe(404);
  });

  it('keeps promo codes unique under concurrent creation (database-enforced)', async () => {
    const shot = (i: number) =>
      req('post', `${P}/discounts`, vendor, {
        venue: venue.documentId,
        name: `Race ${i}`,
        discount_type: 'fixed',
        discount_value: 100,
        promo_code: i % 2 ? 'RACE' : 'race',
      });
    const results = await Promise.all([0, 1, 2, 3, 4, 5].map(shot));
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
    const rows = await app.strapi.db
      .connection('vendor_promo_codes')
      .where({ venue_document_id: venue.documentId, code: 'race' })
      .count({ n: '*' });
    expect(Number(rows[0].n)).toBe(1);
    const rules = await app.strapi.db.query('api::pricing-rule.pricing-rule').count({
      where: { venue: { documentId: venue.documentId }, promo_code: { $eqi: 'race' } },
    });
    expect(rules).toBe(1);
  });

  it('previews a window with a draft rule without saving it', async () => {
    const start = localTime(ZONE, 7, '16:00');
    const end = localTime(ZONE, 7, '20:00');
    const before = await app.strapi.db.query('api::pricing-rule.pricing-rule').count();
    const res = await req('post', `${P}/preview`, vendor, {
      venue: venue.documentId,
      start,
      end,
      promo_code: 'FLASH',
      discount: { name: 'Flash', discount_type: 'fixed', discount_value: 2500, promo_code: 'FLASH' },
    });
    expect(res.status).toBe(200);
    // Saved rules: 16–18 at 100.00, 18–20 at 2 × 100.00 (Evenings); fee 10 %, tax 20 % on subtotal + fee.
    expect(res.body.data.current).toMatchObject({
      subtotal: 60000,
      discount: 0,
      platform_fee: 6000,
      tax: 13200,
      total_amount: 79200,
    });
    expect(res.body.data.preview).toMatchObject({
      subtotal: 60000,
      discount: 2500,
      platform_fee: 5750,
      tax: 12650,
      total_amount: 75900,
      discount_rule: { id: -2, name: 'Flash', promo_code: 'FLASH' },
    });
    const special = await req('post', `${P}/preview`, vendor, {
      venue: venue.documentId,
      start,
      end,
      special_rate: { name: 'Flat', price_per_hour: 5000, priority: 10 },
    });
    expect(special.body.data.preview).toMatchObject({ subtotal: 20000, platform_fee: 2000, tax: 4400, total_amount: 26400 });
    expect(await app.strapi.db.query('api::pricing-rule.pricing-rule').count()).toBe(before);
    const bad = await req('post', `${P}/preview`, vendor, { venue: venue.documentId, start: end, end: start });
    expect(bad.status).toBe(400);
    expect(fieldsOf(bad)).toContain('end');
  });

  it('a second vendor gets 404 on every pricing route with the first vendor’s venue and rules', async () => {
    const v = venue.documentId;
    const attempts = [
      req('get', `${P}/base-rates`, other).query({ venue: v }),
      req('put', `${P}/base-rates`, other, { venue: v, price_per_hour: 1 }),
      req('get', `${P}/special-rates`, other).query({ venue: v }),
      req('post', `${P}/special-rates`, other, { venue: v, name: 'x', price_per_hour: 1 }),
      req('get', `${P}/special-rates/${rate}`, other),
      req('put', `${P}/special-rates/${rate}`, other, { multiplier: 0 }),
      req('delete', `${P}/special-rates/${rate}`, other),
      req('get', `${P}/discounts/${discount}`, other),
      req('put', `${P}/discounts/${discount}`, other, { discount_value: 100 }),
      req('delete', `${P}/discounts/${discount}`, other),
      req('post', `${P}/preview`, other, { venue: v, start: localTime(ZONE, 7, '10:00'), end: localTime(ZONE, 7, '11:00') }),
      req('post', SLOTS, other, { venue: v, starts_on: dateIn(10), ends_on: dateIn(12) }),
      req('get', SLOTS, other).query({ venue: v }),
    ];
    for (const res of await Promise.all(attempts)) expect(res.status).toBe(404);
    // A special rate is not a discount: the other kind's routes do not see it either.
    expect((await req('get', `${P}/discounts/${rate}`, vendor)).status).toBe(404);
    const list = await req('get', `${P}/special-rates`, other);
    expect(list.body.data).toEqual([]);
    const rule = await app.strapi.db.query('api::pricing-rule.pricing-rule').findOne({ where: { documentId: rate } });
    expect(Number(rule.multiplier)).toBe(2);
    // The seed tree answers the same.
    expect((await req('get', `/vendor/venues/pricing/special-rates/${rate}`, vendor)).status).toBe(200);
    expect((await req('get', `/vendor/venues/pricing/special-rates/${rate}`, other)).status).toBe(404);
  });

  it('deletes a special rate', async () => {
    expect((await req('delete', `${P}/special-rates/${rate}`, vendor)).status).toBe(200);
    expect((await req('get', `${P}/special-rates`, vendor).query({ venue: venue.documentId })).body.data).toEqual([]);
  });

  it('a pending vendor may set base rates of its drafts but not rules', async () => {
    const draft = await createVenue(app, pending, { status: 'draft' });
    expect((await req('put', `${P}/base-rates`, pending, { venue: draft.documentId, price_per_hour: 5 })).status).toBe(200);
    const rule = await req('post', `${P}/special-rates`, pending, { venue: draft.documentId, name: 'x', price_per_hour: 1 });
    expect(rule.status).toBe(403);
  });
});

describe('featured-slot requests', () => {
  const slots = () => app.strapi.service('api::featured-slot.featured-slots');
  let slot: string;

  it('requests a slot for an approved venue (201) and lists own requests', async () => {
    const res = await req('post', SLOTS, vendor, {
      venue: venue.documentId,
      starts_on: dateIn(10),
      ends_on: dateIn(16),
      note: 'Summer push',
    });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ status: 'requested', starts_on: dateIn(10), ends_on: dateIn(16), reason: null });
    expect(res.body.data.venue.documentId).toBe(venue.documentId);
    slot = res.body.data.documentId;
    const overlap = await req('post', SLOTS, vendor, { venue: venue.documentId, starts_on: dateIn(15), ends_on: dateIn(20) });
    expect(overlap.status).toBe(409);
    const list = await req('get', SLOTS, vendor);
    expect(list.body.data.map((s: { documentId: string }) => s.documentId)).toEqual([slot]);
    expect((await req('get', SLOTS, other)).body.data).toEqual([]);
  });

  it('validates dates and refuses venues that are not approved', async () => {
    const past = await req('post', SLOTS, vendor, { venue: venue.documentId, starts_on: '2020-01-01', ends_on: '2020-01-02' });
    expect(past.status).toBe(400);
    expect(fieldsOf(past)).toContain('starts_on');
    const reversed = await req('post', SLOTS, vendor, { venue: venue.documentId, starts_on: dateIn(30), ends_on: dateIn(20) });
    expect(reversed.status).toBe(400);
    expect(fieldsOf(reversed)).toContain('ends_on');
    const draft = await createVenue(app, vendor, { status: 'pending_approval' });
    const notYet = await req('post', SLOTS, vendor, { venue: draft.documentId, starts_on: dateIn(10), ends_on: dateIn(11) });
    expect(notYet.status).toBe(409);
  });

  it('staff approve or reject through the service; other transitions are 409s', async () => {
    const approved = await slots().approve({ adminId: 1 }, slot);
    expect(approved).toMatchObject({ status: 'approved', reason: null });
    expect(approved.decided_at).toEqual(expect.any(String));
    await expect(slots().reject({ adminId: 1 }, slot, 'late')).rejects.toMatchObject({ status: 409 });
    await expect(slots().approve({ adminId: 1 }, slot)).rejects.toMatchObject({ status: 409 });
    expect((await req('post', `${SLOTS}/${slot}/cancel`, vendor)).status).toBe(409);

    const second = await req('post', SLOTS, vendor, { venue: venue.documentId, starts_on: dateIn(40), ends_on: dateIn(41) });
    const id = second.body.data.documentId;
    await expect(slots().reject({ adminId: 1 }, id, '  ')).rejects.toMatchObject({ name: 'ValidationError' });
    expect(await slots().reject({ adminId: 1 }, id, 'Fully booked week')).toMatchObject({
      status: 'rejected',
      reason: 'Fully booked week',
    });
    await expect(slots().approve({ adminId: 1 }, 'nope')).rejects.toMatchObject({ name: 'NotFoundError' });

    const third = await req('post', SLOTS, vendor, { venue: venue.documentId, starts_on: dateIn(50), ends_on: dateIn(51) });
    expect((await req('post', `${SLOTS}/${third.body.data.documentId}/cancel`, other)).status).toBe(404);
    const cancelled = await req('post', `${SLOTS}/${third.body.data.documentId}/cancel`, vendor);
    expect(cancelled.body.data.status).toBe('cancelled');
  });

  it('concurrent decisions: exactly one wins', async () => {
    const res = await req('post', SLOTS, vendor, { venue: venue.documentId, starts_on: dateIn(60), ends_on: dateIn(61) });
    const id = res.body.data.documentId;
    const outcomes = await Promise.allSettled([
      slots().approve({ adminId: 1 }, id),
      slots().reject({ adminId: 2 }, id, 'no'),
      slots().approve({ adminId: 3 }, id),
    ]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
  });
});
