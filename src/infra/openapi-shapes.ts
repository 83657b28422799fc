import { z } from 'zod';

/**
 * Response building blocks for the OpenAPI document (GET /api/v1/openapi.json, Strapi's generator).
 *
 * These schemas only describe what the controllers send; nothing validates responses against them.
 * Strapi converts them with its own zod (4.4.3, `io: 'output'`), so keep to constructs it can convert:
 * objects, arrays, unions, enums, nullable/optional, literals. NOT `z.record()` (the project's newer zod
 * cannot be converted by Strapi's: it throws and the whole document becomes a 500) — use
 * `z.object({}).catchall(value)` for maps instead. No `.meta({ id })` either: ids live in zod's global
 * registry, and a second registration of the same id throws.
 */

/** An ISO 8601 instant as the API writes it (`new Date(…).toISOString()`). */
export const instant = z.string().meta({ format: 'date-time' });

/** A whole number (money is in minor units). */
export const integer = z.number().int();

export const paginationSchema = z.object({
  page: integer.min(1),
  pageSize: integer.min(1),
  pageCount: integer.min(0),
  total: integer.min(0),
});

/** `{ data, meta: {} }`: every single-object success answer of the contract. */
export const dataResponse = <T extends z.ZodType>(data: T, description?: string) => {
  const schema = z.object({ data, meta: z.object({}) });
  return description ? schema.describe(description) : schema;
};

/** `{ data: [...], meta: { pagination } }`: every list answer of the contract. */
export const listResponse = <T extends z.ZodType>(item: T, description?: string) => {
  const schema = z.object({ data: z.array(item), meta: z.object({ pagination: paginationSchema }) });
  return description ? schema.describe(description) : schema;
};

/** A price quote (src/domain/pricing/types.ts `Quote`), amounts in minor units. */
export const quoteSchema = z.object({
  currency: z.string(),
  hours: z.number().describe('Elapsed hours, may be fractional'),
  lines: z.array(
    z.object({
      label: z.string(),
      amount: integer,
      minutes: integer,
      rate: integer,
      rule_id: integer.nullable(),
    })
  ),
  subtotal: integer,
  discount: integer,
  discount_rule: z.object({ id: integer, name: z.string(), promo_code: z.string().nullable() }).nullable(),
  platform_fee: integer,
  tax: integer,
  total_amount: integer.describe('subtotal - discount + platform_fee + tax'),
});

/**
 * Strapi's generator wants query parameters as a map `{ name: schema }` (a whole object schema under one
 * name is emitted as `name[key]` bracket parameters). Splits a request object schema into that map;
 * `overrides` replace single entries (for a parameter whose wire form differs from its parsed form).
 * Documentation only: the controllers keep parsing `ctx.query` with the original object schema.
 */
/** A JSON request body for a route's `request.body`. */
export const jsonBody = <T>(schema: T) => ({ 'application/json': schema });

export const queryParams = <S extends z.ZodRawShape>(
  schema: { shape: S },
  overrides: Partial<Record<keyof S, z.ZodType>> = {}
): Record<string, z.ZodType> => ({ ...schema.shape, ...(overrides as Record<string, z.ZodType>) });

/** Compile-time check that a view type `T` is accepted by its documented schema's output type `U`. */
export type Documents<U, T extends U> = T;
