import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// ARCHITECTURE.md, "Layers": imports flow slack/ → workflow/ → freebit/, store/ beside; sandbox/ apart.
const layer = (folder, forbidden) => ({
  files: [`src/${folder}/**/*.ts`],
  rules: {
    'no-restricted-imports': [
      'error',
      { patterns: forbidden.map((group) => ({ group: [group], message: `src/${folder} must not import this (ARCHITECTURE.md)` })) },
    ],
  },
});

export default tseslint.config(
  { ignores: ['node_modules/**', 'data/**', 'coverage/**', 'dist/**', '.ci/cache/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  // The Slack surface reaches the store and Freebit's sandbox only through the workflow (and main.ts wires them).
  layer('slack', ['**/store/**', '**/sandbox/**']),
  layer('freebit', ['**/slack/**', '**/workflow/**', '**/sandbox/**', '**/store/**', '@slack/*']),
  layer('workflow', ['**/slack/**', '@slack/bolt', '**/sandbox/**']),
  layer('store', ['**/slack/**', '**/workflow/**', '**/freebit/**', '**/sandbox/**', '@slack/*']),
  layer('sandbox', ['**/freebit/**', '**/slack/**', '**/workflow/**', '**/store/**', '@slack/*']),
  // The demo runs on tools/ (the Slack double), not on the tests.
  {
    files: ['demo/**/*.ts', 'tools/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/test/**'], message: 'only tests import test/; shared doubles live in tools/' }] },
      ],
    },
  },
);
