import { AdminError } from '../../src/domain/admin/errors';
import {
  nextBlocked,
  nextVendorStatus,
  nextVenueState,
  VENDOR_ACTIONS,
  VENDOR_STATUSES,
  VENUE_ACTIONS,
  VENUE_STATUSES,
  type VendorAction,
  type VendorStatus,
} from '../../src/domain/admin/state-machines';

/** The staff state machines, exhaustively: every (state, action) pair is either the contract's transition or a 409. */
const VENDOR_LEGAL: Record<string, VendorStatus> = {
  'pending:approve': 'approved',
  'pending:reject': 'rejected',
  'rejected:approve': 'approved',
  'approved:suspend': 'suspended',
  'suspended:reinstate': 'approved',
};

const illegal = (work: () => unknown) => {
  try {
    work();
  } catch (error) {
    expect(error).toBeInstanceOf(AdminError);
    expect((error as AdminError).code).toBe('illegal_transition');
    return;
  }
  throw new Error('expected an illegal transition');
};

describe('vendor', () => {
  for (const from of VENDOR_STATUSES) {
    for (const action of VENDOR_ACTIONS) {
      const to = VENDOR_LEGAL[`${from}:${action}`];
      it(`${from} --${action}--> ${to ?? '409'}`, () => {
        if (to) expect(nextVendorStatus(from, action as VendorAction)).toBe(to);
        else illegal(() => nextVendorStatus(from, action as VendorAction));
      });
    }
  }
});

describe('venue', () => {
  const legal: Record<string, { status: string; featured: boolean }> = {
    'pending_approval:false:approve': { status: 'approved', featured: false },
    'pending_approval:false:reject': { status: 'rejected', featured: false },
    'approved:false:suspend': { status: 'suspended', featured: false },
    'approved:true:suspend': { status: 'suspended', featured: false },
    'suspended:false:approve': { status: 'approved', featured: false },
    'approved:false:feature': { status: 'approved', featured: true },
    'approved:true:unfeature': { status: 'approved', featured: false },
    // A featured flag on a venue that is not approved (set by hand) is kept by approve and dropped by reject.
    'pending_approval:true:approve': { status: 'approved', featured: true },
    'pending_approval:true:reject': { status: 'rejected', featured: false },
    'suspended:true:approve': { status: 'approved', featured: true },
  };
  for (const status of VENUE_STATUSES) {
    for (const featured of [false, true]) {
      for (const action of VENUE_ACTIONS) {
        const key = `${status}:${featured}:${action}`;
        it(`${status}${featured ? ' (featured)' : ''} --${action}--> ${legal[key] ? JSON.stringify(legal[key]) : '409'}`, () => {
          if (legal[key]) expect(nextVenueState({ status, featured }, action)).toEqual(legal[key]);
          else illegal(() => nextVenueState({ status, featured }, action));
        });
      }
    }
  }
});

describe('user', () => {
  it('blocks active accounts and unblocks blocked ones only', () => {
    expect(nextBlocked(false, 'block')).toBe(true);
    expect(nextBlocked(true, 'unblock')).toBe(false);
    illegal(() => nextBlocked(true, 'block'));
    illegal(() => nextBlocked(false, 'unblock'));
  });
});
