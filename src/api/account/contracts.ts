import { documentIdParam } from '../../infra/params';
import { paginationQuery } from '../../infra/paginate';
import { z } from 'zod';
import { dataResponse, instant, integer, listResponse, type Documents } from '../../infra/openapi-shapes';
import { venueSchema } from '../venue/contracts';
import {
  canonicalTimezone,
  isCurrencyCode,
  isTimezone,
  NOTIFICATION_EVENT_TYPES,
  type NotificationEventType,
  type Preferences,
} from './preferences';
import type { ProfileView } from './profile-view';
import { AVATAR_MAX_BYTES, type default as accountService } from './services/account';
import { plainText as toPlainText } from '../../infra/plain-text';

/**
 * Request schemas of the own-account endpoints (/users/profile, /users/preferences, /users/favorites).
 * Every body is a strict object: role, confirmed, blocked, provider, password, stripe ids, vendor_profile,
 * ids or anything else unknown is a 400 before anything is written.
 */

/** `""` clears a field like `null` does (what an emptied form input sends). */
const emptyToNull = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? null : value);

const plainText = (max: number) =>
  z
    .string()
    .max(max)
    .transform((value) => toPlainText(value) || null);

const phone = z
  .string()
  .trim()
  .max(40)
  .regex(/^\+?[0-9 ()./-]+$/, 'must be a phone number (digits, spaces, + ( ) . / -)')
  .refine((value) => (value.match(/[0-9]/g) ?? []).length >= 4, 'must contain at least 4 digits');

const canonicalLocale = (value: string): string | null => {
  try {
    return Intl.getCanonicalLocales(value)[0] ?? null;
  } catch {
    return null;
  }
};

/** BCP 47-ish (`en`, `de-AT`, `zh-Hant-TW`), stored in its canonical casing. */
export const localeSchema = z
  .string()
  .trim()
  .max(16)
  .regex(/^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$/, 'must be a language tag like "en" or "de-AT"')
  .refine((value) => canonicalLocale(value) !== null, 'is not a valid language tag')
  .transform((value) => canonicalLocale(value) as string);

export const updateProfileBody = z
  .strictObject({
    username: z.string().trim().min(3).max(50).optional(),
    email: z
      .email()
      .max(255)
      .transform((value) => value.toLowerCase())
      .optional(),
    current_password: z.string().min(1).max(128).optional(),
    first_name: plainText(80).nullable().optional(),
    last_name: plainText(80).nullable().optional(),
    phone: z.preprocess(emptyToNull, phone.nullable()).optional(),
    bio: plainText(1000).nullable().optional(),
    locale: z.preprocess(emptyToNull, localeSchema.nullable()).optional(),
    // A client never points the avatar at an existing upload (it could be anyone's file): it uploads
    // through POST /users/profile/avatar, and can only remove it here.
    avatar: z.null({ message: 'only null (remove) is accepted; upload a new avatar with POST /users/profile/avatar' }).optional(),
  })
  .superRefine((body, ctx) => {
    if (body.current_password !== undefined && body.email === undefined) {
      ctx.addIssue({ code: 'custom', path: ['current_password'], message: 'current_password is only used to change the email' });
    }
  });

export type ProfileUpdate = z.infer<typeof updateProfileBody>;

/** Multipart text fields of the avatar upload (the image itself is the `file` part). */
export const avatarUploadBody = z.strictObject({
  alt: z
    .string()
    .max(200)
    .transform((value) => toPlainText(value) || null)
    .optional(),
});

/** One file part named `file`, as koa-body (formidable) hands it over. */
export const avatarUploadFiles = z.strictObject(
  {
    file: z.object(
      {
        filepath: z.string().min(1),
        size: z.number().int().min(0),
        originalFilename: z.string().nullish(),
        mimetype: z.string().nullish(),
      },
      { message: 'send exactly one image as the multipart field "file"' }
    ),
  },
  { message: 'send the image as multipart/form-data with the field "file"' }
);

export type UploadedFile = z.infer<typeof avatarUploadFiles>['file'];

const channels = z.strictObject({ in_app: z.boolean().optional(), email: z.boolean().optional() });

