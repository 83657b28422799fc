import { AdminError } from './errors';

/**
 * Staff state machines of the control center, pure (contract: data-model.md "Admin REST details").
 *
 * Vendor verification (`vendor_profiles.verification_status`):
 *   pending   --approve--> approved        pending   --reject--> rejected
 *   rejected  --approve--> approved
 *   approved  --suspend--> suspended       suspended --reinstate--> approved
 *
 * Venue listing (`venues.status`; `draft` is the vendor's own, staff never move it):
 *   pending_approval --approve--> approved          pending_approval --reject--> rejected
 *   approved         --suspend--> suspended         suspended        --approve--> approved
 *   approved         --feature / unfeature-->  approved (the `featured` flag; only approved venues)
 *
 * User account: active --block--> blocked --unblock--> active.
 *
 * Anything else is an illegal transition (409 ILLEGAL_TRANSITION).
 */

export const VENDOR_STATUSES = ['pending', 'approved', 'rejected', 'suspended'] as const;
export type VendorStatus = (typeof VENDOR_STATUSES)[number];
export const VENDOR_ACTIONS = ['approve', 'reject', 'suspend', 'reinstate'] as const;
export type VendorAction = (typeof VENDOR_ACTIONS)[number];

const VENDOR_TRANSITIONS: Record<VendorAction, Partial<Record<VendorStatus, VendorStatus>>> = {
  approve: { pending: 'approved', rejected: 'approved' },
  reject: { pending: 'rejected' },
  suspend: { approved: 'suspended' },
  reinstate: { suspended: 'approved' },
};

export const VENUE_STATUSES = ['draft', 'pending_approval', 'approved', 'rejected', 'suspended'] as const;
export type VenueStatus = (typeof VENUE_STATUSES)[number];
export const VENUE_ACTIONS = ['approve', 'reject', 'suspend', 'feature', 'unfeature'] as const;
export type VenueAction = (typeof VENUE_ACTIONS)[number];

export interface VenueState {
  status: VenueStatus;
  featured: boolean;
}

const VENUE_STATUS_TRANSITIONS: Record<'approve' | 'reject' | 'suspend', Partial<Record<VenueStatus, VenueStatus>>> = {
  approve: { pending_approval: 'approved', suspended: 'approved' },
  reject: { pending_approval: 'rejected' },
  suspend: { approved: 'suspended' },
};

export type UserAction = 'block' | 'unblock';

const illegal = (subject: string, action: string, from: string) =>
  new AdminError('illegal_transition', `Cannot ${action} a ${subject} that is ${from.replace('_', ' ')}`, {
    from,
    action,
  });

/** The vendor's next verification status, or a 409. */
export const nextVendorStatus = (from: VendorStatus, action: VendorAction): VendorStatus => {
  const to = VENDOR_TRANSITIONS[action][from];
  if (!to) throw illegal('vendor', action, from);
  return to;
};

export const canApplyVendorAction = (from: VendorStatus, action: VendorAction): boolean =>
  VENDOR_TRANSITIONS[action][from] !== undefined;

/**
 * The venue's next state, or a 409. Suspending or rejecting takes a featured venue out of the featured slots;
 * feature on a featured venue (or unfeature on one that is not) is a 409 too, so every action changes something.
 */
export const nextVenueState = (from: VenueState, action: VenueAction): VenueState => {
  if (action === 'feature' || action === 'unfeature') {
    if (from.status !== 'approved') throw illegal('venue', action, from.status);
    const featured = action === 'feature';
    if (from.featured === featured) {
      throw new AdminError('illegal_transition', `This venue is already ${featured ? '' : 'not '}featured`, {
        from: from.status,
        action,
        featured: from.featured,
      });
    }
    return { status: from.status, featured };
  }
  const to = VENUE_STATUS_TRANSITIONS[action][from.status];
  if (!to) throw illegal('venue', action, from.status);
  return { status: to, featured: to === 'approved' ? from.featured : false };
};

/** A user's next `blocked` flag, or a 409 (blocking a blocked user, unblocking an active one). */
export const nextBlocked = (blocked: boolean, action: UserAction): boolean => {
  if (action === 'block' && blocked) throw illegal('user', 'block', 'blocked');
  if (action === 'unblock' && !blocked) throw illegal('user', 'unblock', 'active');
  return action === 'block';
};

/** Actions that need a reason from staff (shown to the vendor, kept in the audit row). */
export const reasonRequired = (subject: 'vendor' | 'venue' | 'user', action: string): boolean =>
  (subject === 'vendor' && (action === 'reject' || action === 'suspend')) ||
  (subject === 'venue' && (action === 'reject' || action === 'suspend'));
