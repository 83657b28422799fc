import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Where the embedded default keeps its state (SQLite file, generated dev secrets).
 * Tests point it at a temporary directory so every suite starts clean.
 */
export const stateDir = (): string => path.resolve(process.env.TOFIMOTIA_STATE_DIR || path.join(process.cwd(), '.tmp'));

export const isProduction = (): boolean => process.env.NODE_ENV === 'production';

export const STRAPI_SECRET_NAMES = [
  'APP_KEYS',
  'API_TOKEN_SALT',
  'ADMIN_JWT_SECRET',
  'TRANSFER_TOKEN_SALT',
  'JWT_SECRET',
  'ENCRYPTION_KEY',
] as const;

export type SecretName = (typeof STRAPI_SECRET_NAMES)[number];

const randomSecret = (name: SecretName): string => {
  const one = () => crypto.randomBytes(24).toString('base64');
  return name === 'APP_KEYS' ? [one(), one(), one(), one()].join(',') : one();
};

let devSecrets: Record<string, string> | undefined;

/**
 * Development secrets are generated once and kept in `.tmp/dev-secrets.json` (git-ignored),
 * so sessions and admin logins survive restarts without anyone committing a secret.
 */
const loadDevSecrets = (): Record<string, string> => {
  if (devSecrets) return devSecrets;
  const file = path.join(stateDir(), 'dev-secrets.json');
  let stored: Record<string, string> = {};
  if (fs.existsSync(file)) stored = JSON.parse(fs.readFileSync(file, 'utf8'));
  let changed = false;
  for (const name of STRAPI_SECRET_NAMES) {
    if (!stored[name]) {
      stored[name] = randomSecret(name);
      changed = true;
    }
  }
  if (changed) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(stored, null, 2), { mode: 0o600 });
  }
  devSecrets = stored;
  return stored;
};

/** Names of Strapi secrets missing from the environment; in production any of them is fatal. */
export const missingSecrets = (): SecretName[] => STRAPI_SECRET_NAMES.filter((name) => !process.env[name]);

export const secret = (name: SecretName): string => {
  const value = process.env[name];
  if (value) return value;
  if (isProduction()) {
    throw new Error(
      `Missing required secrets in production: ${missingSecrets().join(', ')}. ` +
        'Set them in the environment (see .env.example).'
    );
  }
  return loadDevSecrets()[name];
};

export const secretList = (name: SecretName): string[] =>
  secret(name)
    .split(',')
    .map((s) => s.trim());

export const flag = (name: string, fallback: boolean): boolean => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  return ['1', 'true', 'on', 'yes'].includes(raw.toLowerCase());
};
