import { EventEmitter } from 'node:events';
import { Queue, Worker, type Job } from 'bullmq';
import Redis from 'ioredis';
import { redisConfigured } from './redis';
import { MINUTE } from '../domain/time';
import { createWorkTracker } from './drain';

/**
 * Background jobs with retries (exponential backoff), for work a request must never wait on (e-mail).
 *
 * - REDIS_URL set → BullMQ: jobs live in Redis under `<REDIS_PREFIX>:<queue name>`, any instance's
 *   worker may run them, they survive restarts, and a retry runs wherever a worker is free.
 * - embedded default → an in-process queue with the same retry rules. Jobs live in memory: a job that is
 *   still waiting for a retry when the process stops is lost (logged at shutdown).
 *
 * A job's id makes adding idempotent (adding an id that is waiting, retrying or running is a no-op).
 * The handler throws to ask for a retry; after `attempts` failures the job is given up (`failed`).
 */

export interface JobQueueOptions {
  /** Total tries per job (first try included). */
  attempts: number;
  /** Delay before the first retry; each following retry waits twice as long. */
  backoffMs: number;
  /** Jobs run at the same time by this process. */
  concurrency: number;
  /** Redis key prefix (BullMQ only). */
  prefix: string;
}

export interface JobQueueEvents {
  /** A try succeeded. */
  completed: { id: string; attempts: number };
  /** A try failed and another one is scheduled. */
  retrying: { id: string; attempts: number; error: string };
  /** The last try failed: the job is given up. */
  failed: { id: string; attempts: number; error: string };
}

export interface JobQueue<T> {
  readonly kind: 'bullmq' | 'memory';
  add(id: string, data: T): Promise<void>;
  on<K extends keyof JobQueueEvents>(event: K, listener: (payload: JobQueueEvents[K]) => void): () => void;
  /** Resolves when no job is waiting, retrying or running in this process (in-process queue; BullMQ: its local worker). */
  idle(): Promise<void>;
  /** Jobs by state: BullMQ's counts in Redis (whole cluster), or this process's in-process queue. */
  depth(): Promise<QueueDepth>;
  close(): Promise<void>;
}

export interface QueueDepth {
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
}

type Handler<T> = (data: T, attempt: number) => Promise<void>;
type Log = { warn: (message: string) => void; error: (message: string) => void };

const positiveInt = (value: string | undefined, fallback: number, min = 1): number => {
  const parsed = Number(value);
  return Number.isInteger(parsed) && parsed >= min ? parsed : fallback;
};

/** MAIL_QUEUE_ATTEMPTS (8), MAIL_QUEUE_BACKOFF_MS (30 s: 30 s, 1 min, 2 min … ≈ 1 h in all), MAIL_QUEUE_CONCURRENCY (2), REDIS_PREFIX. */
export const mailQueueOptions = (env: NodeJS.ProcessEnv = process.env): JobQueueOptions => ({
  attempts: positiveInt(env.MAIL_QUEUE_ATTEMPTS, 8),
  backoffMs: positiveInt(env.MAIL_QUEUE_BACKOFF_MS, 30_000, 0),
  concurrency: positiveInt(env.MAIL_QUEUE_CONCURRENCY, 2),
  prefix: env.REDIS_PREFIX || 'tofimotia',
});

export const retryDelay = (options: Pick<JobQueueOptions, 'backoffMs'>, failedAttempts: number): number =>
  options.backoffMs * 2 ** Math.max(0, failedAttempts - 1);

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

class TypedEmitter {
  private readonly emitter = new EventEmitter();
  emit<K extends keyof JobQueueEvents>(event: K, payload: JobQueueEvents[K]) {
    this.emitter.emit(event, payload);
  }
  on<K extends keyof JobQueueEvents>(event: K, listener: (payload: JobQueueEvents[K]) => void): () => void {
    this.emitter.on(event, listener);
    return () => this.emitter.off(event, listener);
  }
}

interface Entry<T> {
  id: string;
  data: T;
  attempts: number;
}

