// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', 'dist/', 'web/dist/', 'test-results/', 'bin/', '.tmp/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // The web app reaches the server only through web/src/api/client.ts (CONVENTIONS 20).
    files: ['web/src/**/*.{ts,tsx}'],
    ignores: ['web/src/api/client.ts', 'web/src/**/*.test.ts'],
    rules: {
      'no-restricted-globals': [
        'error',
        {
          name: 'fetch',
          message: 'Call the API through a feature api.ts (api/client.ts#request).',
        },
        { name: 'XMLHttpRequest', message: 'Call the API through a feature api.ts.' },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'window', property: 'fetch', message: 'Call the API through a feature api.ts.' },
      ],
    },
  },
  {
    // Components read and change server data through their feature's hooks.ts, which own
    // the query keys and the invalidations (CONVENTIONS 20); types may come from api.ts.
    files: ['web/src/**/*.tsx'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/api.ts'],
              allowTypeImports: true,
              message: 'Components use the feature hooks (hooks.ts), not api.ts.',
            },
          ],
        },
      ],
    },
  },
  {
    // The domain is pure: rules and types only, no I/O and no framework.
    files: ['server/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                'fastify',
                '@fastify/*',
                'kysely',
                'pg',
                'better-sqlite3',
                'pino',
                'prom-client',
              ],
              message: 'The domain imports nothing with I/O or a framework (CONVENTIONS 1).',
            },
            {
              group: ['node:*', 'fs', 'path', 'http', 'net', 'child_process', 'crypto'],
              message: 'The domain has no I/O: inject it through a port (CONVENTIONS 1, 3).',
            },
            {
              group: ['**/storage/**', '**/http/**', '**/services/**', '**/jobs/**', '**/cli/**'],
              message: 'Dependencies point inward: the domain never imports outer layers.',
            },
          ],
        },
      ],
    },
  },
);
