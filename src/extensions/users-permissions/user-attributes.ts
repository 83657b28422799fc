/**
 * Fields Tofimotia adds to the users-permissions user. Kept in code (not a copied schema.json)
 * so upstream changes to the base user schema still apply.
 */
export const userAttributes = {
  first_name: { type: 'string', maxLength: 80 },
  last_name: { type: 'string', maxLength: 80 },
  phone: { type: 'string', maxLength: 40 },
  bio: { type: 'text', maxLength: 1000 },
  avatar: { type: 'media', multiple: false, required: false, allowedTypes: ['images'] },
  locale: { type: 'string', maxLength: 16 },
  preferences: { type: 'json' },
  favorites: { type: 'relation', relation: 'manyToMany', target: 'api::venue.venue' },
  vendor_profile: {
    type: 'relation',
    relation: 'oneToOne',
    target: 'api::vendor-profile.vendor-profile',
    mappedBy: 'user',
  },
  stripe_customer_id: { type: 'string', maxLength: 255, private: true },
} as const;
