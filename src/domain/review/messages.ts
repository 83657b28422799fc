/**
 * Human text of review, report and moderation notifications (title + body), pure. English only, like the
 * booking texts in src/domain/notifications/messages.ts.
 */
export interface ReviewText {
  title: string;
  body: string;
}

export const quoted = (text: string | null | undefined) =>
  text ? ` "${text.length > 200 ? `${text.slice(0, 199)}…` : text}"` : '';

export const reviewText = {
  /** To the author: the vendor answered their review. */
  responded: (venueName: string, response: string): ReviewText => ({
    title: `${venueName} replied to your review`,
    body: `${venueName} wrote:${quoted(response)}`,
  }),

  /** To the author: a moderator (or enough reports) hid their review. */
  hiddenForAuthor: (venueName: string, reason: string | null, byReports: boolean): ReviewText => ({
    title: `Your review of ${venueName} is hidden`,
    body: byReports
      ? `Your review of ${venueName} was reported by several people and is hidden until a moderator has looked at it.`
      : `A moderator hid your review of ${venueName}.${reason ? ` Reason: ${reason}.` : ''} It no longer counts towards the venue's rating.`,
  }),

  /** To the vendor: a review of their venue was hidden. */
  hiddenForVendor: (venueName: string, byReports: boolean): ReviewText => ({
    title: `A review of ${venueName} is hidden`,
    body: byReports
      ? `A review of ${venueName} was reported several times and is hidden pending moderation; the venue's rating no longer counts it.`
      : `A moderator hid a review of ${venueName}; the venue's rating no longer counts it.`,
  }),

  /** To the author: their review is visible again. */
  restoredForAuthor: (venueName: string): ReviewText => ({
    title: `Your review of ${venueName} is visible again`,
    body: `Your review of ${venueName} was checked and is published again.`,
  }),

  restoredForVendor: (venueName: string): ReviewText => ({
    title: `A review of ${venueName} is visible again`,
    body: `A review of ${venueName} was checked by a moderator and is published again; the venue's rating counts it.`,
  }),

  /** To the reporter: what came of their report. */
  reportClosed: (what: string, upheld: boolean, resolution: string | null): ReviewText => ({
    title: upheld ? 'Thanks: we acted on your report' : 'Your report was reviewed',
    body: upheld
      ? `A moderator looked at the ${what} you reported and took action.${resolution ? ` ${resolution}` : ''}`
      : `A moderator looked at the ${what} you reported and found it within our guidelines.${resolution ? ` ${resolution}` : ''}`,
  }),
};
