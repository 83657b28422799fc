import { z } from 'zod';
import { jsonBody, queryParams } from '../../../../../infra/openapi-shapes';
import type { IsVendorConfig } from '../../../../../api/venue/policies/is-vendor';
import type { IsVenueOwnerConfig } from '../../../../../api/venue/policies/is-venue-owner';
import {
  amenitiesBody,
  amenitiesResponse,
  amenityCatalogResponse,
  baseRatesBody,
  baseRatesQuery,
  baseRatesResponse,
  calendarQuery,
  calendarResponse,
  createVenueBody,
  discountBody,
  discountPatch,
  documentIdParam,
  featuredSlotBody,
  featuredSlotListResponse,
  featuredSlotResponse,
  featuredSlotsQuery,
  hoursBody,
  hoursQuery,
  hoursResponse,
  listVenuesQuery,
  mediaPatchBody,
  mediaResponse,
  mediaUploadBodyDoc,
  previewBody,
  previewResponse,
  ruleListResponse,
  ruleResponse,
  rulesQuery,
  specialRateBody,
  specialRatePatch,
  updateVenueBody,
  venueListResponse,
  venueRemovedResponse,
  venueResponse,
  venueUpdateResponse,
} from '../listing/contracts';
import type { VendorRoute } from './trees';

/**
 * Routes of the listing area (see routes/index.ts and docs/vendor-dashboard.md). Every route: the vendor role
 * (users-permissions, src/bootstrap/permissions.ts VENDOR_DASHBOARD_LISTING) and the `api::venue.is-vendor`
 * policy — with an approved vendor profile, except the setup work a pending vendor may do on its draft venues
 * (venues, photos, amenities, hours, base rates). A venue named in the path, query or body must be the caller's
 * (`api::venue.is-venue-owner`, 404 otherwise) or is checked by the service; rules, photos and featured-slot
 * requests of another vendor are 404s from the services.
 */
const vendor = (config: IsVendorConfig) => ({ name: 'api::venue.is-vendor', config });
const anyVendor = vendor({});
const approvedVendor = vendor({ approved: true });
const owns = (config: IsVenueOwnerConfig) => ({ name: 'api::venue.is-venue-owner', config });
const ownsParam = (field: string) => owns({ from: 'params', field, schema: z.object({ [field]: documentIdParam }).loose() });

const byId = { id: documentIdParam };
const MANAGE = '/venues/management/create-update';
const MEDIA = '/venues/management/media-upload';

const ruleRoutes = (controller: 'special-rates' | 'discounts', create: z.ZodType, patch: z.ZodType): VendorRoute[] => {
  const dashboard = `/venues/pricing/${controller}`;
  const policies = { policies: [approvedVendor] };
  return [
    {
      method: 'GET',
      dashboard,
      seed: dashboard,
      handler: `${controller}.list`,
      config: { policies: [approvedVendor, owns({ from: 'query', field: 'venue', schema: rulesQuery, optional: true })] },
      request: { query: queryParams(rulesQuery) },
      response: ruleListResponse,
    },
    {
      method: 'POST',
      dashboard,
      seed: dashboard,
      handler: `${controller}.create`,
      config: { policies: [approvedVendor, owns({ from: 'body', field: 'venue', schema: create })] },
      request: { body: jsonBody(create) },
      response: ruleResponse,
    },
    {
      method: 'GET',
      dashboard: `${dashboard}/:id`,
      seed: `${dashboard}/:id`,
      handler: `${controller}.get`,
      config: policies,
      request: { params: byId },
      response: ruleResponse,
    },
    {
      method: 'PUT',
      dashboard: `${dashboard}/:id`,
      seed: `${dashboard}/:id`,
      handler: `${controller}.update`,
      config: policies,
      request: { params: byId, body: jsonBody(patch) },
      response: ruleResponse,
    },
    {
      method: 'DELETE',
      dashboard: `${dashboard}/:id`,
      seed: `${dashboard}/:id`,
      handler: `${controller}.remove`,
      config: policies,
      request: { params: byId },
      response: ruleResponse,
    },
  ];
};

