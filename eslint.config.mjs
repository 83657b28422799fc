// ESLint (flat config): typescript-eslint's recommended rules, plus the type-aware rules that catch
// promises nobody awaits — the bug class that once let work outlive the database at shutdown.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      'build/',
      '.tmp/',
      '.cache/',
      '.strapi/',
      'types/generated/',
      'public/',
      'bench/reports/',
    ],
  },
  {
    files: ['**/*.ts', '**/*.tsx'],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    languageOptions: {
      parserOptions: {
        project: ['./tsconfig.test.json', './src/plugins/*/admin/tsconfig.json'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false, attributes: false } }],
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        // ignoreRestSiblings: `const { id, ...copy } = row` is how a key is left out of a copy.
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
    },
  },
  // Layers (docs/architecture.md): domain ← infra ← api ← plugins. An import against the arrow is an error.
  {
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/infra/**', '**/api/**', '**/plugins/**', '**/bootstrap/**', '@strapi/*'],
              message: 'src/domain is pure: no Strapi, no infra, no api, no plugins.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/infra/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/api/**', '**/plugins/**', '**/bootstrap/**'],
              message: 'src/infra may use src/domain only (layers: domain ← infra ← api ← plugins).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/api/**/*.ts', 'src/extensions/**/*.ts', 'src/middlewares/**/*.ts', 'src/bootstrap/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/plugins/**'],
              message:
                'src/api must not depend on plugins: define a port in the api and let the plugin register into it, or use the event bus.',
            },
          ],
        },
      ],
    },
  },
  // App services are reached through the typed getter (src/api/app-services.ts), never by an untyped uid lookup.
  {
    files: ['src/**/*.ts', 'scripts/**/*.ts'],
    ignores: ['src/api/app-services.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name='service'][arguments.0.type='Literal'][arguments.0.value=/^api::/]",
          message: "Use appService(strapi, 'api::…') from src/api/app-services.ts: it is typed.",
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs', '**/*.mjs'],
    extends: [js.configs.recommended],
    languageOptions: {
      sourceType: 'commonjs',
      globals: {
        require: 'readonly',
        module: 'writable',
        process: 'readonly',
        console: 'readonly',
        __dirname: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        URL: 'readonly',
        exports: 'writable',
        setImmediate: 'readonly',
        fetch: 'readonly',
        AbortController: 'readonly',
        TextEncoder: 'readonly',
        TextDecoder: 'readonly',
        structuredClone: 'readonly',
        performance: 'readonly',
        queueMicrotask: 'readonly',
        URLSearchParams: 'readonly',
      },
    },
    rules: { 'no-unused-vars': ['error', { argsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }] },
  },
  {
    files: ['**/*.mjs'],
    languageOptions: { sourceType: 'module' },
  }
);
