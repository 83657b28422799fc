import fs from 'node:fs';
import path from 'node:path';
import { NOTIFICATION_EVENT_TYPES } from '../../src/api/account/preferences';
import { startApp, type TestApp } from '../harness/app';
import { localTime, setSetting } from '../harness/bookings';
import { appDir } from '../harness/test-env';
import { createCustomer, createVendor, PASSWORD, type TestUser, type TestVendor } from '../harness/users';
import { createVenue, type TestVenue } from '../harness/venues';
import { pastBooking } from '../reviews/helpers';

/**
 * The OpenAPI document Strapi generates from the route declarations (GET /api/v1/openapi.json):
 * every custom route is in it with its parameters, request body and 200 answer, and real answers of
 * the running app validate against the schemas the document publishes.
 */

interface JsonSchema {
  $ref?: string;
  type?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  description?: string;
  contentMediaType?: string;
  contentEncoding?: string;
  format?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  maxLength?: number;
}
interface Parameter {
  name: string;
  in: 'path' | 'query';
  required: boolean;
  schema: JsonSchema;
}
interface Operation {
  operationId: string;
  tags: string[];
  parameters: Parameter[];
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: JsonSchema }> }>;
}
interface OpenAPIDocument {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

const ZONE = 'Europe/Berlin';
const at = (day: number, clock: string) => localTime(ZONE, day, clock);
/** Strapi caches the generated document for 60 s in <app>/.strapi/openapi: never read one from an earlier build. */
const CACHE_FILE = path.join(appDir, '.strapi', 'openapi', 'content-api.json');
const HALL_PNG = path.join(appDir, 'src', 'seed', 'images', 'hall.png');
const FILE = 'plugin::upload.file';

let app: TestApp;
let doc: OpenAPIDocument;

const operation = (method: string, route: string): Operation => {
  const found = doc.paths[route]?.[method.toLowerCase()];
  if (!found) throw new Error(`${method} ${route} is not in the OpenAPI document (paths: ${Object.keys(doc.paths).length})`);
  return found;
};
const resolve = (schema: JsonSchema): JsonSchema => {
  if (!schema.$ref) return schema;
  const name = schema.$ref.replace('#/components/schemas/', '');
  const target = doc.components?.schemas?.[name];
  if (!target) throw new Error(`dangling $ref ${schema.$ref}`);
  return resolve(target);
};
const okSchema = (method: string, route: string): JsonSchema => {
  const response = operation(method, route).responses['200'];
  expect(response?.content?.['application/json']?.schema).toBeDefined();
  return resolve(response.content!['application/json'].schema);
};
const bodySchema = (method: string, route: string, media = 'application/json'): JsonSchema => {
  const body = operation(method, route).requestBody?.content[media]?.schema;
  if (!body) throw new Error(`${method} ${route} has no ${media} request body`);
  return resolve(body);
};
/** Request bodies that are not JSON, by `METHOD route`. */
const BODY_MEDIA: Record<string, string> = {
  'POST /users/profile/avatar': 'multipart/form-data',
  'POST /vendor-dashboard/venues/management/media-upload': 'multipart/form-data',
  'POST /vendor-dashboard/profile/documents': 'multipart/form-data',
  'POST /vendor/profile/documents': 'multipart/form-data',
};
const keysOf = (schema: JsonSchema) => Object.keys(resolve(schema).properties ?? {}).sort();
const prop = (schema: JsonSchema, ...names: string[]): JsonSchema =>
  names.reduce((current, name) => {
    const resolved = resolve(current);
    const next = resolved.properties?.[name];
    if (!next) throw new Error(`no property ${name} in ${JSON.stringify(resolved).slice(0, 200)}`);
    return resolve(next);
  }, schema);

/** A small JSON Schema (2020-12 subset the generator emits) validator: returns the mismatches. */
const mismatches = (schema: JsonSchema, value: unknown, at = '$', out: string[] = []): string[] => {
  const s = resolve(schema);
  if (s.anyOf) {
    if (!s.anyOf.some((branch) => mismatches(branch, value, at).length === 0)) {
      out.push(
        `${at}: ${JSON.stringify(value)?.slice(0, 80)} matches no anyOf branch (${s.anyOf.map((b) => mismatches(b, value, at).join('; ')).join(' | ')})`
      );
    }
    return out;
  }
  if ('const' in s && value !== s.const) out.push(`${at}: expected const ${JSON.stringify(s.const)}`);
  if (s.enum && !s.enum.includes(value)) out.push(`${at}: ${JSON.stringify(value)} not in enum ${JSON.stringify(s.enum)}`);
  const kind = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
  switch (s.type) {
    case undefined:
      break;
    case 'integer':
      if (!Number.isInteger(value)) out.push(`${at}: expected integer, got ${JSON.stringify(value)}`);
      break;
    case 'number':
    case 'string':
    case 'boolean':
    case 'null':
    case 'array':
      if (kind !== s.type) out.push(`${at}: expected ${s.type}, got ${kind}`);
      break;
    case 'object':
      if (kind !== 'object') out.push(`${at}: expected object, got ${kind}`);
      break;
    default:
      out.push(`${at}: unsupported schema type ${s.type}`);
  }
  if (s.type === 'array' && Array.isArray(value) && s.items)
    value.forEach((item, i) => mismatches(s.items!, item, `${at}[${i}]`, out));
  if (s.type === 'object' && kind === 'object') {
    const record = value as Record<string, unknown>;
    for (const key of s.required ?? []) if (!(key in record)) out.push(`${at}: missing required ${key}`);
    for (const [key, item] of Object.entries(record)) {
      const known = s.properties?.[key];
      if (known) mismatches(known, item, `${at}.${key}`, out);
      else if (s.additionalProperties === false) out.push(`${at}: undocumented property ${key}`);
      else if (typeof s.additionalProperties === 'object') mismatches(s.additionalProperties, item, `${at}.${key}`, out);
    }
  }
  return out;
};
const expectDocumented = (method: string, route: string, body: unknown) => {
  expect(mismatches(okSchema(method, route), body)).toEqual([]);
};

const PATH_PARAM = { in: 'path', required: true };
const PAGE = ['page', 'pageSize'];
/** Every custom route: method, OpenAPI path, path params, query params, body keys, 200 top-level keys. */
const ROUTES: [string, string, string[], string[], string[] | null, string[]][] = [
  ['POST', '/bookings/create', [], [], ['end', 'guests', 'notes', 'promo_code', 'start', 'venue'], ['data', 'meta']],
  ['GET', '/bookings/history', [], ['status', ...PAGE], null, ['data', 'meta']],
  ['GET', '/bookings/{id}/status', ['id'], [], null, ['data', 'meta']],
  ['GET', '/bookings/{id}/refund-quote', ['id'], [], null, ['data', 'meta']],
  ['POST', '/bookings/{id}/cancel', ['id'], [], ['reason'], ['data', 'meta']],
  ['POST', '/vendor-dashboard/bookings/requests/{id}/approve', ['id'], [], ['reason'], ['data', 'meta']],
  ['POST', '/vendor-dashboard/bookings/requests/{id}/decline', ['id'], [], ['reason'], ['data', 'meta']],
  [
    'GET',
    '/venues/search',
    [],
    [
      'q',
      'city',
      'country',
      'lat',
      'lng',
      'radius_km',
      'guests',
      'price_min',
      'price_max',
      'currency',
      'amenities',
      'start',
      'end',
      'sort',
      ...PAGE,
    ],
    null,
    ['data', 'meta'],
  ],
  ['GET', '/venues/{id}/details', ['id'], [], null, ['data', 'meta']],
  ['GET', '/venues/{id}/reviews', ['id'], PAGE, null, ['data', 'meta']],
  ['GET', '/venues/{id}/availability', ['id'], ['from', 'to'], null, ['data', 'meta']],
  ['GET', '/venues/{id}/quote', ['id'], ['start', 'end', 'guests', 'promo_code'], null, ['data', 'meta']],
  ['GET', '/venues/{id}/calendar.ics', ['id'], ['from', 'to'], null, []],
  ['GET', '/health', [], [], null, ['database', 'database_client', 'redis', 'status', 'uptime_s', 'version']],
  ['POST', '/auth/register', [], [], ['business_name', 'email', 'password', 'role', 'username'], []],
  ['POST', '/auth/login', [], [], ['device_id', 'identifier', 'password'], ['jwt', 'refreshToken', 'user']],
  ['POST', '/auth/refresh-token', [], [], ['refreshToken'], ['jwt', 'refreshToken']],
  ['POST', '/auth/logout', [], [], ['refreshToken'], ['data', 'meta']],
  ['GET', '/users/profile', [], [], null, ['data', 'meta']],
  [
    'PUT',
    '/users/profile',
    [],
    [],
    ['avatar', 'bio', 'current_password', 'email', 'first_name', 'last_name', 'locale', 'phone', 'username'],
    ['data', 'meta'],
  ],
  ['POST', '/users/profile/avatar', [], [], ['alt', 'file'], ['data', 'meta']],
  ['GET', '/users/preferences', [], [], null, ['data', 'meta']],
  ['PUT', '/users/preferences', [], [], ['currency', 'locale', 'notifications', 'timezone'], ['data', 'meta']],
  ['GET', '/users/favorites', [], PAGE, null, ['data', 'meta']],
  ['POST', '/users/favorites', [], [], ['venue'], ['data', 'meta']],
  ['DELETE', '/users/favorites/{venue}', ['venue'], [], null, ['data', 'meta']],
  [
    'GET',
    '/vendor-dashboard/venues/availability/blocked-dates',
    [],
    ['venue', 'from', 'to', 'source', ...PAGE],
    null,
    ['data', 'meta'],
  ],
  ['POST', '/vendor-dashboard/venues/availability/blocked-dates', [], [], ['end', 'reason', 'start', 'venue'], ['data', 'meta']],
  ['DELETE', '/vendor-dashboard/venues/availability/blocked-dates/{id}', ['id'], [], null, ['data', 'meta']],
  ['GET', '/vendor-dashboard/venues/availability/ical-imports', [], ['venue', ...PAGE], null, ['data', 'meta']],
  ['POST', '/vendor-dashboard/venues/availability/ical-imports', [], [], ['name', 'url', 'venue'], ['data', 'meta']],
  ['DELETE', '/vendor-dashboard/venues/availability/ical-imports/{id}', ['id'], [], null, ['data', 'meta']],
  ['POST', '/vendor-dashboard/venues/availability/ical-imports/{id}/sync', ['id'], [], null, ['data', 'meta']],
  ['POST', '/vendor-dashboard/venues/availability/ical-export', [], [], ['venue'], ['data', 'meta']],
  ['GET', '/vendor-dashboard/venues/availability/ical-export/{token}', ['token'], [], null, []],
  ['POST', '/payments/process', [], [], ['booking'], ['data', 'meta']],
  ['POST', '/payments/verify', [], [], ['booking'], ['data', 'meta']],
  ['POST', '/payments/refund', [], [], ['amount', 'booking', 'reason'], ['data', 'meta']],
  ['GET', '/payments/history', [], ['scope', ...PAGE], null, ['data', 'meta']],
  ['POST', '/payments/webhook', [], [], null, ['event', 'outcome', 'received']],
  ['GET', '/users/notifications', [], ['unread', ...PAGE], null, ['data', 'meta']],
  ['POST', '/users/notifications/read-all', [], [], null, ['data', 'meta']],
  ['PATCH', '/users/notifications/{id}', ['id'], [], ['read'], ['data', 'meta']],
  ['GET', '/conversations', [], PAGE, null, ['data', 'meta']],
  ['POST', '/conversations', [], [], ['body', 'booking', 'ticket', 'venue'], ['data', 'meta']],
  ['GET', '/conversations/{id}/messages', ['id'], [...PAGE, 'order'], null, ['data', 'meta']],
  ['POST', '/conversations/{id}/messages', ['id'], [], ['body'], ['data', 'meta']],
  ['GET', '/bookings/{id}/invoices', ['id'], [], null, ['data', 'meta']],
  ['GET', '/users/payment-methods', [], [], null, ['data', 'meta']],
  ['POST', '/users/payment-methods/setup', [], [], null, ['data', 'meta']],
  ['POST', '/reviews', [], [], ['booking', 'comment', 'rating'], ['data', 'meta']],
  ['PATCH', '/reviews/{id}', ['id'], [], ['comment', 'rating'], ['data', 'meta']],
  ['POST', '/reviews/{id}/report', ['id'], [], ['details', 'reason'], ['data', 'meta']],
  ['GET', '/users/reviews', [], PAGE, null, ['data', 'meta']],
  ['GET', '/vendor-dashboard/reviews', [], [...PAGE, 'venue', 'status', 'responded'], null, ['data', 'meta']],
  ['POST', '/vendor-dashboard/reviews/{id}/respond', ['id'], [], ['response'], ['data', 'meta']],
  ['PUT', '/vendor-dashboard/reviews/{id}/respond', ['id'], [], ['response'], ['data', 'meta']],
  ['POST', '/reports', [], [], ['details', 'reason', 'target', 'target_type'], ['data', 'meta']],
  ['POST', '/support-tickets', [], [], ['body', 'booking', 'subject', 'type'], ['data', 'meta']],
  ['GET', '/support-tickets', [], [...PAGE, 'status'], null, ['data', 'meta']],
  ['GET', '/support-tickets/{id}', ['id'], [], null, ['data', 'meta']],
  ['POST', '/support-tickets/{id}/messages', ['id'], [], ['body'], ['data', 'meta']],
  ['POST', '/support-tickets/{id}/close', ['id'], [], null, ['data', 'meta']],
  ['POST', '/support-tickets/{id}/reopen', ['id'], [], null, ['data', 'meta']],
  ...['/admin/analytics', '/admin-dashboard/metrics'].flatMap((tree) =>
    ['revenue', 'bookings', 'user-growth'].map((report): [string, string, string[], string[], null, string[]] => [
      'GET',
      `${tree}/${report}`,
      [],
      ['from', 'to', 'interval', 'currency', 'timezone', 'format'],
      null,
      ['data', 'meta'],
    ])
  ),
  ['GET', '/admin-dashboard/operations/health', [], [], null, ['data', 'meta']],
  // Vendor dashboard, listing area (src/plugins/vendor-dashboard/server/src/routes/listing.ts).
  ['GET', '/vendor-dashboard/venues/management/create-update', [], ['status', ...PAGE], null, ['data', 'meta']],
  [
    'POST',
    '/vendor-dashboard/venues/management/create-update',
    [],
    [],
    [
      'amenities',
      'booking_mode',
      'buffer_minutes',
      'cancellation_policy',
      'capacity',
      'currency',
      'date_overrides',
      'description',
      'location',
      'max_hours',
      'min_hours',
      'name',
      'notice_hours',
      'price_per_hour',
      'timezone',
      'weekly_hours',
    ],
    ['data', 'meta'],
  ],
  ['GET', '/vendor-dashboard/venues/management/create-update/{id}', ['id'], [], null, ['data', 'meta']],
  [
    'PUT',
    '/vendor-dashboard/venues/management/create-update/{id}',
    ['id'],
    [],
    [
      'amenities',
      'booking_mode',
      'buffer_minutes',
      'cancellation_policy',
      'capacity',
      'currency',
      'date_overrides',
      'description',
      'location',
      'max_hours',
      'min_hours',
      'name',
      'notice_hours',
      'price_per_hour',
      'timezone',
      'weekly_hours',
    ],
    ['data', 'meta'],
  ],
  ['DELETE', '/vendor-dashboard/venues/management/create-update/{id}', ['id'], [], null, ['data', 'meta']],
  ['GET', '/vendor-dashboard/venues/management/amenities', [], [], null, ['data', 'meta']],
  ['PUT', '/vendor-dashboard/venues/management/amenities/{venue}', ['venue'], [], ['amenities'], ['data', 'meta']],
  ['GET', '/vendor-dashboard/venues/management/media-upload/{venue}', ['venue'], [], null, ['data', 'meta']],
  ['POST', '/vendor-dashboard/venues/management/media-upload', [], [], ['alt', 'file', 'venue'], ['data', 'meta']],
  [
    'PUT',
    '/vendor-dashboard/venues/management/media-upload/{venue}/{file}',
    ['venue', 'file'],
    [],
    ['alt', 'position'],
    ['data', 'meta'],
  ],
  ['DELETE', '/vendor-dashboard/venues/management/media-upload/{venue}/{file}', ['venue', 'file'], [], null, ['data', 'meta']],
  ['GET', '/vendor-dashboard/venues/availability/special-hours', [], ['venue'], null, ['data', 'meta']],
  [
    'PUT',
    '/vendor-dashboard/venues/availability/special-hours',
    [],
    [],
    ['date_overrides', 'venue', 'weekly_hours'],
    ['data', 'meta'],
  ],
  ['GET', '/vendor-dashboard/venues/availability/calendar', [], ['venue', 'from', 'to'], null, ['data', 'meta']],
  ['GET', '/vendor-dashboard/bookings/calendar', [], ['venue', 'from', 'to'], null, ['data', 'meta']],
  ['GET', '/vendor-dashboard/venues/pricing/base-rates', [], ['venue'], null, ['data', 'meta']],
  ['PUT', '/vendor-dashboard/venues/pricing/base-rates', [], [], ['currency', 'price_per_hour', 'venue'], ['data', 'meta']],
  ['GET', '/vendor-dashboard/venues/pricing/special-rates', [], ['venue', ...PAGE], null, ['data', 'meta']],
  [
    'POST',
    '/vendor-dashboard/venues/pricing/special-rates',
    [],
    [],
    [
      ...[
        'active',
        'ends_on',
        'name',
        'priority',
        'starts_on',
        'weekdays',
        'multiplier',
        'price_per_hour',
        'time_from',
        'time_to',
      ],
      'venue',
    ].sort(),
    ['data', 'meta'],
  ],
  ['GET', '/vendor-dashboard/venues/pricing/special-rates/{id}', ['id'], [], null, ['data', 'meta']],
  [
    'PUT',
    '/vendor-dashboard/venues/pricing/special-rates/{id}',
    ['id'],
    [],
    [
      'active',
      'ends_on',
      'name',
      'priority',
      'starts_on',
      'weekdays',
      'multiplier',
      'price_per_hour',
      'time_from',
      'time_to',
    ].sort(),
    ['data', 'meta'],
  ],
  ['DELETE', '/vendor-dashboard/venues/pricing/special-rates/{id}', ['id'], [], null, ['data', 'meta']],
  ['GET', '/vendor-dashboard/venues/pricing/discounts', [], ['venue', ...PAGE], null, ['data', 'meta']],
  [
    'POST',
    '/vendor-dashboard/venues/pricing/discounts',
    [],
    [],
    [
      ...[
        'active',
        'ends_on',
        'name',
        'priority',
        'starts_on',
        'weekdays',
        'discount_type',
        'discount_value',
        'max_uses',
        'min_hours',
        'promo_code',
      ],
      'venue',
    ].sort(),
    ['data', 'meta'],
  ],
  ['GET', '/vendor-dashboard/venues/pricing/discounts/{id}', ['id'], [], null, ['data', 'meta']],
  [
    'PUT',
    '/vendor-dashboard/venues/pricing/discounts/{id}',
    ['id'],
    [],
    [
      'active',
      'ends_on',
      'name',
      'priority',
      'starts_on',
      'weekdays',
      'discount_type',
      'discount_value',
      'max_uses',
      'min_hours',
      'promo_code',
    ].sort(),
    ['data', 'meta'],
  ],
  ['DELETE', '/vendor-dashboard/venues/pricing/discounts/{id}', ['id'], [], null, ['data', 'meta']],
  [
    'POST',
    '/vendor-dashboard/venues/pricing/preview',
    [],
    [],
    ['discount', 'end', 'promo_code', 'special_rate', 'start', 'venue'],
    ['data', 'meta'],
  ],
  ['GET', '/vendor-dashboard/promotions/featured-slots', [], ['venue', 'status', ...PAGE], null, ['data', 'meta']],
  ['POST', '/vendor-dashboard/promotions/featured-slots', [], [], ['ends_on', 'note', 'starts_on', 'venue'], ['data', 'meta']],
  ['POST', '/vendor-dashboard/promotions/featured-slots/{id}/cancel', ['id'], [], null, ['data', 'meta']],
  // Vendor dashboard, operations area (both trees where the seed has the screen).
  // The /vendor seed tree mirrors these without shapes in the document (routes/trees.ts).
  ...(['/vendor-dashboard'] as const).flatMap((tree): [string, string, string[], string[], string[] | null, string[]][] => [
    ['GET', `${tree}/bookings/history`, [], ['venue', 'from', 'to', 'status', ...PAGE], null, ['data', 'meta']],
    ['GET', `${tree}/bookings/requests`, [], ['venue', 'from', 'to', 'status', ...PAGE], null, ['data', 'meta']],
    ['POST', `${tree}/bookings/{id}/cancel`, ['id'], [], ['reason'], ['data', 'meta']],
    ['GET', `${tree}/analytics/revenue`, [], ['from', 'to', 'interval', 'venue'], null, ['data', 'meta']],
    ['GET', `${tree}/analytics/performance`, [], ['from', 'to', 'venue'], null, ['data', 'meta']],
    ['GET', `${tree}/analytics/reviews`, [], [...PAGE, 'venue', 'status', 'responded'], null, ['data', 'meta']],
    ['GET', `${tree}/profile/settings`, [], [], null, ['data', 'meta']],
    [
      'PUT',
      `${tree}/profile/settings`,
      [],
      [],
      ['business_name', 'contact_email', 'contact_phone', 'description', 'tax_id', 'website'],
      ['data', 'meta'],
    ],
    ['GET', `${tree}/profile/bank-info`, [], [], null, ['data', 'meta']],
    ['POST', `${tree}/profile/bank-info`, [], [], ['refresh_url', 'return_url'], ['data', 'meta']],
    ['GET', `${tree}/profile/documents`, [], PAGE, null, ['data', 'meta']],
    ['POST', `${tree}/profile/documents`, [], [], ['file', 'kind'], ['data', 'meta']],
    ['GET', `${tree}/profile/documents/{id}/download`, ['id'], [], null, []],
    ['DELETE', `${tree}/profile/documents/{id}`, ['id'], [], null, ['data', 'meta']],
  ]),
  ['GET', '/vendor-dashboard/bookings/upcoming', [], ['venue', 'from', 'to', 'status', ...PAGE], null, ['data', 'meta']],
  ['GET', '/vendor-dashboard/analytics/customer-insights', [], ['from', 'to'], null, ['data', 'meta']],
  ['POST', '/vendor/bookings/requests/{id}/approve', ['id'], [], ['reason'], ['data', 'meta']],
  ['POST', '/vendor/bookings/requests/{id}/decline', ['id'], [], ['reason'], ['data', 'meta']],
];

describe('GET /api/v1/openapi.json', () => {
  let vendor: TestVendor;
  let customer: TestUser;
  let venue: TestVenue; // instant, flexible policy
  let requestVenue: TestVenue; // request-to-book

  beforeAll(async () => {
    fs.rmSync(CACHE_FILE, { force: true });
    app = await startApp();
    const res = await app.http().get(app.api('/openapi.json'));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    doc = res.body as OpenAPIDocument;

    vendor = await createVendor(app);
    customer = await createCustomer(app, { first_name: 'Grace', last_name: 'Hopper' });
    venue = await createVenue(app, vendor, { cancellation_policy: 'flexible' });
    requestVenue = await createVenue(app, vendor, { booking_mode: 'request' });
    await setSetting(app, 'booking.max_active_holds_per_customer', 100);
    // Generating the document is CPU-bound (~18 s on its own: Strapi converts its whole schema registry
    // once per declared schema, 500+ times); next to other suites on a busy machine that nears 60 s.
  }, 420_000); // Strapi builds the document in ~60 s alone (~0.3 s per documented path), longer beside other suites
  afterAll(async () => {
    await app?.stop();
  });

  it('is an OpenAPI 3.1 document', () => {
    expect(doc.openapi).toMatch(/^3\.1\./);
    expect(Object.keys(doc.paths).length).toBeGreaterThan(ROUTES.length);
  });

  it.each(ROUTES)('documents %s %s', (method, route, pathParams, queryParams, bodyKeys, okKeys) => {
    const op = operation(method, route);
    expect(op.operationId).toEqual(expect.any(String));
    expect(op.parameters.filter((p) => p.in === 'path').map((p) => p.name)).toEqual(pathParams);
    for (const param of op.parameters.filter((p) => p.in === 'path')) {
      expect(param).toMatchObject({ ...PATH_PARAM, schema: { type: 'string', maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' } });
    }
    // One scalar parameter per key (not `query[page]` bracket params of a whole object).
    expect(
      op.parameters
        .filter((p) => p.in === 'query')
        .map((p) => p.name)
        .sort()
    ).toEqual([...queryParams].sort());
    for (const param of op.parameters.filter((p) => p.in === 'query')) {
      expect(['string', 'number', 'integer']).toContain(param.schema.type ?? resolve(param.schema).anyOf?.[0]?.type);
    }
    if (bodyKeys) {
      const media = BODY_MEDIA[`${method} ${route}`] ?? 'application/json';
      expect(Object.keys(op.requestBody?.content ?? {})).toEqual([media]);
      const body = bodySchema(method, route, media);
      expect(keysOf(body)).toEqual(bodyKeys);
      expect(body.additionalProperties).toBe(false);
    } else {
      expect(op.requestBody).toBeUndefined();
    }
    const ok = okSchema(method, route);
    if (okKeys.length) expect(keysOf(ok)).toEqual([...okKeys].sort());
    for (const code of ['400', '401', '403', '404', '500']) expect(op.responses[code]).toBeDefined();
  });

  it('documents the create-booking body exactly as the controller parses it', () => {
    const body = bodySchema('POST', '/bookings/create');
    expect(body).toMatchObject({
      type: 'object',
      additionalProperties: false,
      required: ['venue', 'start', 'end', 'guests'],
      properties: {
        venue: { type: 'string', pattern: '^[A-Za-z0-9_-]+$' },
        start: { type: 'string', format: 'date-time' },
        end: { type: 'string', format: 'date-time' },
        guests: { type: 'integer', minimum: 1, maximum: 100000 },
        promo_code: { type: 'string', maxLength: 40 },
        notes: { type: 'string', maxLength: 2000 },
      },
    });
    expect(body.description).toMatch(/Idempotency-Key/);
    expect(okSchema('POST', '/bookings/create').description).toMatch(/201/);
  });

  it('documents query parameters one by one, with their types, defaults and required flags', () => {
    const params = (method: string, route: string) =>
      Object.fromEntries(
        operation(method, route)
          .parameters.filter((p) => p.in === 'query')
          .map((p) => [p.name, p])
      );
    const search = params('GET', '/venues/search');
    expect(search.sort).toMatchObject({
      required: false,
      schema: { type: 'string', default: 'relevance', enum: expect.arrayContaining(['distance']) },
    });
    expect(search.page).toMatchObject({ required: false, schema: { type: 'integer', default: 1 } });
    expect(search.pageSize).toMatchObject({ required: false, schema: { type: 'integer', default: 25, maximum: 100 } });
    expect(search.lat).toMatchObject({ required: false, schema: { type: 'number', minimum: -90, maximum: 90 } });
    // The wire form of amenities is one comma-separated string, not an array.
    expect(search.amenities).toMatchObject({ required: false, schema: { type: 'string', maxLength: 500 } });
    expect(search.amenities.schema.description).toMatch(/comma-separated/i);

    const quote = params('GET', '/venues/{id}/quote');
    expect(quote.start).toMatchObject({ required: true, schema: { type: 'string', format: 'date-time' } });
    expect(quote.end.required).toBe(true);
    expect(quote.guests).toMatchObject({ required: false, schema: { type: 'integer', default: 1 } });

    const history = params('GET', '/bookings/history');
    expect(history.status).toMatchObject({
      required: false,
      schema: { enum: expect.arrayContaining(['requested', 'cancelled']) },
    });
  });

  it('documents list answers with their pagination', () => {
    for (const route of ['/bookings/history', '/venues/search', '/venues/{id}/reviews', '/users/favorites']) {
      const ok = okSchema('GET', route);
      expect(prop(ok, 'data').type).toBe('array');
      expect(prop(ok, 'meta', 'pagination')).toMatchObject({ required: ['page', 'pageSize', 'pageCount', 'total'] });
    }
    const hit = resolve(prop(okSchema('GET', '/venues/search'), 'data').items!);
    expect(hit.required).not.toContain('distance_km');
    expect(hit.required).not.toContain('quote');
    expect(keysOf(hit)).toEqual(
      expect.arrayContaining(['documentId', 'name', 'location', 'price_per_hour', 'distance_km', 'quote'])
    );
  });

  it('documents the auth answers and the registration body (role defaults to customer)', () => {
    const register = bodySchema('POST', '/auth/register');
    expect([...(register.required ?? [])].sort()).toEqual(['email', 'password', 'username']);
    expect(prop(register, 'role')).toMatchObject({ enum: ['customer', 'vendor'], default: 'customer' });
    const registered = okSchema('POST', '/auth/register');
    expect(registered.anyOf?.map((branch) => keysOf(branch))).toEqual([['jwt', 'refreshToken', 'user'], ['user']]);
    expect(keysOf(prop(okSchema('POST', '/auth/login'), 'user'))).toEqual(
      [
        'blocked',
        'confirmed',
        'createdAt',
        'documentId',
        'email',
        'first_name',
        'id',
        'last_name',
        'role',
        'username',
        'vendor_profile',
      ].sort()
    );
    expect(prop(okSchema('POST', '/auth/logout'), 'data', 'ok')).toMatchObject({ const: true });
  });

  it('documents the own-account bodies and answers', () => {
    // Profile: the wire form of the update body ("" clears like null; the avatar can only be removed here).
    const profileUpdate = bodySchema('PUT', '/users/profile');
    expect(profileUpdate.required ?? []).toEqual([]);
    expect(profileUpdate).toMatchObject({ dependentRequired: { current_password: ['email'] } });
    expect(prop(profileUpdate, 'email')).toMatchObject({ type: 'string', format: 'email', maxLength: 255 });
    expect(prop(profileUpdate, 'email').description).toMatch(/current_password/);
    expect(prop(profileUpdate, 'phone').anyOf).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'string', maxLength: 40 }),
        expect.objectContaining({ const: '' }),
        { type: 'null' },
      ])
    );
    expect(prop(profileUpdate, 'avatar')).toMatchObject({ type: 'null' });
    const profile = prop(okSchema('GET', '/users/profile'), 'data');
    expect(keysOf(profile)).toEqual(
      [
        'avatar',
        'bio',
        'confirmed',
        'created_at',
        'documentId',
        'email',
        'first_name',
        'last_name',
        'locale',
        'phone',
        'role',
        'username',
      ].sort()
    );
    expect(prop(profile, 'role')).toMatchObject({ enum: ['customer', 'vendor'] });
    expect(okSchema('PUT', '/users/profile')).toEqual(okSchema('GET', '/users/profile'));
    expect(okSchema('POST', '/users/profile/avatar')).toEqual(okSchema('GET', '/users/profile'));

    // Avatar: a multipart body with one binary part `file` and an optional `alt`.
    const avatar = bodySchema('POST', '/users/profile/avatar', 'multipart/form-data');
    expect(avatar.required).toEqual(['file']);
    expect(prop(avatar, 'file')).toMatchObject({ type: 'string', format: 'binary', maxLength: 5 * 1024 * 1024 });
    expect(prop(avatar, 'alt')).toMatchObject({ type: 'string', maxLength: 200 });

    // Preferences: every event type spelled out, all channels present in the answer, all optional in the update.
    const events = [...NOTIFICATION_EVENT_TYPES].sort();
    const prefs = prop(okSchema('GET', '/users/preferences'), 'data');
    expect([...(prefs.required ?? [])].sort()).toEqual(['currency', 'locale', 'notifications', 'timezone']);
    const notifications = prop(prefs, 'notifications');
    expect(keysOf(notifications)).toEqual(events);
    expect([...(notifications.required ?? [])].sort()).toEqual(events);
    expect(prop(notifications, 'booking_confirmed')).toMatchObject({
      required: ['in_app', 'email'],
      additionalProperties: false,
    });
    expect(okSchema('PUT', '/users/preferences')).toEqual(okSchema('GET', '/users/preferences'));
    const prefsUpdate = bodySchema('PUT', '/users/preferences');
    expect(prefsUpdate.required ?? []).toEqual([]);
    expect(prop(prefsUpdate, 'currency')).toMatchObject({ type: 'string', pattern: '^[A-Z]{3}$' });
    const notificationsUpdate = prop(prefsUpdate, 'notifications');
    expect(notificationsUpdate.additionalProperties).toBe(false);
    expect(keysOf(notificationsUpdate)).toEqual(events);
    expect(notificationsUpdate.required ?? []).toEqual([]);
    expect(prop(notificationsUpdate, 'review_received')).toMatchObject({
      properties: { in_app: { type: 'boolean' }, email: { type: 'boolean' } },
      additionalProperties: false,
    });
    expect(prop(notificationsUpdate, 'review_received').required ?? []).toEqual([]);

    // Favourites: public venue views; adding tells 201 from 200 in meta.created; removing is idempotent.
    const venueKeys = keysOf(prop(okSchema('GET', '/venues/{id}/details'), 'data'));
    const favorite = resolve(prop(okSchema('GET', '/users/favorites'), 'data').items!);
    expect(venueKeys).toEqual(expect.arrayContaining(keysOf(favorite)));
    expect(keysOf(favorite)).toEqual(expect.arrayContaining(['documentId', 'name', 'location', 'price_per_hour', 'images']));
    const added = okSchema('POST', '/users/favorites');
    expect(added.description).toMatch(/201/);
    expect(keysOf(prop(added, 'data'))).toEqual(keysOf(favorite));
    expect(prop(added, 'meta', 'created')).toMatchObject({ type: 'boolean' });
    expect(bodySchema('POST', '/users/favorites')).toMatchObject({
      required: ['venue'],
      properties: { venue: { pattern: '^[A-Za-z0-9_-]+$' } },
    });
    const removed = prop(okSchema('DELETE', '/users/favorites/{venue}'), 'data');
    expect(removed).toMatchObject({
      required: ['venue', 'favorite', 'removed'],
      properties: { favorite: { const: false }, removed: { type: 'boolean' } },
    });
  });

