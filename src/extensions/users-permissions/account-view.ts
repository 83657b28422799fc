import type { Core } from '@strapi/strapi';

/**
 * The signed-in user as the API shows it: an explicit allow-list, so private or internal
 * columns (password, tokens, stripe ids, provider data) can never slip into a response.
 */
export interface AccountView {
  id: number;
  documentId: string;
  username: string;
  email: string;
  confirmed: boolean;
  blocked: boolean;
  role: 'customer' | 'vendor';
  first_name: string | null;
  last_name: string | null;
  vendor_profile: { documentId: string; business_name: string; verification_status: string } | null;
  createdAt: string;
}

export const loadAccountView = async (strapi: Core.Strapi, userId: number): Promise<AccountView> => {
  const user = await strapi.db.query('plugin::users-permissions.user').findOne({
    where: { id: userId },
    populate: ['role', 'vendor_profile'],
  });
  if (!user) throw new Error(`user ${userId} vanished while building its account view`);
  const profile = user.vendor_profile;
  return {
    id: user.id,
    documentId: user.documentId,
    username: user.username,
    email: user.email,
    confirmed: Boolean(user.confirmed),
    blocked: Boolean(user.blocked),
    role: user.role?.type === 'vendor' ? 'vendor' : 'customer',
    first_name: user.first_name ?? null,
    last_name: user.last_name ?? null,
    vendor_profile: profile
      ? { documentId: profile.documentId, business_name: profile.business_name, verification_status: profile.verification_status }
      : null,
    createdAt: user.createdAt,
  };
};
