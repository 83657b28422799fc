/**
 * A fixed-window counter (the in-process twin of Redis INCR + PEXPIRE): `hit` counts one event for `key`
 * in the window that contains `now` and says whether it is within `limit`. Windows are aligned on
 * multiples of `windowMs` (like a Redis key named after the window). Pure apart from its own map;
 * expired keys are dropped as they are met and by `sweep`.
 */
export interface WindowHit {
  allowed: boolean;
  count: number;
  /** When the current window ends (ms since the epoch). */
  resetAt: number;
}

/** End of the aligned window containing `now`. */
export const windowEnd = (now: number, windowMs: number): number => (Math.floor(now / windowMs) + 1) * windowMs;

export class FixedWindowCounter {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number
  ) {}

  hit(key: string, now: number): WindowHit {
    let window = this.windows.get(key);
    if (!window || window.resetAt <= now) {
      window = { count: 0, resetAt: windowEnd(now, this.windowMs) };
      this.windows.set(key, window);
    }
    window.count += 1;
    if (this.windows.size > 10_000) this.sweep(now);
    return { allowed: window.count <= this.limit, count: window.count, resetAt: window.resetAt };
  }

  sweep(now: number): void {
    for (const [key, window] of this.windows) if (window.resetAt <= now) this.windows.delete(key);
  }
}