export const updatePreferencesBody = z.strictObject({
  currency: z.string().refine(isCurrencyCode, 'must be an ISO 4217 currency code like "EUR"').optional(),
  locale: localeSchema.optional(),
  timezone: z
    .string()
    .max(64)
    .refine(isTimezone, 'must be an IANA time zone like "Europe/Berlin"')
    .transform(canonicalTimezone)
    .optional(),
  notifications: z.partialRecord(z.enum(NOTIFICATION_EVENT_TYPES), channels).optional(),
});

export type PreferencesUpdate = z.infer<typeof updatePreferencesBody>;

export const favoritesQuery = z.strictObject({ ...paginationQuery });

export const favoriteBody = z.strictObject({ venue: documentIdParam });

export { documentIdParam };

/* ------------------------------------------------------------------------------------------------
 * OpenAPI documentation (see src/infra/openapi-shapes.ts). Documentation only: the controllers keep
 * parsing with the schemas above. Strapi converts in output mode and cannot convert transforms,
 * preprocess or `z.partialRecord`, so the bodies that use them get equivalents in their wire form here;
 * the response schemas follow profile-view.ts, preferences.ts and services/account.ts.
 * ---------------------------------------------------------------------------------------------- */

const imageSize = z.object({ url: z.string(), width: integer.nullable(), height: integer.nullable() });

export const avatarSchema = imageSize
  .extend({
    alt: z.string().nullable(),
    sizes: z.object({}).catchall(imageSize).describe('Resized variants by format name (thumbnail, small, …)'),
  })
  .nullable();

export const profileSchema = z.object({
  documentId: z.string(),
  username: z.string(),
  email: z.string(),
  role: z.enum(['customer', 'vendor']),
  first_name: z.string().nullable(),
  last_name: z.string().nullable(),
  phone: z.string().nullable(),
  bio: z.string().nullable(),
  locale: z.string().nullable(),
  avatar: avatarSchema,
  confirmed: z.boolean(),
  created_at: instant,
});

/** The wire form of `localeSchema` (which also checks the tag with Intl and canonicalises its casing). */
const localeDoc = z
  .string()
  .max(16)
  .regex(/^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$/);

/** "" clears a field like null does (an emptied form input). */
const clearable = <T extends z.ZodType>(schema: T) => z.union([schema, z.literal(''), z.null()]);
const plainTextDoc = (max: number) =>
  z.string().max(max).nullable().describe('Plain text (markup is stripped); an empty result, "" or null clears it');

export const updateProfileBodyDoc = z
  .strictObject({
    username: z
      .string()
      .min(3)
      .max(50)
      .optional()
      .describe('3-50 characters after trimming; unique (also against emails), case-insensitively'),
    email: z
      .email()
      .max(255)
      .optional()
      .describe('Stored lowercased; unique (also against usernames), case-insensitively. Changing it needs current_password'),
    current_password: z
      .string()
      .min(1)
      .max(128)
      .optional()
      .describe('Required to change the email, and only allowed together with email'),
    first_name: plainTextDoc(80).optional(),
    last_name: plainTextDoc(80).optional(),
    phone: clearable(phone).optional().describe('Digits, spaces, + ( ) . / - with at least 4 digits; "" or null clears it'),
    bio: plainTextDoc(1000).optional(),
    locale: clearable(localeDoc)
      .optional()
      .describe('BCP 47 language tag like "en" or "de-AT", stored in its canonical casing; "" or null clears it'),
    avatar: z.null().optional().describe('Only null (removes the avatar); upload a new one with POST /users/profile/avatar'),
  })
  // The superRefine of updateProfileBody: current_password only together with email.
  .meta({ dependentRequired: { current_password: ['email'] } })
  .describe('Partial update: omitted fields keep their value');

export const avatarUploadBodyDoc = z
  .strictObject({
    file: z
      .file()
      .mime(['image/jpeg', 'image/png', 'image/webp'])
      .max(AVATAR_MAX_BYTES)
      .describe(
        'Exactly one JPEG, PNG or WebP image of at most 5 MB (larger: 413); the type is detected from the content, not from the name or part header'
      ),
    alt: z.string().max(200).optional().describe('Alternative text (plain text); default "Profile picture"'),
  })
  .describe('multipart/form-data with the image in the part "file"');