  it('documents the iCalendar feed as text and the health report unwrapped', () => {
    expect(okSchema('GET', '/venues/{id}/calendar.ics')).toMatchObject({ type: 'string', contentMediaType: 'text/calendar' });
    expect(okSchema('GET', '/health')).toMatchObject({
      properties: { status: { enum: ['ok', 'degraded'] }, redis: { enum: ['up', 'down', 'disabled'] } },
    });
  });

  it('publishes schemas the real answers of the public and auth routes validate against', async () => {
    const http = () => app.http();
    const id = venue.documentId;
    await app.strapi.documents('api::review.review').create({
      data: {
        venue: venue.id,
        rating: 4,
        status: 'published',
        comment: 'Nice',
        author: customer.id,
        vendor_response: 'Thanks',
      } as never,
    });
    await app.strapi.documents('api::pricing-rule.pricing-rule').create({
      data: {
        venue: venue.id,
        active: true,
        name: 'Long booking',
        kind: 'discount',
        discount_type: 'percent',
        discount_value: 10,
        min_hours: 4,
      } as never,
    });

    const search = await http().get(app.api(`/venues/search?lat=52.5&lng=13.4&start=${at(12, '10:00')}&end=${at(12, '12:00')}`));
    expect(search.status).toBe(200);
    expect(search.body.data.length).toBeGreaterThan(0);
    expect(search.body.data[0]).toHaveProperty('distance_km');
    expect(search.body.data[0]).toHaveProperty('quote');
    expectDocumented('GET', '/venues/search', search.body);

    const details = await http().get(app.api(`/venues/${id}/details`));
    expect(details.status).toBe(200);
    expect(details.body.data.pricing_rules.length).toBe(1);
    expect(details.body.data.latest_reviews.length).toBe(1);
    expectDocumented('GET', '/venues/{id}/details', details.body);

    const reviews = await http().get(app.api(`/venues/${id}/reviews`));
    expect(reviews.body.data.length).toBe(1);
    expectDocumented('GET', '/venues/{id}/reviews', reviews.body);

    const availability = await http().get(app.api(`/venues/${id}/availability`));
    expect(availability.status).toBe(200);
    expectDocumented('GET', '/venues/{id}/availability', availability.body);

    const quote = await http().get(app.api(`/venues/${id}/quote?start=${at(12, '10:00')}&end=${at(12, '14:00')}`));
    expect(quote.status).toBe(200);
    expect(quote.body.data.discount_rule).not.toBeNull();
    expectDocumented('GET', '/venues/{id}/quote', quote.body);

    const health = await http().get(app.api('/health'));
    expectDocumented('GET', '/health', health.body);
    // The checker does catch drift: an undocumented key, a wrong type, a missing field.
    expect(mismatches(okSchema('GET', '/health'), { ...health.body, extra: 1 })).toEqual(['$: undocumented property extra']);
    expect(mismatches(okSchema('GET', '/health'), { ...health.body, uptime_s: '1' })).toEqual([
      '$.uptime_s: expected integer, got "1"',
    ]);
    const { lines: _lines, ...withoutLines } = quote.body.data;
    expect(mismatches(okSchema('GET', '/venues/{id}/quote'), { data: withoutLines, meta: {} })).toEqual([
      '$.data: missing required lines',
    ]);

    const registered = await http()
      .post(app.api('/auth/register'))
      .send({ username: 'openapi', email: 'openapi@example.test', password: PASSWORD });
    expect(registered.status).toBe(201);
    expectDocumented('POST', '/auth/register', registered.body);
    const login = await http()
      .post(app.api('/auth/login'))
      .send({ identifier: 'openapi', password: PASSWORD, device_id: 'jest' });
    expect(login.status).toBe(200);
    expectDocumented('POST', '/auth/login', login.body);
    const refreshed = await http().post(app.api('/auth/refresh-token')).send({ refreshToken: login.body.refreshToken });
    expect(refreshed.status).toBe(200);
    expectDocumented('POST', '/auth/refresh-token', refreshed.body);
    const logout = await http().post(app.api('/auth/logout')).send({ refreshToken: refreshed.body.refreshToken });
    expect(logout.status).toBe(200);
    expectDocumented('POST', '/auth/logout', logout.body);
  });

