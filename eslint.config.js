import path from 'node:path';
import { fileURLToPath } from 'node:url';
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

/**
 * Inside src/slack, bottom-up: a folder (or a file at the top of src/slack) may import only from
 * a row below its own, never from its own row's others nor from above (ARCHITECTURE.md, "Slack
 * surface"). Files of one folder import each other freely. This list is the one statement of
 * that order; a new folder or top-level file must be given its row.
 */
export const SLACK_LAYERS = [
  ['i18n'], // the catalog: every sentence, in each language
  // Block Kit, its ids, limits, payload shapes and the shared form fields; the small helpers beside it
  ['kit', 'errors.ts', 'people.ts', 'commandReading.ts', 'budget.ts', 'channels.ts', 'apiErrors.ts', 'inFlight.ts', 'httpServer.ts'],
  ['deps.ts'], // what the Slack layer is given: the workflow's desk, the line reader, people
  ['changeForms'], // each operation's Slack side: subcommand, modal, form reader, summary
  ['requestForms', 'lineCard', 'approvals', 'help.ts', 'commandText.ts'],
  ['home'],
  ['interactions', 'flows'], // what several listeners share: reading and answering a click or a form, and the flows they run
  ['listeners'], // only registered handlers, one per file; each folder's index.ts registers
  ['index.ts'],
  ['boltApp.ts'],
];

const slackRoot = path.join(path.dirname(fileURLToPath(import.meta.url)), 'src', 'slack');
const unitOf = (file) => {
  const relative = path.relative(slackRoot, file);
  return relative.startsWith('..') || path.isAbsolute(relative) ? undefined : relative.split(path.sep)[0].replace(/\.js$/, '.ts');
};
const rowOf = (unit) => SLACK_LAYERS.findIndex((row) => row.includes(unit));

const slackLayers = {
  meta: {
    type: 'problem',
    schema: [],
    messages: {
      upward: '{{from}} may not import {{to}}: src/slack imports only flow down SLACK_LAYERS (eslint.config.js)',
      unplaced: '{{unit}} has no row in SLACK_LAYERS (eslint.config.js)',
    },
  },
  create(context) {
    const from = unitOf(context.filename);
    if (from === undefined) return {};
    const check = (node) => {
      const source = node.source;
      if (!source || source.type !== 'Literal' || typeof source.value !== 'string' || !source.value.startsWith('.')) return;
      const to = unitOf(path.resolve(path.dirname(context.filename), source.value));
      if (to === undefined || to === from) return;
      for (const unit of [from, to]) if (rowOf(unit) < 0) return context.report({ node: source, messageId: 'unplaced', data: { unit } });
      if (rowOf(to) >= rowOf(from)) context.report({ node: source, messageId: 'upward', data: { from, to } });
    };
    return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check, ImportExpression: check };
  },
};

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
  { files: ['src/slack/**/*.ts'], plugins: { slack: { rules: { layers: slackLayers } } }, rules: { 'slack/layers': 'error' } },
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
