import { createMemoryQueue, mailQueueOptions, retryDelay, type JobQueueEvents } from '../../src/infra/job-queue';

/** The in-process job queue (embedded default): retries with exponential backoff, idempotent ids, give-up, close. */

const quietLog = () => {
  const lines: string[] = [];
  return { lines, warn: (m: string) => lines.push(`warn ${m}`), error: (m: string) => lines.push(`error ${m}`) };
};

const options = { attempts: 4, backoffMs: 40, concurrency: 2, prefix: 'unused' };

describe('in-process job queue', () => {
  it('retries a failing job with exponential backoff until it succeeds', async () => {
    const tries: number[] = [];
    const queue = createMemoryQueue<{ n: number }>(
      'test',
      async (_data, attempt) => {
        tries.push(Date.now());
        if (attempt < 3) throw new Error(`fail ${attempt}`);
      },
      options,
      quietLog()
    );
    const events: Array<[string, unknown]> = [];
    queue.on('retrying', (e) => events.push(['retrying', e]));
    queue.on('completed', (e) => events.push(['completed', e]));
    await queue.add('job-1', { n: 1 });
    await queue.idle();
    expect(tries).toHaveLength(3);
    expect(tries[1] - tries[0]).toBeGreaterThanOrEqual(35); // 40 ms
    expect(tries[2] - tries[1]).toBeGreaterThanOrEqual(75); // 80 ms
    expect(events).toEqual([
      ['retrying', { id: 'job-1', attempts: 1, error: 'fail 1' }],
      ['retrying', { id: 'job-1', attempts: 2, error: 'fail 2' }],
      ['completed', { id: 'job-1', attempts: 3 }],
    ]);
    await queue.close();
  });

  it('gives up after the configured attempts and reports it', async () => {
    const log = quietLog();
    let tries = 0;
    const queue = createMemoryQueue(
      'test',
      async () => {
        tries += 1;
        throw new Error('smtp down');
      },
      { ...options, backoffMs: 5 },
      log
    );
    const failed: JobQueueEvents['failed'][] = [];
    queue.on('failed', (e) => failed.push(e));
    await queue.add('job-x', {});
    await queue.idle();
    expect(tries).toBe(4);
    expect(failed).toEqual([{ id: 'job-x', attempts: 4, error: 'smtp down' }]);
    expect(log.lines.join('\n')).toMatch(/job-x failed after 4 attempts: smtp down/);
    await queue.close();
  });

  it('adding an id that is waiting, retrying or running is a no-op; concurrency is respected', async () => {
    let running = 0;
    let peak = 0;
    const seen: string[] = [];
    const queue = createMemoryQueue<{ id: string }>(
      'test',
      async ({ id }) => {
        running += 1;
        peak = Math.max(peak, running);
        seen.push(id);
        await new Promise((resolve) => setTimeout(resolve, 20));
        running -= 1;
      },
      options,
      quietLog()
    );
    await Promise.all(['a', 'b', 'a', 'c', 'b', 'd'].map((id) => queue.add(id, { id })));
    await queue.idle();
    expect(seen.sort()).toEqual(['a', 'b', 'c', 'd']);
    expect(peak).toBe(2);
    // Done jobs can be added again (a new job under the same id).
    await queue.add('a', { id: 'a' });
    await queue.idle();
    expect(seen.filter((id) => id === 'a')).toHaveLength(2);
    await queue.close();
  });

  it('close() drops jobs waiting for a retry (logged) and refuses new ones', async () => {
    const log = quietLog();
    const queue = createMemoryQueue(
      'test',
      async () => {
        throw new Error('nope');
      },
      { ...options, backoffMs: 60_000 },
      log
    );
    await queue.add('job-late', {});
    await new Promise((resolve) => setTimeout(resolve, 20));
    await queue.close();
    expect(log.lines.join('\n')).toMatch(/closing with 1 job\(s\) not done/);
    await expect(queue.add('job-new', {})).rejects.toThrow(/closed/);
    await queue.idle(); // nothing left
  });

  it('reads its settings from the environment with safe defaults', () => {
    expect(mailQueueOptions({})).toEqual({ attempts: 8, backoffMs: 30_000, concurrency: 2, prefix: 'tofimotia' });
    expect(
      mailQueueOptions({ MAIL_QUEUE_ATTEMPTS: '3', MAIL_QUEUE_BACKOFF_MS: '0', MAIL_QUEUE_CONCURRENCY: 'x', REDIS_PREFIX: 'p' })
    ).toEqual({
      attempts: 3,
      backoffMs: 0,
      concurrency: 2,
      prefix: 'p',
    });
    expect([1, 2, 3, 4].map((n) => retryDelay({ backoffMs: 1000 }, n))).toEqual([1000, 2000, 4000, 8000]);
  });
});