  it('publishes schemas the real answers of the booking routes validate against', async () => {
    const create = (target: TestVenue, day: number) =>
      app
        .http()
        .post(app.api('/bookings/create'))
        .set(customer.auth)
        .send({ venue: target.documentId, start: at(day, '10:00'), end: at(day, '12:00'), guests: 4, notes: 'Birthday' });

    const instant = await create(venue, 14);
    expect(instant.status).toBe(201);
    expectDocumented('POST', '/bookings/create', instant.body);
    const bookingId = instant.body.data.documentId;

    const status = await app
      .http()
      .get(app.api(`/bookings/${bookingId}/status`))
      .set(customer.auth);
    expectDocumented('GET', '/bookings/{id}/status', status.body);
    // The vendor's view adds the customer's name.
    const vendorView = await app
      .http()
      .get(app.api(`/bookings/${bookingId}/status`))
      .set(vendor.auth);
    expect(vendorView.body.data.customer).toEqual({ name: 'Grace H.' });
    expectDocumented('GET', '/bookings/{id}/status', vendorView.body);

    const history = await app.http().get(app.api('/bookings/history')).set(customer.auth);
    expect(history.body.data.length).toBe(1);
    expectDocumented('GET', '/bookings/history', history.body);

    const refundQuote = await app
      .http()
      .get(app.api(`/bookings/${bookingId}/refund-quote`))
      .set(customer.auth);
    expect(refundQuote.status).toBe(200);
    expectDocumented('GET', '/bookings/{id}/refund-quote', refundQuote.body);

    const cancelled = await app
      .http()
      .post(app.api(`/bookings/${bookingId}/cancel`))
      .set(customer.auth)
      .send({ reason: 'Plans changed' });
    expect(cancelled.status).toBe(200);
    expectDocumented('POST', '/bookings/{id}/cancel', cancelled.body);

    const toApprove = await create(requestVenue, 15);
    const toDecline = await create(requestVenue, 16);
    expect([toApprove.status, toDecline.status]).toEqual([201, 201]);
    const approved = await app
      .http()
      .post(app.api(`/vendor-dashboard/bookings/requests/${toApprove.body.data.documentId}/approve`))
      .set(vendor.auth)
      .send({});
    expect(approved.status).toBe(200);
    expectDocumented('POST', '/vendor-dashboard/bookings/requests/{id}/approve', approved.body);
    const declined = await app
      .http()
      .post(app.api(`/vendor-dashboard/bookings/requests/${toDecline.body.data.documentId}/decline`))
      .set(vendor.auth)
      .send({ reason: 'Fully booked' });
    expect(declined.status).toBe(200);
    expectDocumented('POST', '/vendor-dashboard/bookings/requests/{id}/decline', declined.body);
  });

