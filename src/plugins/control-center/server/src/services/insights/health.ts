import type { Core } from '@strapi/strapi';
import { getRedis, withTimeout } from '../../../../../../infra/redis';
import { jobQueues, type QueueDepth } from '../../../../../../infra/job-queue';
import { jobRuns, type JobRun } from '../../../../../../infra/job-runs';
import { routeLatencies, type RouteLatency } from '../../../../../../infra/metrics';

export interface DependencyLatency {
  status: 'up' | 'down' | 'disabled';
  /** Round trip of one ping (`select 1`, Redis PING), ms; null when down or disabled. */
  latency_ms: number | null;
  error?: string;
}

export interface HealthAnswer {
  status: 'ok' | 'degraded';
  checked_at: string;
  database: DependencyLatency & { client: string };
  redis: DependencyLatency;
  queues: Array<{ name: string; kind: 'bullmq' | 'memory' } & QueueDepth>;
  jobs: JobRun[];
  http: {
    /** The figures are this instance's since it started (Prometheus aggregates every instance's /metrics). */
    scope: 'instance';
    uptime_s: number;
    requests: number;
    errors: number;
    error_rate: number;
    routes: RouteLatency[];
  };
}

/** Routes listed on the health page (the busiest; /metrics has them all). */
const MAX_ROUTES = 50;
const PING_TIMEOUT_MS = 2_000;

const timed = async (ping: () => Promise<unknown>): Promise<DependencyLatency> => {
  const started = process.hrtime.bigint();
  try {
    await withTimeout(ping(), PING_TIMEOUT_MS);
    return { status: 'up', latency_ms: Math.round(Number(process.hrtime.bigint() - started) / 10_000) / 100 };
  } catch (error) {
    return { status: 'down', latency_ms: null, error: (error as Error).message };
  }
};

/** The control center's system health: measured pings, queue depths, job runs, HTTP figures from prom-client. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async report(): Promise<HealthAnswer> {
    const redis = getRedis();
    const [database, redisLatency, queues, jobs, routes] = await Promise.all([
      timed(() => strapi.db.connection.raw('select 1')),
      redis ? timed(() => redis.ping()) : Promise.resolve<DependencyLatency>({ status: 'disabled', latency_ms: null }),
      Promise.all(
        [...jobQueues()].map(async ([name, queue]) => {
          const depth = await withTimeout(queue.depth(), PING_TIMEOUT_MS).catch(() => null);
          return { name, kind: queue.kind, ...(depth ?? { waiting: -1, active: -1, delayed: -1, failed: -1 }) };
        })
      ),
      jobRuns(strapi),
      routeLatencies(),
    ]);
    const requests = routes.reduce((n, r) => n + r.requests, 0);
    const errors = routes.reduce((n, r) => n + r.errors, 0);
    return {
      status: database.status === 'up' && redisLatency.status !== 'down' ? 'ok' : 'degraded',
      checked_at: new Date().toISOString(),
      database: { ...database, client: strapi.db.dialect.client },
      redis: redisLatency,
      queues,
      jobs,
      http: {
        scope: 'instance',
        uptime_s: Math.round(process.uptime()),
        requests,
        errors,
        error_rate: requests ? Math.round((errors / requests) * 10_000) / 10_000 : 0,
        routes: routes.slice(0, MAX_ROUTES),
      },
    };
  },
});
