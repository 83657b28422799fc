'use strict';

const http = require('node:http');

/**
 * A local webhook receiver for tests: records every POST (raw body + headers) and answers with
 * `respondWith` (200 by default; set e.g. 500 to simulate an outage).
 * @param {{ host?: string }} [options]
 */
async function startWebhookReceiver(options = {}) {
  const host = options.host ?? '127.0.0.1';
  /** @type {{ rawBody: string, headers: http.IncomingHttpHeaders, event: any, status: number, at: number }[]} */
  const received = [];
  /** @type {Set<() => void>} */
  const listeners = new Set();
  const receiver = {
    /** @type {number | ((index: number) => number)} status to answer, or a function of the 0-based request index */
    respondWith: /** @type {number | ((index: number) => number)} */ (200),
    received,
    url: '',
    /** Wait until `predicate(received)` holds. @param {(r: typeof received) => boolean} predicate @param {number} [timeoutMs] */
    waitFor(predicate, timeoutMs = 5000) {
      if (predicate(received)) return Promise.resolve(received);
      return new Promise((resolve, reject) => {
        const check = () => {
          if (!predicate(received)) return;
          clearTimeout(timer);
          listeners.delete(check);
          resolve(received);
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(
            new Error(
              `webhook receiver: condition not met within ${timeoutMs} ms (received ${received.map((r) => r.event?.type).join(', ') || 'nothing'})`
            )
          );
        }, timeoutMs);
        listeners.add(check);
      });
    },
    /** @param {string} type */
    ofType: (type) => received.filter((r) => r.event?.type === type),
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve(undefined));
        server.closeAllConnections();
      }),
  };
  const server = http.createServer((req, res) => {
    /** @type {Buffer[]} */
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      let event = null;
      try {
        event = JSON.parse(rawBody);
      } catch {
        /* keep raw */
      }
      const status = typeof receiver.respondWith === 'function' ? receiver.respondWith(received.length) : receiver.respondWith;
      received.push({ rawBody, headers: req.headers, event, status, at: Date.now() });
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ received: status < 300 }));
      for (const l of [...listeners]) l();
    });
  });
  await new Promise((resolve) => server.listen(0, host, () => resolve(undefined)));
  const addr = /** @type {import('node:net').AddressInfo} */ (server.address());
  receiver.url = `http://${host}:${addr.port}/webhooks/stripe`;
  return receiver;
}

module.exports = { startWebhookReceiver };
