'use strict';
/**
 * Child-process entry of tests/harness/instance.ts: boots a second Strapi from the compiled dist/
 * (no TypeScript compile here, Jest's globalSetup already did it) against whatever database the
 * environment names, serves HTTP on 127.0.0.1 on a free port and reports that port to the parent
 * over IPC ({ type: 'ready', port }). It shuts down (strapi.destroy) on { type: 'stop' }, SIGTERM,
 * SIGINT, or when the parent goes away (IPC disconnect), so a crashed test run leaves nothing behind.
 *
 * argv: <appDir> <distDir>
 */
const [appDir, distDir] = process.argv.slice(2);

const send = (message) => {
  if (process.send && process.connected) process.send(message);
};

let strapi = null;
let ready = false;
let stopping = null;

const shutdown = (code) => {
  if (stopping) return stopping;
  stopping = (async () => {
    // Mid-boot there is nothing consistent to destroy; just go.
    if (strapi && ready) {
      try {
        await strapi.destroy();
      } catch (error) {
        process.stderr.write(`[instance ${process.pid}] destroy failed: ${(error && error.stack) || error}\n`);
        code = code || 1;
      }
    }
    process.exit(code);
  })();
  return stopping;
};

process.on('message', (message) => {
  if (message && message.type === 'stop') shutdown(0);
});
process.on('disconnect', () => shutdown(0));
process.on('SIGTERM', () => shutdown(0));
process.on('SIGINT', () => shutdown(0));

const boot = async () => {
  if (!appDir || !distDir) throw new Error('usage: instance-main.js <appDir> <distDir>');
  const { createStrapi } = require('@strapi/strapi');
  // The browser suites need the built admin panel (dist/build) served; other suites only the API.
  const serveAdminPanel = process.env.TOFIMOTIA_INSTANCE_SERVE_ADMIN === 'true';
  strapi = createStrapi({ appDir, distDir, autoReload: false, serveAdminPanel });
  strapi.log.level = process.env.TOFIMOTIA_INSTANCE_LOG_LEVEL || 'error';
  await strapi.load();
  strapi.log.level = process.env.TOFIMOTIA_INSTANCE_LOG_LEVEL || 'error';
  await strapi.server.mount();
  const server = strapi.server.httpServer;
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('instance did not bind a TCP port');
  ready = true;
  send({ type: 'ready', port: address.port, pid: process.pid });
  // Also on stdout, for a parent that runs this without IPC.
  process.stdout.write(`TOFIMOTIA_INSTANCE_PORT=${address.port}\n`);
};

boot().catch((error) => {
  process.stderr.write(`[instance ${process.pid}] boot failed: ${(error && error.stack) || error}\n`);
  send({ type: 'error', message: String((error && error.message) || error) });
  process.exit(1);
});
