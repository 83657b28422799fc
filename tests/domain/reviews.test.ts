import { ReviewError } from '../../src/domain/review/errors';
import {
  assertEditable,
  assertReviewable,
  ratingHistogram,
  ratingSummary,
  responseAction,
  reviewEditableUntil,
  reviewWindowClosesAt,
} from '../../src/domain/review/rules';
import {
  canApplyReviewEvent,
  nextReportStatus,
  nextReviewState,
  reportKey,
  shouldAutoHide,
  shouldRelease,
  type ReviewEvent,
  type ReviewState,
} from '../../src/domain/review/state-machine';

/** Review rules and the moderation state machine, pure (fixed instants, no clock). */
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const END = Date.parse('2026-03-29T00:30:00Z'); // the night Europe switches to summer time: days are still 24 h of UTC
const codeOf = (fn: () => unknown): string | null => {
  try {
    fn();
    return null;
  } catch (error) {
    expect(error).toBeInstanceOf(ReviewError);
    return (error as ReviewError).code;
  }
};

describe('who may review when', () => {
  it('completed bookings only', () => {
    for (const status of ['requested', 'pending_payment', 'confirmed', 'cancelled', 'expired', 'rejected']) {
      expect(codeOf(() => assertReviewable({ status, end: END }, 14, END + HOUR))).toBe('booking_not_completed');
    }
    expect(codeOf(() => assertReviewable({ status: 'completed', end: END }, 14, END + HOUR))).toBeNull();
  });

  it('until windowDays after the end, inclusive of the last millisecond', () => {
    expect(reviewWindowClosesAt({ status: 'completed', end: END }, 14)).toBe(END + 14 * DAY);
    expect(codeOf(() => assertReviewable({ status: 'completed', end: END }, 14, END + 14 * DAY))).toBeNull();
    expect(codeOf(() => assertReviewable({ status: 'completed', end: END }, 14, END + 14 * DAY + 1))).toBe(
      'review_window_closed'
    );
    expect(codeOf(() => assertReviewable({ status: 'completed', end: END }, 0, END + 1))).toBe('review_window_closed');
  });

  it('the author edits a published review for 48 hours', () => {
    const written = END + DAY;
    expect(reviewEditableUntil(written)).toBe(written + 48 * HOUR);
    expect(codeOf(() => assertEditable({ createdAt: written, status: 'published' }, written + 48 * HOUR))).toBeNull();
    expect(codeOf(() => assertEditable({ createdAt: written, status: 'published' }, written + 48 * HOUR + 1))).toBe(
      'edit_window_closed'
    );
    expect(codeOf(() => assertEditable({ createdAt: written, status: 'hidden' }, written + HOUR))).toBe('review_hidden');
  });

  it('the vendor replies once and edits the reply for 48 hours; hidden reviews take no reply', () => {
    expect(responseAction({ status: 'published', respondedAt: null }, END)).toEqual({ kind: 'create' });
    expect(responseAction({ status: 'published', respondedAt: END }, END + 47 * HOUR)).toEqual({
      kind: 'edit',
      editableUntil: END + 48 * HOUR,
    });
    expect(codeOf(() => responseAction({ status: 'published', respondedAt: END }, END + 48 * HOUR + 1))).toBe('response_locked');
    expect(codeOf(() => responseAction({ status: 'hidden', respondedAt: null }, END))).toBe('review_hidden');
  });
});

describe('ratings', () => {
  it.each([
    [0, 0, 0],
    [1, 5, 5],
    [3, 13, 4.33],
    [3, 14, 4.67],
    [8, 33, 4.13], // 4.125 rounds half up
    [9, 37, 4.11],
    [7, 7, 1],
    [200, 999, 5], // 4.995 → 5.00
  ])('%i reviews summing %i average %d', (count, sum, average) => {
    expect(ratingSummary(count, sum)).toEqual({ average, count });
  });

  it('histograms fill missing stars with 0 and ignore anything else', () => {
    expect(
      ratingHistogram([
        { rating: 5, count: 2 },
        { rating: 1, count: 1 },
        { rating: 9, count: 4 },
      ])
    ).toEqual({ 1: 1, 2: 0, 3: 0, 4: 0, 5: 2 });
  });
});

describe('moderation state machine', () => {
  const published: ReviewState = { status: 'published', hiddenCause: null };
  const byModerator: ReviewState = { status: 'hidden', hiddenCause: 'moderator' };
  const byReports: ReviewState = { status: 'hidden', hiddenCause: 'reports' };

  it.each<[ReviewState, ReviewEvent, ReviewState | null]>([
    [published, 'hide', byModerator],
    [published, 'auto_hide', byReports],
    [published, 'restore', null],
    [published, 'release', null],
    [byReports, 'hide', byModerator],
    [byReports, 'auto_hide', null],
    [byReports, 'restore', published],
    [byReports, 'release', published],
    [byModerator, 'hide', null],
    [byModerator, 'auto_hide', null],
    [byModerator, 'restore', published],
    [byModerator, 'release', null],
  ])('%j --%s--> %j', (from, event, to) => {
    expect(canApplyReviewEvent(from, event)).toBe(to !== null);
    if (to) expect(nextReviewState(from, event)).toEqual(to);
    else expect(codeOf(() => nextReviewState(from, event))).toBe('illegal_transition');
  });

  it('auto-hides published reviews at the threshold and releases report-hidden ones below it', () => {
    expect(shouldAutoHide(published, 2, 3)).toBe(false);
    expect(shouldAutoHide(published, 3, 3)).toBe(true);
    expect(shouldAutoHide(published, 50, 0)).toBe(false);
    expect(shouldAutoHide(byModerator, 5, 3)).toBe(false);
    expect(shouldRelease(byReports, 2, 3)).toBe(true);
    expect(shouldRelease(byReports, 3, 3)).toBe(false);
    expect(shouldRelease(byModerator, 0, 3)).toBe(false);
    expect(shouldRelease(published, 0, 3)).toBe(false);
  });

  it('reports go open → resolved | dismissed, once', () => {
    expect(nextReportStatus('open', 'resolve')).toBe('resolved');
    expect(nextReportStatus('open', 'dismiss')).toBe('dismissed');
    for (const from of ['resolved', 'dismissed'] as const) {
      for (const event of ['resolve', 'dismiss'] as const) {
        expect(codeOf(() => nextReportStatus(from, event))).toBe('illegal_transition');
      }
    }
    expect(reportKey('review', 'abc', 7)).toBe('review:abc:7');
  });
});
