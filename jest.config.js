'use strict';

/** Every test file boots its own Strapi on its own fresh database (see tests/harness). */
module.exports = {
  testEnvironment: 'node',
  rootDir: __dirname,
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  globalSetup: '<rootDir>/tests/harness/global-setup.ts',
  globalTeardown: '<rootDir>/tests/harness/global-teardown.ts',
  // Boots (beforeAll) take 10-20 s alone and over a minute on a loaded 2-core machine.
  testTimeout: 120_000,
  maxWorkers: process.env.JEST_MAX_WORKERS || 2,
  // Strapi keeps a few handles (pools, timers) briefly after destroy(); don't let them hold the run open.
  forceExit: true,
};
