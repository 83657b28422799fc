import { imageView, type ImageRow } from '../../infra/media-view';

/**
 * The signed-in user's own profile as the API shows it. An explicit allow-list: password, tokens,
 * provider, stripe ids, blocked and preferences (own endpoint) never appear here.
 */
export interface AvatarRow extends ImageRow {
  id: number;
}

export interface ProfileRow {
  id: number;
  documentId: string;
  username: string;
  email: string;
  confirmed: boolean | null;
  first_name: string | null;
  last_name: string | null;
  phone: string | null;
  bio: string | null;
  locale: string | null;
  createdAt: string | Date;
  role?: { type?: string } | null;
  avatar?: AvatarRow | null;
}

export const PROFILE_POPULATE = {
  role: { select: ['type'] },
  avatar: { select: ['id', 'url', 'width', 'height', 'alternativeText', 'formats'] },
};

export const avatarView = (image: AvatarRow | null | undefined) => (image ? imageView(image) : null);

export const profileView = (row: ProfileRow) => ({
  documentId: row.documentId,
  username: row.username,
  email: row.email,
  role: row.role?.type === 'vendor' ? ('vendor' as const) : ('customer' as const),
  first_name: row.first_name ?? null,
  last_name: row.last_name ?? null,
  phone: row.phone ?? null,
  bio: row.bio ?? null,
  locale: row.locale ?? null,
  avatar: avatarView(row.avatar),
  confirmed: Boolean(row.confirmed),
  created_at: new Date(row.createdAt).toISOString(),
});

export type ProfileView = ReturnType<typeof profileView>;
