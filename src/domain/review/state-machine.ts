import { ReviewError } from './errors';

/**
 * Moderation state of reviews and reports, pure.
 *
 * Review: `published` ↔ `hidden`, with the cause of a hide:
 *   published            --hide (moderator)-----> hidden(moderator)
 *   published            --auto_hide (reports)--> hidden(reports)     N open reports (setting), pending moderation
 *   hidden(reports)      --hide (moderator)-----> hidden(moderator)   the moderator confirms the hide
 *   hidden(*)            --restore (moderator)--> published
 *   hidden(reports)      --release-------------> published            reports dismissed below the threshold
 * Anything else is an illegal transition (409).
 *
 * Report: `open` → `resolved` (the report was right) | `dismissed` (it was not). Both are final.
 */
export const REVIEW_STATUSES = ['published', 'hidden'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

export const HIDDEN_CAUSES = ['moderator', 'reports'] as const;
export type HiddenCause = (typeof HIDDEN_CAUSES)[number];

export interface ReviewState {
  status: ReviewStatus;
  hiddenCause: HiddenCause | null;
}

export type ReviewEvent = 'hide' | 'auto_hide' | 'restore' | 'release';

const key = (state: ReviewState) => (state.status === 'published' ? 'published' : `hidden:${state.hiddenCause ?? 'moderator'}`);

const REVIEW_TRANSITIONS: Record<ReviewEvent, Record<string, ReviewState>> = {
  hide: {
    published: { status: 'hidden', hiddenCause: 'moderator' },
    'hidden:reports': { status: 'hidden', hiddenCause: 'moderator' },
  },
  auto_hide: { published: { status: 'hidden', hiddenCause: 'reports' } },
  restore: {
    'hidden:moderator': { status: 'published', hiddenCause: null },
    'hidden:reports': { status: 'published', hiddenCause: null },
  },
  release: { 'hidden:reports': { status: 'published', hiddenCause: null } },
};

export const canApplyReviewEvent = (state: ReviewState, event: ReviewEvent): boolean =>
  REVIEW_TRANSITIONS[event][key(state)] !== undefined;

export const nextReviewState = (state: ReviewState, event: ReviewEvent): ReviewState => {
  const next = REVIEW_TRANSITIONS[event][key(state)];
  if (!next) {
    throw new ReviewError(
      'illegal_transition',
      `Cannot ${event.replace('_', '-')} a review that is ${key(state).replace(':', ' by ')}`,
      {
        from: state.status,
        hidden_cause: state.hiddenCause,
        event,
      }
    );
  }
  return next;
};

/** A review is hidden automatically when it is published and has at least `threshold` open reports. */
export const shouldAutoHide = (state: ReviewState, openReports: number, threshold: number): boolean =>
  state.status === 'published' && threshold > 0 && openReports >= threshold;

/** An auto-hidden review comes back when dismissals leave fewer open reports than the threshold. */
export const shouldRelease = (state: ReviewState, openReports: number, threshold: number): boolean =>
  state.status === 'hidden' && state.hiddenCause === 'reports' && (threshold <= 0 || openReports < threshold);

export const REPORT_STATUSES = ['open', 'resolved', 'dismissed'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];
export type ReportEvent = 'resolve' | 'dismiss';

export const REPORT_TARGET_TYPES = ['review', 'venue', 'message'] as const;
export type ReportTargetType = (typeof REPORT_TARGET_TYPES)[number];

export const nextReportStatus = (from: ReportStatus, event: ReportEvent): ReportStatus => {
  if (from !== 'open') {
    throw new ReviewError('illegal_transition', `Cannot ${event} a report that is ${from}`, { from, event });
  }
  return event === 'resolve' ? 'resolved' : 'dismissed';
};

/** The once-per-user-per-target key of a report (a unique index on reports.dedup_key enforces it). */
export const reportKey = (targetType: ReportTargetType, targetId: string, reporterId: number): string =>
  `${targetType}:${targetId}:${reporterId}`;
