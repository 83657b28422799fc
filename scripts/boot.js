'use strict';
/** Compiles the TypeScript app and loads a Strapi instance without serving HTTP (for one-off scripts). */
const path = require('node:path');

process.env.STRAPI_TELEMETRY_DISABLED = 'true';

const appDir = path.resolve(__dirname, '..');

const loadStrapi = async ({ logLevel = 'warn' } = {}) => {
  const { compileStrapi, createStrapi } = require('@strapi/strapi');
  const { distDir } = await compileStrapi({ appDir, ignoreDiagnostics: false });
  const strapi = createStrapi({ appDir, distDir, autoReload: false, serveAdminPanel: false });
  strapi.log.level = logLevel;
  await strapi.load();
  return { strapi, distDir };
};

module.exports = { appDir, loadStrapi };
