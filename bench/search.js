'use strict';
/**
 * Search benchmark (issues 16 and 17). One run, one dataset:
 *   1. seeds the dataset with bench/dataset.js (or reuses the one a previous run recorded, --reuse), then counts
 *      what is in the database and fails loudly when it differs from what was asked;
 *   2. runs ANALYZE and states whether the planner statistics are fresh (PostgreSQL: pg_stat_user_tables);
 *   3. per scenario: sequential requests (p50/p95/p99, SQL statements per request counted on knex's query
 *      events), then closed-loop load at each --connections level from a worker thread (req/s, p50/p95/p99,
 *      non-2xx);
 *   4. PostgreSQL only: the database floor, i.e. the main search statement of a scenario replayed with `pg` at
 *      the same concurrency (no HTTP, no app), and the app ÷ floor throughput ratio;
 *   5. prints a table and saves JSON to bench/reports/search-<timestamp>.json.
 *
 *   DATABASE_URL=postgres://… node bench/search.js --venues 10000 --bookings 1000000
 *   node bench/search.js --venues 500 --bookings 20000 --requests 100 --duration 5 --connections 10,50
 *
 * Use a throwaway database. No timed assertions: the figures are for reading (docs/search.md).
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { Worker } = require('node:worker_threads');
const { loadStrapi } = require('../scripts/boot');
const { generate, verify } = require('./dataset');
const { checkAnswers } = require('./dataset-check');

const argv = process.argv.slice(2);
const arg = (name, fallback) => {
  const index = argv.indexOf(`--${name}`);
  return index > -1 ? argv[index + 1] : fallback;
};
const flag = (name) => argv.includes(`--${name}`);

const DAY = 86_400_000;
const HOUR = 3_600_000;
const percentile = (sorted, p) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN;
const summary = (timings) => {
  const sorted = [...timings].sort((a, b) => a - b);
  return { p50_ms: percentile(sorted, 50), p95_ms: percentile(sorted, 95), p99_ms: percentile(sorted, 99) };
};

/** Closed-loop HTTP load from a worker thread: `connections` loops over `paths` for `seconds`. */
const LOAD_WORKER = `
const http = require('node:http');
const { workerData, parentPort } = require('node:worker_threads');
const { base, paths, connections, seconds } = workerData;
const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
const url = new URL(base);
const timings = [];
const statuses = {};
const get = (p) => new Promise((resolve) => {
  const t0 = process.hrtime.bigint();
  const req = http.get({ host: url.hostname, port: url.port, path: url.pathname + p, agent }, (res) => {
    res.resume();
    res.on('end', () => { timings.push(Number(process.hrtime.bigint() - t0) / 1e6); statuses[res.statusCode] = (statuses[res.statusCode] || 0) + 1; resolve(); });
  });
  req.on('error', () => { statuses.error = (statuses.error || 0) + 1; resolve(); });
});
const deadline = Date.now() + seconds * 1000;
let n = 0;
const loop = async () => { while (Date.now() < deadline) { await get(paths[n++ % paths.length]); } };
Promise.all(Array.from({ length: connections }, loop)).then(() => { agent.destroy(); parentPort.postMessage({ timings, statuses }); });
`;

/** The same, replaying one SQL statement with node-postgres (the database floor). */
const FLOOR_WORKER = `
const { Pool } = require(${JSON.stringify(require.resolve('pg'))});
const { workerData, parentPort } = require('node:worker_threads');
const { connectionString, statements, connections, seconds } = workerData;
const pool = new Pool({ connectionString, max: connections });
const timings = [];
let errors = 0;
const deadline = Date.now() + seconds * 1000;
const loop = async () => { while (Date.now() < deadline) { const t0 = process.hrtime.bigint(); try { for (const s of statements) await pool.query(s.sql, s.bindings); timings.push(Number(process.hrtime.bigint() - t0) / 1e6); } catch (e) { errors += 1; if (errors === 1) console.error('[floor] ' + e.message); } } };
Promise.all(Array.from({ length: connections }, loop)).then(async () => { await pool.end(); parentPort.postMessage({ timings, statuses: { error: errors } }); });
`;

const runWorker = (code, workerData) =>
  new Promise((resolve, reject) => {
    const worker = new Worker(code, { eval: true, workerData });
    worker.once('message', resolve);
    worker.once('error', reject);
  });

const loadFigures = ({ timings, statuses }, seconds) => ({
  requests: timings.length,
  rps: Math.round((timings.length / seconds) * 10) / 10,
  ...summary(timings),
  non_2xx: Object.entries(statuses)
    .filter(([status]) => !/^2/.test(status))
    .reduce((sum, [, n]) => sum + n, 0),
});

