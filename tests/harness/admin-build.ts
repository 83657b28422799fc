import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { appDir, distDir, TEST_ENV } from './test-env';

/**
 * The production build of the admin panel (dist/build) that the browser tests run against. `strapi build` takes
 * a minute or two here, so it is skipped when a build of the same admin sources already exists: the stamp file
 * holds a hash of everything the bundle is made from (plugins' admin code, admin and plugin config, lockfile).
 */
const STAMP = path.join(distDir, 'build', '.tofimotia-admin-sources');

const walk = (dir: string): string[] =>
  fs.existsSync(dir)
    ? fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
        const full = path.join(dir, entry.name);
        return entry.isDirectory() ? walk(full) : [full];
      })
    : [];

const adminSources = () => {
  const pluginsDir = path.join(appDir, 'src', 'plugins');
  const plugins = fs.existsSync(pluginsDir) ? fs.readdirSync(pluginsDir) : [];
  return [
    ...plugins.flatMap((name) => [...walk(path.join(pluginsDir, name, 'admin')), path.join(pluginsDir, name, 'package.json')]),
    // Shared modules the admin code imports from the server side (permissions, contracts).
    ...plugins.flatMap((name) =>
      walk(path.join(pluginsDir, name, 'server', 'src')).filter((f) => /contracts|permissions/.test(f))
    ),
    ...walk(path.join(appDir, 'src', 'admin')),
    path.join(appDir, 'config', 'admin.ts'),
    path.join(appDir, 'config', 'plugins.ts'),
    path.join(appDir, 'package-lock.json'),
  ]
    .filter((file) => fs.existsSync(file))
    .sort();
};

const sourcesHash = () => {
  const hash = crypto.createHash('sha256');
  for (const file of adminSources()) hash.update(path.relative(appDir, file)).update('\0').update(fs.readFileSync(file));
  return hash.digest('hex');
};

export const adminBuildIsFresh = () => fs.existsSync(STAMP) && fs.readFileSync(STAMP, 'utf8') === sourcesHash();

/** Builds the admin panel (production mode) unless a build of the same sources exists. Returns whether it built. */
export const ensureAdminBuild = (): boolean => {
  if (adminBuildIsFresh()) return false;
  const started = Date.now();
  const strapiBin = path.join(path.dirname(require.resolve('@strapi/strapi/package.json')), 'bin', 'strapi.js');
  const result = spawnSync(process.execPath, [strapiBin, 'build'], {
    cwd: appDir,
    env: { ...process.env, ...TEST_ENV, NODE_ENV: 'production' },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) {
    throw new Error(`strapi build failed (${result.status}):\n${(result.stdout + result.stderr).slice(-8000)}`);
  }
  fs.writeFileSync(STAMP, sourcesHash());
  console.log(`[tests] built the admin panel in ${Date.now() - started} ms`);
  return true;
};