/** The embedded default: same contract, in memory. */
export const createMemoryQueue = <T>(name: string, handler: Handler<T>, options: JobQueueOptions, log: Log): JobQueue<T> => {
  const events = new TypedEmitter();
  const known = new Set<string>(); // waiting, retrying or running
  const ready: Entry<T>[] = [];
  const timers = new Map<string, NodeJS.Timeout>();
  const running = createWorkTracker();
  let idleWaiters: Array<() => void> = [];
  let closed = false;

  const settleIdle = () => {
    if (known.size > 0) return;
    const waiters = idleWaiters;
    idleWaiters = [];
    waiters.forEach((resolve) => resolve());
  };

  const run = (entry: Entry<T>) => {
    entry.attempts += 1;
    const task = running.track(async () => {
      try {
        await handler(entry.data, entry.attempts);
        known.delete(entry.id);
        events.emit('completed', { id: entry.id, attempts: entry.attempts });
      } catch (error) {
        const message = messageOf(error);
        if (entry.attempts >= options.attempts || closed) {
          known.delete(entry.id);
          if (!closed) log.error(`[queue:${name}] job ${entry.id} failed after ${entry.attempts} attempts: ${message}`);
          events.emit('failed', { id: entry.id, attempts: entry.attempts, error: message });
        } else {
          events.emit('retrying', { id: entry.id, attempts: entry.attempts, error: message });
          const timer = setTimeout(
            () => {
              timers.delete(entry.id);
              ready.push(entry);
              pump();
            },
            retryDelay(options, entry.attempts)
          );
          timers.set(entry.id, timer);
        }
      }
    });
    void task.then(() => {
      pump();
      settleIdle();
    });
  };

  const pump = () => {
    while (!closed && running.size < options.concurrency && ready.length > 0) run(ready.shift() as Entry<T>);
  };

  return {
    kind: 'memory',
    async add(id, data) {
      if (closed) throw new Error(`queue ${name} is closed`);
      if (known.has(id)) return;
      known.add(id);
      ready.push({ id, data, attempts: 0 });
      pump();
    },
    on: (event, listener) => events.on(event, listener),
    idle: () => (known.size === 0 ? Promise.resolve() : new Promise<void>((resolve) => idleWaiters.push(resolve))),
    // In memory, given-up jobs are not kept (they are logged), so `failed` is always 0.
    depth: async () => ({ waiting: ready.length, active: running.size, delayed: timers.size, failed: 0 }),
    async close() {
      closed = true;
      timers.forEach((timer) => clearTimeout(timer));
      const dropped = ready.length + timers.size;
      timers.clear();
      ready.length = 0;
      if (dropped > 0)
        log.warn(`[queue:${name}] closing with ${dropped} job(s) not done; they are dropped (set REDIS_URL for a durable queue)`);
      // Let running tries finish (bounded), so no send is cut in the middle.
      await running.drain(5_000);
      known.clear();
      settleIdle();
    },
  };
};

