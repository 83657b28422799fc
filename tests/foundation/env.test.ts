import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Secrets: generated and kept for development, a clear startup error in production. */
describe('secrets', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
    jest.resetModules();
  });

  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a fresh copy (after resetModules) that reads this test's env
  const freshEnvModule = () => require('../../src/infra/env') as typeof import('../../src/infra/env');

  it('fails clearly in production when secrets are missing', () => {
    process.env.NODE_ENV = 'production';
    for (const name of ['APP_KEYS', 'JWT_SECRET', 'ADMIN_JWT_SECRET', 'API_TOKEN_SALT', 'TRANSFER_TOKEN_SALT', 'ENCRYPTION_KEY'])
      delete process.env[name];
    process.env.JWT_SECRET = 'set';
    const env = freshEnvModule();
    expect(() => env.secret('APP_KEYS')).toThrow(
      /Missing required secrets in production: APP_KEYS, API_TOKEN_SALT, ADMIN_JWT_SECRET, TRANSFER_TOKEN_SALT, ENCRYPTION_KEY/
    );
    expect(env.secret('JWT_SECRET')).toBe('set');
  });

  it('generates development secrets once and keeps them out of the repo', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tofimotia-env-'));
    process.env.NODE_ENV = 'development';
    process.env.TOFIMOTIA_STATE_DIR = dir;
    delete process.env.JWT_SECRET;
    delete process.env.APP_KEYS;
    const first = freshEnvModule().secret('JWT_SECRET');
    expect(first.length).toBeGreaterThan(20);
    expect(freshEnvModule().secretList('APP_KEYS')).toHaveLength(4);
    jest.resetModules();
    expect(freshEnvModule().secret('JWT_SECRET')).toBe(first);
    const stored = JSON.parse(fs.readFileSync(path.join(dir, 'dev-secrets.json'), 'utf8'));
    expect(stored.JWT_SECRET).toBe(first);
    expect((fs.statSync(path.join(dir, 'dev-secrets.json')).mode & 0o777).toString(8)).toBe('600');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('.gitignore keeps .tmp/ and .env out of git', () => {
    const ignore = fs.readFileSync(path.join(__dirname, '../../.gitignore'), 'utf8').split('\n');
    expect(ignore).toEqual(expect.arrayContaining(['.tmp/', '.env']));
  });
});
