import { dirname, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const webSrc = resolve(dirname(fileURLToPath(import.meta.url)), 'web/src');

/** Where a web/src file lives: 'shared', 'i18n', 'modules/<name>', 'routes', 'app', or 'server' for ../src. */
function webZone(file) {
  const parts = relative(webSrc, file).split(sep);
  if (parts[0] === '..') return parts[1] === 'src' || parts[2] === 'src' ? 'server' : 'outside';
  if (parts[0] === 'modules') return `modules/${parts[1]}`;
  return parts.length === 1 ? 'root' : parts[0];
}

/**
 * The doors of the web app, lowest layer first: i18n ← shared ← modules ← routes (pages) ← app. Outside its
 * own folder, shared is entered only through shared/index.ts and a module only through its index.ts; the
 * server is reached only through src/contracts (from shared/contracts.ts) and, type-only, a module's door.
 */
const webDoors = {
  meta: { type: 'problem', schema: [] },
  create(context) {
    const file = context.filename;
    const from = webZone(file);
    const check = (node, source, isTypeOnly) => {
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const target = resolve(dirname(file), source);
      const to = webZone(target);
      const inside = relative(webSrc, target);
      const report = (message) => context.report({ node, message });
      if (to === from) return;
      if (to === 'server') {
        if (from === 'shared' && inside.startsWith(`..${sep}..${sep}src${sep}contracts${sep}`)) return;
        if (isTypeOnly && /^\.\.[\\/]\.\.[\\/]src[\\/]modules[\\/][^\\/]+[\\/]index\.ts$/.test(inside)) return;
        return report('The web app reaches the server only through src/contracts (via shared/contracts.ts) and `import type` from a module\'s index.ts.');
      }
      if (to.startsWith('modules/') && inside !== `${to.replace('/', sep)}${sep}index.ts`) return report(`Import ${to} only through its index.ts.`);
      if (to === 'shared' && inside !== `shared${sep}index.ts`) return report('Import the shared helpers through shared/index.ts.');
      if (to === 'i18n' && from !== 'shared') return report('i18n is reached through shared/index.ts.');
      const layer = { i18n: 0, shared: 1, modules: 2, routes: 3, app: 4, root: 5 };
      const rank = (zone) => layer[zone.split('/')[0]];
      if (rank(to) !== undefined && rank(from) !== undefined && rank(to) > rank(from)) report(`${from} must not depend on ${to} (layers: i18n ← shared ← modules ← routes ← app).`);
    };
    const isTypeDeclaration = (node) => node.importKind === 'type' || node.exportKind === 'type' || (node.specifiers?.length > 0 && node.specifiers.every((s) => s.importKind === 'type' || s.exportKind === 'type'));
    return {
      ImportDeclaration: (node) => check(node, node.source.value, isTypeDeclaration(node)),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value, isTypeDeclaration(node)),
      ExportAllDeclaration: (node) => check(node, node.source.value, node.exportKind === 'type'),
      ImportExpression: (node) => check(node, node.source.type === 'Literal' ? node.source.value : undefined, false),
    };
  },
};

export default tseslint.config(
  { ignores: ['node_modules/', 'web/dist/', 'widget/dist/', 'data/', 'scratch/', 'test-artifacts/', 'coverage/'] },
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
            { regex: '^\\.\\./\\.\\./(http|cli)/', message: 'Modules do not depend on the app assembly.' },
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
    files: ['web/src/**/*.{ts,tsx}'],
    ignores: ['web/src/**/*.test.ts'],
    plugins: { kefu: { rules: { 'web-doors': webDoors } } },
    rules: { 'kefu/web-doors': 'error' },
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
