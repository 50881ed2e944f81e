import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'web/dist/', 'data/', 'scratch/', 'test-artifacts/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      'no-control-regex': 'off',
    },
  },
  {
    // A module is entered only through its index.ts; platform knows nothing of modules.
    files: ['src/modules/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^\\.\\./[^./][^/]*/(?!index\\.ts$).+', message: 'Import another module only through its index.ts.' },
            { regex: '^\\.\\./\\.\\./(http|cli)/(?!schemas\\.ts$|auth\\.ts$)', message: 'Modules do not depend on the app assembly.' },
          ],
        },
      ],
    },
  },
  {
    // Contracts are shared with the browser bundle: pure constants, no imports of anything (node, zod, the app).
    files: ['src/contracts/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '.*', message: 'src/contracts is dependency-free: it is bundled into the web app as it is.' }] }],
    },
  },
  {
    files: ['src/platform/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '\\.\\./(modules|http|cli)/', message: 'The platform knows nothing of modules or the app.' }] }],
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/platform/config.ts', 'src/testing/**'],
    rules: {
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Read configuration through src/platform/config.ts.' }],
    },
  },
);