const channelsSchema = z.object({ in_app: z.boolean(), email: z.boolean() });

const byEventType = <T extends z.ZodType>(schema: T) =>
  Object.fromEntries(NOTIFICATION_EVENT_TYPES.map((type) => [type, schema])) as Record<NotificationEventType, T>;

export const preferencesSchema = z.object({
  currency: z.string().describe('ISO 4217 code'),
  locale: z.string().describe("The profile's locale (default en)"),
  timezone: z.string().describe('IANA time zone'),
  notifications: z.object(byEventType(channelsSchema)).describe('Channels per notification event type, defaults filled in'),
});

export const updatePreferencesBodyDoc = z
  .strictObject({
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/)
      .optional()
      .describe('ISO 4217 currency code like "EUR"'),
    locale: localeDoc
      .optional()
      .describe('BCP 47 language tag like "en" or "de-AT", stored in its canonical casing; sets the profile\'s locale'),
    timezone: z.string().max(64).optional().describe('IANA time zone like "Europe/Berlin"; stored in its canonical spelling'),
    notifications: z
      .strictObject(byEventType(z.strictObject({ in_app: z.boolean().optional(), email: z.boolean().optional() }).optional()))
      .optional()
      .describe('Only the given event types and channels change'),
  })
  .describe('Deep partial update: omitted fields keep their value');

const removedFavoriteSchema = z.object({
  venue: z.string().describe('documentId of the venue'),
  favorite: z.literal(false),
  removed: z.boolean().describe('Whether it was a favourite until now (false: nothing to remove, still a 200)'),
});

export const profileResponse = dataResponse(profileSchema, "The caller's own profile");
export const preferencesResponse = dataResponse(preferencesSchema, "The caller's preferences, defaults filled in");
export const favoritesResponse = listResponse(
  venueSchema,
  "The caller's favourite venues that are public, latest favourite first"
);
export const favoriteAddedResponse = z
  .object({
    data: venueSchema,
    meta: z.object({ created: z.boolean().describe('true: sent with HTTP 201; false: it already was a favourite, HTTP 200') }),
  })
  .describe('The favourite venue (HTTP 201 when it became a favourite, 200 when it already was)');
export const favoriteRemovedResponse = dataResponse(
  removedFavoriteSchema,
  'Idempotent: removing a venue that is not a favourite is a 200 too'
);

// Compile-time drift checks: the documented bodies have exactly the keys the controllers accept…
type KeysOf<S extends { shape: object }> = keyof S['shape'];
type AvatarParts = KeysOf<typeof avatarUploadBody> | KeysOf<typeof avatarUploadFiles>;
export type ProfileBodyDocumented = [
  Documents<KeysOf<typeof updateProfileBodyDoc>, KeysOf<typeof updateProfileBody>>,
  Documents<KeysOf<typeof updateProfileBody>, KeysOf<typeof updateProfileBodyDoc>>,
];
export type PreferencesBodyDocumented = [
  Documents<KeysOf<typeof updatePreferencesBodyDoc>, KeysOf<typeof updatePreferencesBody>>,
  Documents<KeysOf<typeof updatePreferencesBody>, KeysOf<typeof updatePreferencesBodyDoc>>,
];
export type AvatarBodyDocumented = [
  Documents<KeysOf<typeof avatarUploadBodyDoc>, AvatarParts>,
  Documents<AvatarParts, KeysOf<typeof avatarUploadBodyDoc>>,
];
// …and the answers fit what the code builds.
type Account = ReturnType<typeof accountService>;
export type ProfileDocumented = Documents<z.output<typeof profileSchema>, ProfileView>;
export type PreferencesDocumented = Documents<z.output<typeof preferencesSchema>, Preferences>;
// (favorite is typed `boolean` by the service; it is always false.)
export type FavoriteRemovedDocumented = Documents<
  Omit<z.output<typeof removedFavoriteSchema>, 'favorite'>,
  Omit<Awaited<ReturnType<Account['removeFavorite']>>, 'favorite'>
>;
export type FavoriteAddedDocumented = Documents<
  { created: boolean },
  Pick<Awaited<ReturnType<Account['addFavorite']>>, 'created'>
>;
