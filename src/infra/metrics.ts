import { timingSafeEqual } from 'node:crypto';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The process's Prometheus registry (prom-client): HTTP request duration per route and status, 5xx errors per
 * route, Node's default process metrics. Filled by src/middlewares/http-metrics.ts, served at `GET /metrics`
 * (bearer METRICS_TOKEN) and summarised for the control center's health page (p50/p95 per route).
 * Per instance: a Prometheus server scrapes every instance and aggregates.
 */
export const registry = new Registry();
registry.setDefaultLabels({ app: 'tofimotia' });
collectDefaultMetrics({ register: registry });

/** Seconds; buckets fine enough to estimate p50/p95 of API answers (5 ms … 10 s). */
export const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.5, 0.75, 1, 1.5, 2.5, 5, 10];

export const httpDuration = new Histogram({
  name: 'http_request_duration_seconds',
  help: 'Duration of HTTP requests by method, route pattern and status code',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: LATENCY_BUCKETS,
  registers: [registry],
});

export const httpErrors = new Counter({
  name: 'http_request_errors_total',
  help: 'HTTP requests answered with a 5xx status, by method and route pattern',
  labelNames: ['method', 'route', 'status'] as const,
  registers: [registry],
});

export interface RouteLatency {
  method: string;
  route: string;
  requests: number;
  errors: number;
  /** errors / requests. */
  error_rate: number;
  /** Estimated from the histogram buckets (linear within a bucket, like PromQL's histogram_quantile). */
  p50_ms: number | null;
  p95_ms: number | null;
}

/** The q-quantile of cumulative histogram buckets (`le` ascending, last +Inf), in seconds. */
export const quantileOfBuckets = (q: number, buckets: { le: number; count: number }[]): number | null => {
  const total = buckets[buckets.length - 1]?.count ?? 0;
  if (total === 0) return null;
  const rank = q * total;
  let previousLe = 0;
  let previousCount = 0;
  for (const bucket of buckets) {
    if (bucket.count >= rank) {
      // The +Inf bucket: the best estimate is the highest finite bound (as Prometheus does).
      if (!Number.isFinite(bucket.le)) return previousLe;
      const inBucket = bucket.count - previousCount;
      return inBucket === 0 ? bucket.le : previousLe + ((bucket.le - previousLe) * (rank - previousCount)) / inBucket;
    }
    previousLe = bucket.le;
    previousCount = bucket.count;
  }
  return previousLe;
};

/** Requests, error rate and p50/p95 per route since this process started, busiest first. */
export const routeLatencies = async (): Promise<RouteLatency[]> => {
  const [duration, errorsMetric] = await Promise.all([httpDuration.get(), httpErrors.get()]);
  interface Acc {
    method: string;
    route: string;
    buckets: Map<number, number>;
    errors: number;
  }
  const byRoute = new Map<string, Acc>();
  const accOf = (method: string, route: string) => {
    const key = `${method} ${route}`;
    let acc = byRoute.get(key);
    if (!acc) byRoute.set(key, (acc = { method, route, buckets: new Map(), errors: 0 }));
    return acc;
  };
  for (const value of duration.values) {
    if (value.metricName !== 'http_request_duration_seconds_bucket') continue;
    const labels = value.labels as Record<string, string | number>;
    const acc = accOf(String(labels.method), String(labels.route));
    const le = labels.le === '+Inf' ? Number.POSITIVE_INFINITY : Number(labels.le);
    acc.buckets.set(le, (acc.buckets.get(le) ?? 0) + value.value); // summed over status codes
  }
  for (const value of errorsMetric.values) {
    const labels = value.labels as Record<string, string | number>;
    accOf(String(labels.method), String(labels.route)).errors += value.value;
  }
  const ms = (seconds: number | null) => (seconds === null ? null : Math.round(seconds * 10_000) / 10);
  return [...byRoute.values()]
    .map((acc) => {
      const buckets = [...acc.buckets].map(([le, count]) => ({ le, count })).sort((a, b) => a.le - b.le);
      const requests = buckets[buckets.length - 1]?.count ?? 0;
      return {
        method: acc.method,
        route: acc.route,
        requests,
        errors: acc.errors,
        error_rate: requests ? Math.round((acc.errors / requests) * 10_000) / 10_000 : 0,
        p50_ms: ms(quantileOfBuckets(0.5, buckets)),
        p95_ms: ms(quantileOfBuckets(0.95, buckets)),
      };
    })
    .sort((a, b) => b.requests - a.requests || a.route.localeCompare(b.route));
};

/**
 * Access rule of `GET /metrics`: METRICS_TOKEN unset → the endpoint does not exist (404); otherwise the request
 * must carry `Authorization: Bearer <METRICS_TOKEN>` (401 without or with another token).
 */
export const metricsAccess = (
  authorization: string | undefined,
  token = process.env.METRICS_TOKEN
): 'ok' | 'absent' | 'denied' => {
  if (!token) return 'absent';
  const match = /^Bearer (.+)$/.exec(authorization ?? '');
  if (!match) return 'denied';
  const given = Buffer.from(match[1]);
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected) ? 'ok' : 'denied';
};
