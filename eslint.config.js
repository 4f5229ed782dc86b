// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', 'dist/', 'web/dist/', 'test-results/', 'bin/'] },
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
