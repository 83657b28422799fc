'use strict';
/**
 * Realtime benchmark: emit → receive latency across two app instances sharing PostgreSQL and Redis.
 *
 * Boots instance A in this process and instance B in a child process (same database, same Redis, the
 * Redis Streams adapter), connects N sockets (default 1,000; users created for the run, half on A,
 * half on B, websocket transport), then publishes domain events on A's event bus and times, in this
 * process's clock, how long each takes to reach its sockets:
 *
 *   user → B     a notification for one user whose socket is on B (crosses Redis)
 *   user → A     a notification for one user whose socket is on A (local delivery, still via the adapter)
 *   venue fan-out  availability:changed to a venue watched by --watchers sockets on both instances
 *                  (latency of every delivery)
 *
 * Prints p50/p95/p99 per scenario with progress, and saves a JSON report to
 * bench/reports/realtime-<timestamp>.json.
 *
 *   DATABASE_URL=postgres://… REDIS_URL=redis://127.0.0.1:6379 node bench/realtime.js
 *   … node bench/realtime.js --sockets 1000 --samples 500 --watchers 200 --fanouts 50 --rate 100
 *
 * Use a throwaway database: the script adds users and one vendor with a venue. Its Redis keys live under
 * a prefix of the run's own (bench:<time>) and are deleted at the end.
 */
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { fork } = require('node:child_process');
const { performance } = require('node:perf_hooks');

const arg = (name, fallback) => {
  const index = process.argv.indexOf(`--${name}`);
  return index > -1 ? Number(process.argv[index + 1]) : fallback;
};
const log = (message) => console.log(`[bench] ${message}`);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const figures = (timings) => {
  const sorted = [...timings].sort((a, b) => a - b);
  const round = (value) => Math.round(value * 100) / 100;
  return {
    samples: sorted.length,
    p50_ms: round(percentile(sorted, 50)),
    p95_ms: round(percentile(sorted, 95)),
    p99_ms: round(percentile(sorted, 99)),
    max_ms: round(sorted[sorted.length - 1]),
    mean_ms: round(sorted.reduce((sum, value) => sum + value, 0) / sorted.length),
  };
};