/** BullMQ on REDIS_URL; the worker runs in this process too (every instance works the queue). */
export const createBullQueue = <T>(name: string, handler: Handler<T>, options: JobQueueOptions, log: Log): JobQueue<T> => {
  const events = new TypedEmitter();
  const url = process.env.REDIS_URL as string;
  // BullMQ needs maxRetriesPerRequest: null (its blocking commands must wait across reconnects).
  const connect = () => {
    const client = new Redis(url, { maxRetriesPerRequest: null, retryStrategy: (attempt) => Math.min(attempt * 200, 2_000) });
    client.on('error', () => undefined);
    return client;
  };
  const queueConnection = connect();
  const workerConnection = connect();
  const queue = new Queue(name, {
    connection: queueConnection,
    prefix: options.prefix,
    defaultJobOptions: {
      attempts: options.attempts,
      backoff: { type: 'exponential', delay: options.backoffMs },
      removeOnComplete: { age: 24 * 3600, count: 1000 },
      removeOnFail: { age: 7 * 24 * 3600 },
    },
  });
  // Redis down: connection errors repeat on every reconnect; log them at most once a minute.
  let lastWarning = 0;
  const warn = (message: string) => {
    if (Date.now() - lastWarning < MINUTE) return;
    lastWarning = Date.now();
    log.warn(`[queue:${name}] ${message}`);
  };
  queue.on('error', (error) => warn(messageOf(error)));
  const active = new Set<string>();
  let idleWaiters: Array<() => void> = [];
  const settleIdle = async () => {
    if (active.size > 0) return;
    const counts = await queue.getJobCounts('waiting', 'delayed', 'active', 'prioritized').catch(() => null);
    if (counts && Object.values(counts).some((n) => n > 0)) return;
    const waiters = idleWaiters;
    idleWaiters = [];
    waiters.forEach((resolve) => resolve());
  };
  const worker = new Worker(
    name,
    async (job: Job) => {
      active.add(job.id as string);
      try {
        await handler(job.data as T, job.attemptsMade + 1);
      } finally {
        active.delete(job.id as string);
      }
    },
    { connection: workerConnection, prefix: options.prefix, concurrency: options.concurrency }
  );
  worker.on('error', (error) => warn(`worker: ${messageOf(error)}`));
  worker.on('completed', (job) => {
    events.emit('completed', { id: job.id as string, attempts: job.attemptsMade });
    void settleIdle();
  });
  worker.on('failed', (job, error) => {
    if (!job) return;
    const attempts = job.attemptsMade;
    if (attempts >= (job.opts.attempts ?? 1)) {
      log.error(`[queue:${name}] job ${job.id} failed after ${attempts} attempts: ${error.message}`);
      events.emit('failed', { id: job.id as string, attempts, error: error.message });
    } else {
      events.emit('retrying', { id: job.id as string, attempts, error: error.message });
    }
    void settleIdle();
  });

  return {
    kind: 'bullmq',
    async add(id, data) {
      // A job id already in the queue (waiting, delayed, active or kept as completed) is not added twice.
      await queue.add(name, data, { jobId: id });
    },
    on: (event, listener) => events.on(event, listener),
    idle: () =>
      new Promise<void>((resolve) => {
        idleWaiters.push(resolve);
        void settleIdle();
      }),
    async depth() {
      const counts = await queue.getJobCounts('waiting', 'prioritized', 'active', 'delayed', 'failed');
      return {
        waiting: (counts.waiting ?? 0) + (counts.prioritized ?? 0),
        active: counts.active ?? 0,
        delayed: counts.delayed ?? 0,
        failed: counts.failed ?? 0,
      };
    },
    async close() {
      // Bounded: with Redis unreachable BullMQ's close would wait for a connection forever.
      const within = (work: Promise<unknown>, ms: number, what: string) =>
        Promise.race([
          work.catch((error: unknown) => log.warn(`[queue:${name}] closing ${what}: ${messageOf(error)}`)),
          new Promise((resolve) => setTimeout(resolve, ms).unref()),
        ]);
      const connected = workerConnection.status === 'ready' && queueConnection.status === 'ready';
      await within(worker.close(), connected ? 10_000 : 300, 'worker');
      await within(queue.close(), connected ? 2_000 : 300, 'queue');
      for (const connection of [queueConnection, workerConnection]) {
        if (connection.status === 'ready') await within(connection.quit(), 1_000, 'connection');
        connection.disconnect();
      }
    },
  };
};

/** The queues created by createJobQueue in this process, by name (read by the control center's health page). */
const openQueues = new Map<string, JobQueue<unknown>>();
export const jobQueues = (): ReadonlyMap<string, JobQueue<unknown>> => openQueues;

export const createJobQueue = <T>(name: string, handler: Handler<T>, options: JobQueueOptions, log: Log): JobQueue<T> => {
  const queue = redisConfigured() ? createBullQueue(name, handler, options, log) : createMemoryQueue(name, handler, options, log);
  openQueues.set(name, queue as JobQueue<unknown>);
  const close = queue.close.bind(queue);
  queue.close = async () => {
    if (openQueues.get(name) === (queue as JobQueue<unknown>)) openQueues.delete(name);
    await close();
  };
  return queue;
};
