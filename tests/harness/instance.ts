import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import supertest from 'supertest';
import { appDir, distDir, TEST_ENV } from './test-env';

/**
 * A second Strapi in a child process (node, booted from the compiled dist/ by instance-main.js),
 * for tests that need two app instances on one database: concurrency across instances, restarts.
 * Pass the test file's own database, e.g.
 *   databaseUrl(process.env.TOFIMOTIA_TEST_PG_BASE_URL!, app.database.name)
 * The child gets TEST_ENV (same JWT secret: tokens issued by the in-process app work there too).
 */
export interface TestInstance {
  baseUrl: string;
  pid: number;
  http: () => ReturnType<typeof supertest>;
  api: (pathname: string) => string;
  /** The last lines the child wrote to stdout and stderr (for failure messages). */
  output: () => string;
  /** Asks the child to destroy Strapi and exit; SIGKILL if it does not within `graceMs`. Idempotent. */
  stop: (graceMs?: number) => Promise<void>;
}

export interface StartInstanceOptions {
  databaseUrl: string;
  /** Extra environment for the child (undefined removes a variable). */
  env?: Record<string, string | undefined>;
  /** How long the child may take to report its port (default 60 s). */
  bootTimeoutMs?: number;
}

const MAIN = path.join(__dirname, 'instance-main.js');
const OUTPUT_LIMIT = 16_000;

/** Children still running, killed when this (Jest worker) process exits however it exits. */
const live = new Set<ChildProcess>();
let exitHookInstalled = false;
const installExitHook = () => {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const child of live) {
      try {
        child.kill('SIGKILL');
      } catch {
        // already gone
      }
    }
  });
};

export const startInstance = async (options: StartInstanceOptions): Promise<TestInstance> => {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries({ ...process.env, ...TEST_ENV, DATABASE_URL: options.databaseUrl, ...options.env })) {
    if (value !== undefined) env[key] = value;
  }

  installExitHook();
  const child = fork(MAIN, [appDir, distDir], {
    cwd: appDir,
    env,
    execArgv: [],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  live.add(child);

  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    if (output.length > OUTPUT_LIMIT) output = output.slice(-OUTPUT_LIMIT);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);

  let exited = child.exitCode !== null || child.signalCode !== null;
  const exitedPromise = new Promise<void>((resolve) => {
    child.once('exit', () => {
      exited = true;
      live.delete(child);
      resolve();
    });
  });

  const timeoutMs = options.bootTimeoutMs ?? 60_000;
  let port: number;
  try {
    port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`child instance (pid ${child.pid}) did not report its port within ${timeoutMs} ms; output:\n${output}`));
      }, timeoutMs);
      child.on('message', (message: { type?: string; port?: number; message?: string }) => {
        if (message?.type === 'ready' && typeof message.port === 'number') {
          clearTimeout(timer);
          resolve(message.port);
        } else if (message?.type === 'error') {
          clearTimeout(timer);
          // Give the child a moment to flush its stack trace to stderr.
          setTimeout(() => reject(new Error(`child instance failed to boot: ${message.message}; output:\n${output}`)), 100);
        }
      });
      child.once('error', (error) => {
        clearTimeout(timer);
        reject(new Error(`could not start child instance: ${error.message}; output:\n${output}`));
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`child instance exited during boot (code ${code}, signal ${signal}); output:\n${output}`));
      });
    });
  } catch (error) {
    if (!exited) child.kill('SIGKILL');
    await Promise.race([exitedPromise, new Promise((resolve) => setTimeout(resolve, 5_000))]);
    throw error;
  }

  const baseUrl = `http://127.0.0.1:${port}`;
  let stopping: Promise<void> | undefined;
  const stop = (graceMs = 15_000) => {
    stopping ??= (async () => {
      if (exited) return;
      if (child.connected) child.send({ type: 'stop' });
      else child.kill('SIGTERM');
      const timer = setTimeout(() => {
        if (!exited) child.kill('SIGKILL');
      }, graceMs);
      await exitedPromise;
      clearTimeout(timer);
    })();
    return stopping;
  };

  return {
    baseUrl,
    pid: child.pid as number,
    http: () => supertest(baseUrl),
    api: (pathname) => `/api/v1${pathname}`,
    output: () => output,
    stop,
  };
};