/** PostgreSQL: were the planner statistics of the tables search reads taken after the load? */
const statisticsState = async (strapi, loadedAt) => {
  if (strapi.db.dialect.client !== 'postgres') return { fresh: true, note: 'SQLite: ANALYZE ran after the load (sqlite_stat1)' };
  const { rows } = await strapi.db.connection.raw(
    `select relname, greatest(last_analyze, last_autoanalyze) as analyzed, n_live_tup, n_mod_since_analyze
       from pg_stat_user_tables where relname in ('venue_search', 'venue_search_blocks', 'booking_slots', 'venue_open_ranges')`
  );
  const tables = rows.map((r) => ({
    table: r.relname,
    analyzed_at: r.analyzed ? new Date(r.analyzed).toISOString() : null,
    live_rows: Number(r.n_live_tup),
    modified_since_analyze: Number(r.n_mod_since_analyze),
  }));
  const fresh = tables.length > 0 && tables.every((t) => t.analyzed_at && Date.parse(t.analyzed_at) >= loadedAt);
  return { fresh, tables };
};

const main = async () => {
  const venues = Number(arg('venues', 2000));
  const bookings = Number(arg('bookings', 200_000));
  const requests = Number(arg('requests', 100));
  const seconds = Number(arg('duration', 10));
  const levels = String(arg('connections', '10,50'))
    .split(',')
    .map(Number)
    .filter((n) => n > 0);
  process.env.RATE_LIMIT = 'off';
  process.env.CRON_ENABLED = 'false';
  const bootStarted = Date.now();
  const { strapi, distDir } = await loadStrapi({ logLevel: 'error' });
  await strapi.server.mount();
  await new Promise((resolve) => strapi.server.httpServer.listen(0, '127.0.0.1', resolve));
  const bootMs = Date.now() - bootStarted;
  const base = `http://127.0.0.1:${strapi.server.httpServer.address().port}/api/v1`;
  const client = strapi.db.dialect.client;
  const db = strapi.db.connection;

  // 1. The dataset: reuse the recorded one when asked and it matches, else generate (and record) a new one.
  const marker = 'bench.dataset';
  const recorded = (await db.schema.hasTable('venue_search_state'))
    ? await db('venue_search_state').where({ key: marker }).first()
    : null;
  const previous = recorded ? JSON.parse(recorded.value) : null;
  let dataset;
  if (flag('reuse') && previous && previous.venues === venues && previous.bookings === bookings) {
    console.log(`[bench] reusing dataset run ${previous.runId}`);
    const verification = await verify(strapi, { venues, bookings, runId: previous.runId });
    const loadFinishedAt = Date.now();
    await db.raw('analyze');
    dataset = {
      loadFinishedAt,
      runId: previous.runId,
      asked: { venues, bookings },
      verification,
      analyzedAt: new Date().toISOString(),
      loadedMs: null,
      reused: true,
    };
  } else {
    dataset = await generate(strapi, { venues, bookings, distDir });
    if (await db.schema.hasTable('venue_search_state')) {
      await db('venue_search_state').where({ key: marker }).delete();
      await db('venue_search_state').insert({ key: marker, value: JSON.stringify({ runId: dataset.runId, venues, bookings }) });
    }
  }
  const statistics = await statisticsState(strapi, dataset.loadFinishedAt);
  console.log(`[bench] planner statistics ${statistics.fresh ? 'fresh (ANALYZE after the load)' : 'NOT fresh'}`);
  // The app's answers on this dataset, checked against the database before anything is measured.
  const checks = [];
  await checkAnswers(strapi, base, { runId: dataset.runId, log: (line) => (console.log(line), checks.push(line)) });

  // 2. Scenarios on the dataset: a window 10 days out at 10:00–12:00 UTC (on the 30-min grid of most zones).
  const firstDay = Math.ceil(Date.now() / DAY) * DAY + DAY;
  const start = new Date(firstDay + 10 * DAY + 10 * HOUR).toISOString();
  const end = new Date(firstDay + 10 * DAY + 12 * HOUR).toISOString();
  // The details/availability/quote venue: a generated Berlin venue open and free for the window (with the
  // largest half-buffer around it), so the quote is a 200 and not a 409 from one of its generated bookings.
  const startMs = Date.parse(start);
  const endMs = Date.parse(end);
  const picked = await db.raw(
    `select v.document_id from ${strapi.db.metadata.get('api::venue.venue').tableName} v
      where v.slug like ? and v.timezone = 'Europe/Berlin'
        and exists (select 1 from venue_open_ranges r where r.venue_document_id = v.document_id and r.start_ms <= ? and r.end_ms >= ?)
        and not exists (select 1 from booking_slots s where s.venue_document_id = v.document_id and s.active
                          and s.guard_start_ms < ? and s.guard_end_ms > ?)
      order by v.id limit 1`,
    [`bench-${dataset.runId}-%`, startMs, endMs, endMs + 900_000, startMs - 900_000]
  );
  const sample = (picked.rows ?? picked)[0];
  if (!sample) throw new Error('no generated Berlin venue is open and free for the benchmark window');
  const venueId = sample.document_id;
  const scenarios = {
    'city+window': `/venues/search?city=Berlin&start=${start}&end=${end}`,
    'radius+distance': `/venues/search?lat=52.52&lng=13.405&radius_km=10&sort=distance`,
    'text+price+amenities': `/venues/search?q=loft&price_min=3000&price_max=20000&amenities=wifi`,
    'window, all cities': `/venues/search?start=${start}&end=${end}&guests=50`,
    city: `/venues/search?city=Berlin`,
    details: `/venues/${venueId}/details`,
    availability: `/venues/${venueId}/availability?from=${start}&to=${new Date(Date.parse(start) + 7 * DAY).toISOString()}`,
    quote: `/venues/${venueId}/quote?start=${start}&end=${end}`,
    health: `/health`,
  };

  const statements = [];
  const listener = (query) => statements.push(query);
  db.on('query', listener);
  const report = {
    at: new Date().toISOString(),
    database: client,
    machine: {
      cpus: os.cpus().length,
      model: os.cpus()[0]?.model,
      loadavg_before: os.loadavg(),
      total_mem_mb: Math.round(os.totalmem() / 2 ** 20),
    },
    boot_ms: bootMs,
    dataset,
    statistics,
    checks,
    settings: { requests, seconds, connections: levels },
    scenarios: {},
  };
  for (const [name, url] of Object.entries(scenarios)) {
    const timings = [];
    const counts = [];
    let hits = null;
    let searchStatements = [];
    for (let i = 0; i < requests; i += 1) {
      statements.length = 0;
      const t0 = process.hrtime.bigint();
      const res = await fetch(`${base}${url}`);
      const body = await res.json();
      timings.push(Number(process.hrtime.bigint() - t0) / 1e6);
      if (res.status !== 200) throw new Error(`${name}: HTTP ${res.status} ${JSON.stringify(body).slice(0, 300)}`);
      counts.push(statements.length);
      hits = body.meta?.pagination?.total ?? hits;
      // The search's own statements (read model `rs`; the pre-read-model query used `v`, a count and a page).
      if (i === 0)
        searchStatements = statements.filter((s) => /\bas "(rs|v)"/.test(s.sql)).map(({ sql, bindings }) => ({ sql, bindings }));
    }
    const figures = { url, hits, sequential: summary(timings), statements_per_request: Math.max(...counts), load: {} };
    for (const connections of levels) {
      figures.load[connections] = loadFigures(
        await runWorker(LOAD_WORKER, { base, paths: [url], connections, seconds }),
        seconds
      );
    }
    if (client === 'postgres' && searchStatements.length > 0) {
      // The plan of each statement as run (kept in the report, for reading where the time goes).
      figures.plans = [];
      for (const statement of searchStatements) {
        const { rows } = await db.raw(`explain (analyze, buffers) ${statement.sql.replace(/\$(\d+)/g, '?')}`, statement.bindings);
        figures.plans.push(rows.map((r) => r['QUERY PLAN']).join('\n'));
      }
      figures.floor = {};
      for (const connections of levels) {
        const floor = loadFigures(
          await runWorker(FLOOR_WORKER, {
            connectionString: process.env.DATABASE_URL,
            statements: searchStatements,
            connections,
            seconds,
          }),
          seconds
        );
        figures.floor[connections] = floor;
        figures.load[connections].app_over_floor = floor.rps
          ? Math.round((figures.load[connections].rps / floor.rps) * 100) / 100
          : null;
      }
    }
    report.scenarios[name] = figures;
    const load = levels
      .map((c) => {
        const l = figures.load[c];
        return `c${c}: ${l.rps} req/s p50 ${l.p50_ms.toFixed(1)} p95 ${l.p95_ms.toFixed(1)} p99 ${l.p99_ms.toFixed(1)}${l.non_2xx ? ` non-2xx ${l.non_2xx}` : ''}${
          figures.floor ? ` floor ${figures.floor[c].rps} req/s (app/floor ${l.app_over_floor})` : ''
        }`;
      })
      .join(' | ');
    console.log(
      `[bench] ${name.padEnd(21)} hits=${String(hits ?? '-').padStart(6)} stmts=${figures.statements_per_request}  seq p50 ${figures.sequential.p50_ms.toFixed(1)} p95 ${figures.sequential.p95_ms.toFixed(1)} p99 ${figures.sequential.p99_ms.toFixed(1)} ms | ${load}`
    );
  }
  db.removeListener('query', listener);
  report.machine.loadavg_after = os.loadavg();
  report.rss_mb = Math.round(process.memoryUsage().rss / 2 ** 20);
  console.log(
    `[bench] machine: ${report.machine.cpus} CPUs, load average before ${report.machine.loadavg_before.map((n) => n.toFixed(2)).join(' ')}, after ${report.machine.loadavg_after
      .map((n) => n.toFixed(2))
      .join(' ')}; app RSS ${report.rss_mb} MB (app and load generator share the process)`
  );
  const dir = path.join(__dirname, 'reports');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `search-${client}-${venues}v-${bookings}b-${Date.now()}.json`);
  fs.writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`[bench] report saved to ${path.relative(process.cwd(), file)}`);
  await strapi.destroy();
};

main().then(
  () => process.exit(0),
  (error) => {
    console.error('[bench] failed:', error);
    process.exit(1);
  }
);
