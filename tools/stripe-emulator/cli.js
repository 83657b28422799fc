#!/usr/bin/env node
'use strict';

/**
 * node tools/stripe-emulator/cli.js --port 12111 [--host 127.0.0.1] [--webhook-url URL --webhook-secret whsec_...]
 *   [--auto-enable-accounts] [--quiet]
 * Logs one JSON line per request to stdout.
 */
const { createEmulator } = require('./emulator');

/** @param {string[]} argv */
function parseArgs(argv) {
  /** @type {Record<string, string|boolean>} */
  const out = {};
  for (let i = 0; i < argv.length; i += 1) {
    const a = argv[i];
    if (!a.startsWith('--')) continue;
    const [k, inline] = a.slice(2).split('=', 2);
    if (inline !== undefined) out[k] = inline;
    else if (argv[i + 1] !== undefined && !argv[i + 1].startsWith('--')) {
      out[k] = argv[i + 1];
      i += 1;
    } else out[k] = true;
  }
  return out;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (args.help) {
    process.stdout.write(
      'usage: node tools/stripe-emulator/cli.js --port 12111 [--host 127.0.0.1] [--webhook-url URL --webhook-secret whsec_...] [--auto-enable-accounts] [--quiet]\n'
    );
    return;
  }
  const port = Number(args.port ?? process.env.STRIPE_EMULATOR_PORT ?? 12111);
  const quiet = Boolean(args.quiet);
  const emulator = await createEmulator({
    port,
    host: typeof args.host === 'string' ? args.host : '127.0.0.1',
    autoEnableAccounts: Boolean(args['auto-enable-accounts']),
    webhook: {
      url: typeof args['webhook-url'] === 'string' ? args['webhook-url'] : (process.env.STRIPE_EMULATOR_WEBHOOK_URL ?? null),
      secret: typeof args['webhook-secret'] === 'string' ? args['webhook-secret'] : (process.env.STRIPE_WEBHOOK_SECRET ?? null),
    },
    log: (entry) => {
      if (!quiet || entry.level === 'error') process.stdout.write(`${JSON.stringify(entry)}\n`);
    },
  });
  process.stdout.write(
    `${JSON.stringify({ ts: new Date().toISOString(), msg: 'stripe emulator listening', url: emulator.url, webhook: emulator.control.webhookConfig().url })}\n`
  );
  const stop = () => {
    void emulator.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err) => {
  process.stderr.write(`${err && err.stack ? err.stack : err}\n`);
  process.exit(1);
});
