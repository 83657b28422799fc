import { localDateOf, venueZone } from '../local-time';

/**
 * Featured slots cover whole venue-local calendar dates: `starts_on` 00:00 to the end of `ends_on` in the venue's
 * IANA zone (both inclusive). A slot is `before`, `during` or `after` an instant.
 */
export type SlotPhase = 'before' | 'during' | 'after';

export interface DateRange {
  starts_on: string;
  ends_on: string;
}

export const slotPhase = (slot: DateRange, timezone: string, now: number): SlotPhase => {
  let today: string;
  try {
    today = localDateOf(now, venueZone(timezone));
  } catch {
    today = new Date(now).toISOString().slice(0, 10); // an unreadable zone counts in UTC
  }
  if (today < slot.starts_on.slice(0, 10)) return 'before';
  if (today > slot.ends_on.slice(0, 10)) return 'after';
  return 'during';
};

/** Two inclusive date ranges share at least one date. */
export const datesOverlap = (a: DateRange, b: DateRange): boolean =>
  a.starts_on.slice(0, 10) <= b.ends_on.slice(0, 10) && b.starts_on.slice(0, 10) <= a.ends_on.slice(0, 10);

/** The notification a vendor gets when staff decide on a featured-slot request. */
export const featuredSlotDecisionText = (
  decision: 'approved' | 'rejected',
  venueName: string,
  slot: DateRange,
  reason?: string | null
): { title: string; body: string } =>
  decision === 'approved'
    ? {
        title: 'Featured slot approved',
        body: `${venueName} will be featured from ${slot.starts_on.slice(0, 10)} to ${slot.ends_on.slice(0, 10)}.`,
      }
    : {
        title: 'Featured slot not approved',
        body: `Your request to feature ${venueName} from ${slot.starts_on.slice(0, 10)} to ${slot.ends_on.slice(0, 10)} was not approved.${
          reason ? ` Reason: ${reason}` : ''
        }`,
      };
