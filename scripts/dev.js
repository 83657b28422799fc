'use strict';
/**
 * npm run dev — the embedded default (SQLite under .tmp/, local uploads, in-process everything) with the
 * admin panel and demo data seeded on first start. Any DATABASE_URL / REDIS_URL / S3_* in the
 * environment still apply.
 */
const { spawn } = require('node:child_process');
const path = require('node:path');

const strapiBin = path.join(path.dirname(require.resolve('@strapi/strapi/package.json')), 'bin', 'strapi.js');
const child = spawn(process.execPath, [strapiBin, 'develop', ...process.argv.slice(2)], {
  cwd: path.resolve(__dirname, '..'),
  stdio: 'inherit',
  env: { ...process.env, STRAPI_TELEMETRY_DISABLED: 'true', TOFIMOTIA_SEED_ON_START: 'true' },
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