const routes: VendorRoute[] = [
  // Amenities and photos before `/venues/manage/:id` (the seed tree's paths would otherwise match it).
  {
    method: 'GET',
    dashboard: '/venues/management/amenities',
    seed: '/venues/manage/amenities',
    handler: 'amenities.catalog',
    config: { policies: [anyVendor] },
    response: amenityCatalogResponse,
  },
  {
    method: 'PUT',
    dashboard: '/venues/management/amenities/:venue',
    seed: '/venues/manage/amenities/:venue',
    handler: 'amenities.set',
    config: { policies: [anyVendor, ownsParam('venue')] },
    request: { params: { venue: documentIdParam }, body: jsonBody(amenitiesBody) },
    response: amenitiesResponse,
  },
  {
    method: 'GET',
    dashboard: `${MEDIA}/:venue`,
    seed: '/venues/manage/media/:venue',
    handler: 'media.list',
    config: { policies: [anyVendor, ownsParam('venue')] },
    request: { params: { venue: documentIdParam } },
    response: mediaResponse,
  },
  {
    method: 'POST',
    dashboard: MEDIA,
    seed: '/venues/manage/media',
    handler: 'media.upload',
    // The venue is a multipart field: the service checks it is the caller's (404) after cleaning the temp file up.
    config: { policies: [anyVendor] },
    request: { body: { 'multipart/form-data': mediaUploadBodyDoc } },
    response: mediaResponse,
  },
  {
    method: 'PUT',
    dashboard: `${MEDIA}/:venue/:file`,
    seed: '/venues/manage/media/:venue/:file',
    handler: 'media.update',
    config: { policies: [anyVendor, ownsParam('venue')] },
    request: { params: { venue: documentIdParam, file: documentIdParam }, body: jsonBody(mediaPatchBody) },
    response: mediaResponse,
  },
  {
    method: 'DELETE',
    dashboard: `${MEDIA}/:venue/:file`,
    seed: '/venues/manage/media/:venue/:file',
    handler: 'media.remove',
    config: { policies: [anyVendor, ownsParam('venue')] },
    request: { params: { venue: documentIdParam, file: documentIdParam } },
    response: mediaResponse,
  },
  {
    method: 'GET',
    dashboard: MANAGE,
    seed: '/venues/manage',
    handler: 'venues.list',
    config: { policies: [anyVendor] },
    request: { query: queryParams(listVenuesQuery) },
    response: venueListResponse,
  },
  {
    method: 'POST',
    dashboard: MANAGE,
    seed: '/venues/manage',
    handler: 'venues.create',
    config: { policies: [anyVendor] },
    request: { body: jsonBody(createVenueBody) },
    response: venueResponse,
  },
  {
    method: 'GET',
    dashboard: `${MANAGE}/:id`,
    seed: '/venues/manage/:id',
    handler: 'venues.get',
    config: { policies: [anyVendor, ownsParam('id')] },
    request: { params: byId },
    response: venueResponse,
  },
  {
    method: 'PUT',
    dashboard: `${MANAGE}/:id`,
    seed: '/venues/manage/:id',
    handler: 'venues.update',
    config: { policies: [anyVendor, ownsParam('id')] },
    request: { params: byId, body: jsonBody(updateVenueBody) },
    response: venueUpdateResponse,
  },
  {
    method: 'DELETE',
    dashboard: `${MANAGE}/:id`,
    seed: '/venues/manage/:id',
    handler: 'venues.remove',
    config: { policies: [anyVendor, ownsParam('id')] },
    request: { params: byId },
    response: venueRemovedResponse,
  },
  {
    method: 'GET',
    dashboard: '/venues/availability/special-hours',
    seed: '/venues/availability/special-hours',
    handler: 'hours.get',
    config: { policies: [anyVendor, owns({ from: 'query', field: 'venue', schema: hoursQuery })] },
    request: { query: queryParams(hoursQuery) },
    response: hoursResponse,
  },
  {
    method: 'PUT',
    dashboard: '/venues/availability/special-hours',
    seed: '/venues/availability/special-hours',
    handler: 'hours.set',
    config: { policies: [anyVendor, owns({ from: 'body', field: 'venue', schema: hoursBody })] },
    request: { body: jsonBody(hoursBody) },
    response: hoursResponse,
  },
  {
    method: 'GET',
    dashboard: '/venues/availability/calendar',
    seed: '/venues/availability/calendar',
    handler: 'calendar.month',
    config: { policies: [approvedVendor, owns({ from: 'query', field: 'venue', schema: calendarQuery })] },
    request: { query: queryParams(calendarQuery) },
    response: calendarResponse,
  },
  {
    method: 'GET',
    dashboard: '/bookings/calendar',
    seed: '/bookings/calendar',
    handler: 'calendar.month',
    config: { policies: [approvedVendor, owns({ from: 'query', field: 'venue', schema: calendarQuery })] },
    request: { query: queryParams(calendarQuery) },
    response: calendarResponse,
  },
  {
    method: 'GET',
    dashboard: '/venues/pricing/base-rates',
    seed: '/venues/pricing/base-rates',
    handler: 'pricing.baseRates',
    config: { policies: [anyVendor, owns({ from: 'query', field: 'venue', schema: baseRatesQuery })] },
    request: { query: queryParams(baseRatesQuery) },
    response: baseRatesResponse,
  },
  {
    method: 'PUT',
    dashboard: '/venues/pricing/base-rates',
    seed: '/venues/pricing/base-rates',
    handler: 'pricing.setBaseRates',
    config: { policies: [anyVendor, owns({ from: 'body', field: 'venue', schema: baseRatesBody })] },
    request: { body: jsonBody(baseRatesBody) },
    response: baseRatesResponse,
  },
  ...ruleRoutes('special-rates', specialRateBody, specialRatePatch),
  ...ruleRoutes('discounts', discountBody, discountPatch),
  {
    method: 'POST',
    dashboard: '/venues/pricing/preview',
    seed: '/venues/pricing/preview',
    handler: 'pricing.preview',
    config: { policies: [approvedVendor, owns({ from: 'body', field: 'venue', schema: previewBody })] },
    request: { body: jsonBody(previewBody) },
    response: previewResponse,
  },
  {
    method: 'GET',
    dashboard: '/promotions/featured-slots',
    seed: '/venues/promotions/featured-slots',
    handler: 'promotions.list',
    config: { policies: [approvedVendor, owns({ from: 'query', field: 'venue', schema: featuredSlotsQuery, optional: true })] },
    request: { query: queryParams(featuredSlotsQuery) },
    response: featuredSlotListResponse,
  },
  {
    method: 'POST',
    dashboard: '/promotions/featured-slots',
    seed: '/venues/promotions/featured-slots',
    handler: 'promotions.request',
    config: { policies: [approvedVendor, owns({ from: 'body', field: 'venue', schema: featuredSlotBody })] },
    request: { body: jsonBody(featuredSlotBody) },
    response: featuredSlotResponse,
  },
  {
    method: 'POST',
    dashboard: '/promotions/featured-slots/:id/cancel',
    seed: '/venues/promotions/featured-slots/:id/cancel',
    handler: 'promotions.cancel',
    config: { policies: [approvedVendor] },
    request: { params: byId },
    response: featuredSlotResponse,
  },
];

export default routes;

/** The users-permissions actions of these routes (granted to the vendor role in src/bootstrap/permissions.ts). */
export const LISTING_ACTIONS = [...new Set(routes.map((r) => `plugin::vendor-dashboard.${r.handler}`))];
