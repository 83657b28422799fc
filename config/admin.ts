import type { Core } from '@strapi/strapi';
import { secret } from '../src/infra/env';

export default ({ env }: Core.Config.Shared.ConfigParams): Core.Config.Admin => ({
  auth: { secret: secret('ADMIN_JWT_SECRET') },
  apiToken: { salt: secret('API_TOKEN_SALT') },
  transfer: { token: { salt: secret('TRANSFER_TOKEN_SALT') } },
  secrets: { encryptionKey: secret('ENCRYPTION_KEY') },
  flags: { nps: false, promoteEE: false },
  serveAdminPanel: env.bool('SERVE_ADMIN_PANEL', true),
  // `npm run dev` restarts on source changes only, not when tests, benchmarks or tools change.
  watchIgnoreFiles: ['**/tests/**', '**/bench/**', '**/tools/**', '**/scripts/**', '**/.tmp/**', '**/coverage/**'],
});