  it('publishes schemas the real answers of the own-account routes validate against', async () => {
    const user = await createCustomer(app, { first_name: 'Ada', last_name: 'Lovelace' });
    const call = (method: 'get' | 'put' | 'post' | 'delete', route: string) => app.http()[method](app.api(route)).set(user.auth);

    const profile = await call('get', '/users/profile');
    expect(profile.status).toBe(200);
    expectDocumented('GET', '/users/profile', profile.body);
    const updated = await call('put', '/users/profile').send({ bio: 'Analyst', phone: '', locale: 'de-at' });
    expect(updated.status).toBe(200);
    expect(updated.body.data).toMatchObject({ bio: 'Analyst', phone: null, locale: 'de-AT' });
    expectDocumented('PUT', '/users/profile', updated.body);

    const uploaded = await call('post', '/users/profile/avatar').field('alt', 'Portrait').attach('file', HALL_PNG);
    expect(uploaded.status).toBe(200);
    expect(uploaded.body.data.avatar).toMatchObject({ alt: 'Portrait', url: expect.any(String) });
    expectDocumented('POST', '/users/profile/avatar', uploaded.body);
    const fileId = (
      await app.strapi.db.query('plugin::users-permissions.user').findOne({ where: { id: user.id }, populate: { avatar: true } })
    ).avatar.id;
    // Removing it again also deletes the stored file (nothing else links to it).
    const cleared = await call('put', '/users/profile').send({ avatar: null });
    expect(cleared.body.data.avatar).toBeNull();
    expectDocumented('PUT', '/users/profile', cleared.body);
    expect(await app.strapi.db.query(FILE).findOne({ where: { id: fileId } })).toBeNull();

    const prefs = await call('get', '/users/preferences');
    expect(prefs.status).toBe(200);
    expectDocumented('GET', '/users/preferences', prefs.body);
    const prefsUpdated = await call('put', '/users/preferences').send({
      currency: 'USD',
      notifications: { review_received: { email: false } },
    });
    expect(prefsUpdated.status).toBe(200);
    expect(prefsUpdated.body.data.notifications.review_received).toEqual({ in_app: true, email: false });
    expectDocumented('PUT', '/users/preferences', prefsUpdated.body);

    const added = await call('post', '/users/favorites').send({ venue: venue.documentId });
    expect(added.status).toBe(201);
    expect(added.body.meta).toEqual({ created: true });
    expectDocumented('POST', '/users/favorites', added.body);
    const again = await call('post', '/users/favorites').send({ venue: venue.documentId });
    expect(again.status).toBe(200);
    expect(again.body.meta).toEqual({ created: false });
    expectDocumented('POST', '/users/favorites', again.body);
    const favorites = await call('get', '/users/favorites');
    expect(favorites.body.data.map((v: { documentId: string }) => v.documentId)).toEqual([venue.documentId]);
    expectDocumented('GET', '/users/favorites', favorites.body);
    const removed = await call('delete', `/users/favorites/${venue.documentId}`);
    expect(removed.body.data).toEqual({ venue: venue.documentId, favorite: false, removed: true });
    expectDocumented('DELETE', '/users/favorites/{venue}', removed.body);
    const removedAgain = await call('delete', `/users/favorites/${venue.documentId}`);
    expect(removedAgain.body.data.removed).toBe(false);
    expectDocumented('DELETE', '/users/favorites/{venue}', removedAgain.body);
  });