/** Instance B: the test harness's child entry boots Strapi from dist/ and reports its port over IPC. */
const startChild = (appDir, distDir, env) =>
  new Promise((resolve, reject) => {
    const child = fork(path.join(appDir, 'tests/harness/instance-main.js'), [appDir, distDir], {
      cwd: appDir,
      env,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const timer = setTimeout(() => reject(new Error('instance B did not start within 120 s')), 120_000);
    child.on('message', (message) => {
      if (message && message.type === 'ready') {
        clearTimeout(timer);
        resolve({ child, port: message.port });
      } else if (message && message.type === 'error') {
        clearTimeout(timer);
        reject(new Error(`instance B failed: ${message.message}`));
      }
    });
    child.once('exit', (code) => reject(new Error(`instance B exited with ${code}`)));
  });

const main = async () => {
  const socketCount = arg('sockets', 1000);
  const samples = arg('samples', 500);
  const watchers = Math.min(arg('watchers', 200), socketCount);
  const fanouts = arg('fanouts', 50);
  const rate = arg('rate', 100);
  if (!process.env.DATABASE_URL || !process.env.REDIS_URL) {
    console.error('[bench] needs DATABASE_URL (PostgreSQL) and REDIS_URL: two instances share them');
    process.exit(2);
  }
  process.env.RATE_LIMIT = 'off';
  process.env.CRON_ENABLED = 'false';
  process.env.REDIS_PREFIX = `bench:${Date.now()}`;
  process.env.SERVE_ADMIN_PANEL = 'false';

  const { io } = require('socket.io-client');
  const { loadStrapi, appDir } = require('../scripts/boot');
  log('compiling and booting instance A (in this process)');
  const { strapi, distDir } = await loadStrapi({ logLevel: 'error' });
  await strapi.server.mount();
  await new Promise((resolve) => strapi.server.httpServer.listen(0, '127.0.0.1', resolve));
  const urlA = `http://127.0.0.1:${strapi.server.httpServer.address().port}`;
  log(`instance A on ${urlA}; booting instance B (child process)`);
  const { child, port } = await startChild(appDir, distDir, { ...process.env });
  const urlB = `http://127.0.0.1:${port}`;
  log(`instance B on ${urlB}`);

  const { eventBus } = require(path.join(distDir, 'src/infra/event-bus'));
  const role = await strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: 'authenticated' } });
  const run = crypto.randomBytes(3).toString('hex');
  const bcrypt = require('bcryptjs');
  const password = await bcrypt.hash(crypto.randomBytes(12).toString('hex'), 10);
  const sessions = strapi.sessionManager('users-permissions');

  // The venue the watchers follow (public: approved vendor, approved venue).
  const owner = await strapi.db.query('plugin::users-permissions.user').create({
    data: {
      username: `bench-vendor-${run}`,
      email: `bench-vendor-${run}@example.test`,
      password,
      provider: 'local',
      confirmed: true,
      blocked: false,
      role: role.id,
    },
  });
  const vendor = await strapi.documents('api::vendor-profile.vendor-profile').create({
    data: { user: owner.id, business_name: `Bench ${run}`, verification_status: 'approved' },
  });
  const venue = await strapi.documents('api::venue.venue').create({
    data: {
      name: `Bench hall ${run}`,
      slug: `bench-hall-${run}`,
      vendor: vendor.id,
      status: 'approved',
      timezone: 'Europe/Berlin',
      location: { address: '1 Bench Street', city: 'Berlin', country: 'DE', lat: 52.52, lng: 13.405 },
      capacity: 50,
      price_per_hour: 5000,
      currency: 'EUR',
      min_hours: 1,
      max_hours: 12,
      buffer_minutes: 0,
      notice_hours: 0,
    },
  });

  log(`creating ${socketCount} users and access tokens`);
  const users = [];
  for (let i = 0; i < socketCount; i += 1) {
    const user = await strapi.db.query('plugin::users-permissions.user').create({
      data: {
        username: `bench-${run}-${i}`,
        email: `bench-${run}-${i}@example.test`,
        password,
        provider: 'local',
        confirmed: true,
        blocked: false,
        role: role.id,
      },
    });
    const refresh = await sessions.generateRefreshToken(String(user.id), crypto.randomUUID(), { type: 'refresh' });
    const access = await sessions.generateAccessToken(refresh.token);
    users.push({ id: user.id, token: access.token });
    if ((i + 1) % 200 === 0 || i + 1 === socketCount) log(`users ${i + 1}/${socketCount}`);
  }

  log(`connecting ${socketCount} sockets (even → A, odd → B)`);
  const handlers = new Map(); // user id → (event, payload) => void
  const clients = [];
  const connectOne = (user, index) =>
    new Promise((resolve, reject) => {
      const socket = io(index % 2 === 0 ? urlA : urlB, {
        auth: { token: user.token },
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
      });
      socket.onAny((event, payload) => handlers.get(user.id)?.(event, payload));
      socket.once('connect', () => resolve(socket));
      socket.once('connect_error', (error) => reject(new Error(`socket ${index}: ${error.message}`)));
    });
  const connectStarted = performance.now();
  for (let i = 0; i < users.length; i += 50) {
    const batch = await Promise.all(users.slice(i, i + 50).map((user, j) => connectOne(user, i + j)));
    clients.push(...batch);
    if ((i + 50) % 200 === 0 || i + 50 >= users.length) log(`sockets ${Math.min(i + 50, users.length)}/${socketCount}`);
  }
  const connectSeconds = (performance.now() - connectStarted) / 1000;

  log(`${watchers} sockets subscribe to the venue`);
  await Promise.all(
    clients.slice(0, watchers).map((socket) => socket.timeout(10_000).emitWithAck('venue:subscribe', { venue: venue.documentId }))
  );
  await sleep(500);

  const interval = 1000 / rate;
  const userScenario = async (name, parity) => {
    const targets = users.filter((_, index) => index % 2 === parity);
    const timings = [];
    let lost = 0;
    for (let i = 0; i < samples; i += 1) {
      const target = targets[i % targets.length];
      const id = `${name}-${i}`;
      const received = new Promise((resolve) => {
        const timer = setTimeout(() => resolve(null), 5_000);
        handlers.set(target.id, (event, payload) => {
          if (event === 'notification' && payload.id === id) {
            clearTimeout(timer);
            resolve(performance.now());
          }
        });
      });
      const sentAt = performance.now();
      eventBus.publish('notification.created', {
        user: target.id,
        notification: { id, type: 'bench', title: 'bench', body: null, data: null, created_at: new Date().toISOString() },
      });
      const at = await received;
      handlers.delete(target.id);
      if (at === null) lost += 1;
      else timings.push(at - sentAt);
      const wait = interval - (performance.now() - sentAt);
      if (wait > 0) await sleep(wait);
      if ((i + 1) % 100 === 0 || i + 1 === samples) log(`${name}: ${i + 1}/${samples}`);
    }
    return { ...figures(timings), lost };
  };

  const fanoutScenario = async () => {
    const timings = [];
    const perEvent = [];
    let lost = 0;
    const watching = users.slice(0, watchers);
    for (let i = 0; i < fanouts; i += 1) {
      const from = new Date(Date.UTC(2030, 0, 1, 0, i)).toISOString();
      let pending = watching.length;
      const done = new Promise((resolve) => {
        const timer = setTimeout(() => resolve(false), 10_000);
        for (const user of watching) {
          handlers.set(user.id, (event, payload) => {
            if (event === 'availability:changed' && payload.from === from) {
              timings.push(performance.now() - sentAt);
              pending -= 1;
              if (pending === 0) {
                clearTimeout(timer);
                resolve(true);
              }
            }
          });
        }
      });
      const sentAt = performance.now();
      eventBus.publish('availability.changed', { venue: venue.documentId, from, to: from, reason: 'bench' });
      await done;
      perEvent.push(performance.now() - sentAt);
      lost += pending;
      for (const user of watching) handlers.delete(user.id);
      await sleep(Math.max(interval, 50));
      if ((i + 1) % 10 === 0 || i + 1 === fanouts) log(`venue fan-out: ${i + 1}/${fanouts}`);
    }
    return { ...figures(timings), lost, last_delivery: figures(perEvent) };
  };

  const report = {
    at: new Date().toISOString(),
    database: strapi.db.dialect.client,
    adapter: 'redis-streams',
    sockets: socketCount,
    connect_seconds: Math.round(connectSeconds * 10) / 10,
    samples,
    rate_per_second: rate,
    watchers,
    fanouts,
    scenarios: {},
  };
  report.scenarios['user → B (cross-instance)'] = await userScenario('cross', 1);
  report.scenarios['user → A (same instance)'] = await userScenario('local', 0);
  report.scenarios[`venue fan-out (${watchers} watchers, A+B)`] = await fanoutScenario();

  log(`${socketCount} sockets connected in ${report.connect_seconds} s`);
  for (const [name, f] of Object.entries(report.scenarios)) {
    log(
      `${name.padEnd(36)} n=${String(f.samples).padStart(6)}  p50=${f.p50_ms.toFixed(1)} ms  p95=${f.p95_ms.toFixed(1)} ms  p99=${f.p99_ms.toFixed(1)} ms  lost=${f.lost}`
    );
  }
  const dir = path.join(__dirname, 'reports');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `realtime-${Date.now()}.json`);
  fs.writeFileSync(file, JSON.stringify(report, null, 2));
  log(`report saved to ${path.relative(process.cwd(), file)}`);

  log('closing sockets and instances');
  for (const socket of clients) socket.close();
  child.send({ type: 'stop' });
  await new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve();
    }, 15_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
  const Redis = require('ioredis');
  const redis = new Redis(process.env.REDIS_URL);
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${process.env.REDIS_PREFIX}:*`, 'COUNT', 500);
    if (keys.length) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
  redis.disconnect();
  await strapi.destroy();
};

main().then(
  () => process.exit(0),
  (error) => {
    console.error('[bench] failed:', error);
    process.exit(1);
  }
);
