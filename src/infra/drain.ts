/**
 * Tracks work started in the background (event handlers, queued sends) so shutdown can wait for it, with
 * a bound, before the database pool closes. Work that starts more work while draining is awaited too.
 */
export interface WorkTracker {
  /** Runs `work` now and remembers it until it settles; failures go to `onError`, never to the caller. */
  track(work: () => Promise<unknown>, onError?: (error: unknown) => void): Promise<void>;
  /** Resolves when nothing tracked is running, or after `timeoutMs`. */
  drain(timeoutMs?: number): Promise<void>;
  readonly size: number;
}

export const createWorkTracker = (): WorkTracker => {
  const running = new Set<Promise<void>>();
  return {
    track(work, onError) {
      const task: Promise<void> = Promise.resolve()
        .then(work)
        .then(
          () => undefined,
          (error: unknown) => onError?.(error)
        )
        .finally(() => running.delete(task));
      running.add(task);
      return task;
    },
    async drain(timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (running.size > 0 && Date.now() < deadline) {
        const timeout = new Promise((resolve) => setTimeout(resolve, deadline - Date.now()).unref());
        await Promise.race([Promise.allSettled([...running]), timeout]);
      }
    },
    get size() {
      return running.size;
    },
  };
};