  it('publishes schemas the real answers of the review, report and support-ticket routes validate against', async () => {
    const author = await createCustomer(app, { first_name: 'Edsger', last_name: 'Dijkstra' });
    const call = (user: TestUser, method: 'get' | 'post' | 'put' | 'patch', route: string, body?: object) => {
      const req = app.http()[method](app.api(route)).set(user.auth);
      return body ? req.send(body) : req;
    };
    const booking = await pastBooking(app, author, venue, { endedDaysAgo: 1 });
    const written = await call(author, 'post', '/reviews', { booking: booking.documentId, rating: 5, comment: 'Spotless' });
    expect(written.status).toBe(201);
    expectDocumented('POST', '/reviews', written.body);
    const id = written.body.data.documentId;
    const edited = await call(author, 'patch', `/reviews/${id}`, { rating: 4 });
    expect(edited.status).toBe(200);
    expectDocumented('PATCH', '/reviews/{id}', edited.body);
    const mine = await call(author, 'get', '/users/reviews');
    expect(mine.body.data).toHaveLength(1);
    expectDocumented('GET', '/users/reviews', mine.body);

    const replied = await call(vendor, 'post', `/vendor-dashboard/reviews/${id}/respond`, { response: 'Thank you!' });
    expect(replied.status).toBe(201);
    expectDocumented('POST', '/vendor-dashboard/reviews/{id}/respond', replied.body);
    const reEdited = await call(vendor, 'put', `/vendor-dashboard/reviews/${id}/respond`, { response: 'Thank you, Edsger!' });
    expect(reEdited.status).toBe(200);
    expectDocumented('PUT', '/vendor-dashboard/reviews/{id}/respond', reEdited.body);
    const vendorList = await call(vendor, 'get', '/vendor-dashboard/reviews');
    expect(vendorList.body.data.length).toBeGreaterThan(0);
    expectDocumented('GET', '/vendor-dashboard/reviews', vendorList.body);

    const reported = await call(customer, 'post', `/reviews/${id}/report`, { reason: 'Suspicious', details: 'Too perfect' });
    expect(reported.status).toBe(201);
    expectDocumented('POST', '/reviews/{id}/report', reported.body);
    const venueReport = await call(author, 'post', '/reports', {
      target_type: 'venue',
      target: venue.documentId,
      reason: 'Closed',
    });
    expect(venueReport.status).toBe(201);
    expectDocumented('POST', '/reports', venueReport.body);

    const ticket = await call(author, 'post', '/support-tickets', {
      type: 'booking',
      subject: 'Invoice',
      body: 'Please send the invoice',
      booking: booking.documentId,
    });
    expect(ticket.status).toBe(201);
    expectDocumented('POST', '/support-tickets', ticket.body);
    const ticketId = ticket.body.data.documentId;
    const tickets = await call(author, 'get', '/support-tickets');
    expectDocumented('GET', '/support-tickets', tickets.body);
    const message = await call(author, 'post', `/support-tickets/${ticketId}/messages`, { body: 'Any news?' });
    expect(message.status).toBe(201);
    expectDocumented('POST', '/support-tickets/{id}/messages', message.body);
    const closed = await call(author, 'post', `/support-tickets/${ticketId}/close`);
    expectDocumented('POST', '/support-tickets/{id}/close', closed.body);
    const reopened = await call(author, 'post', `/support-tickets/${ticketId}/reopen`);
    expect(reopened.status).toBe(200);
    expectDocumented('POST', '/support-tickets/{id}/reopen', reopened.body);
    const one = await call(author, 'get', `/support-tickets/${ticketId}`);
    expect(one.body.data.messages).toHaveLength(2);
    expectDocumented('GET', '/support-tickets/{id}', one.body);
  });

  it('leaves input validation to the controllers (Strapi does not check custom routes against the declared schemas)', async () => {
    // A 400 here comes from the controller's own parse (infra/validation.ts: details.errors[] with paths),
    // not from Strapi's route-schema check (which would answer with details.source / details.param).
    const tooBig = await app.http().get(app.api('/venues/search?pageSize=500'));
    expect(tooBig.status).toBe(400);
    expect(tooBig.body.error.details.errors[0].path).toEqual(['pageSize']);
    expect(tooBig.body.error.details).not.toHaveProperty('source');
    const unknown = await app.http().get(app.api('/venues/search?colour=red'));
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details.errors[0]).toMatchObject({ keys: ['colour'] });
  });
});

describe('OPENAPI=disabled', () => {
  afterAll(async () => {
    await app?.stop();
  });

  it('does not serve the document, and the documented routes still work', async () => {
    app = await startApp({ env: { OPENAPI: 'disabled' } });
    const res = await app.http().get(app.api('/openapi.json'));
    expect(res.status).toBe(404);
    const health = await app.http().get(app.api('/health'));
    expect(health.status).toBe(200);
  });
});
