// Lint for the whole repository (npm run lint; npm test runs it first). typescript-eslint's
// type-aware recommended rules for src/, ESLint's recommended rules for the JavaScript in test/,
// scripts/ and bench/, and eslint-config-prettier last so that layout is Prettier's job alone.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

const NODE_PARTS = ['operations', 'events', 'admin', 'sidebar'];

/** The imports a folder of src/nodes may not make: another part (for shared/: any part), or the editor. */
function nodePart(part) {
  const others = NODE_PARTS.filter((p) => p !== part);
  const message =
    part === 'shared'
      ? 'src/nodes/shared imports its own files, src/stripe and src/rules, no part of src/nodes'
      : `src/nodes/${part} imports its own files, ../shared, src/stripe and src/rules, not another part of src/nodes`;
  return [
    { regex: `^\\.\\./(${others.join('|')})(/|$)`, message },
    { regex: '^\\.\\./\\.\\./editor(/|$)', message: 'src/nodes runs in Node-RED, not the browser: no src/editor' },
  ];
}

/**
 * The parts of src/stripe and the parts each may import (besides its own files and src/rules):
 * common/ (texts, errors, aborts) is the floor; requests/ builds requests from the catalogue; http/
 * sends them (client, retries, rate limit, pages); events/ receives Stripe's events; hold/ keeps
 * messages on disk; fleet/ shares budget, claims and leases through Redis. index.ts, at the top,
 * exports them all.
 */
const STRIPE_ROOMS = {
  common: [],
  requests: ['common'],
  http: ['common', 'requests'],
  events: ['common', 'requests', 'http'],
  hold: ['common'],
  fleet: ['common', 'http', 'events'],
};

/** What no file of src/stripe may import: Node-RED, the adapters, the editor. */
const STRIPE_OUTSIDE = [
  { regex: '^(node-red|@node-red/.*)$', message: 'src/stripe imports nothing of Node-RED' },
  { regex: '^(\\.\\./)+(nodes|editor)(/|$)', message: 'src/stripe imports neither src/nodes nor src/editor' },
];

/** The imports a part of src/stripe may not make: a part that is not below it. */
function stripeRoom(room, below) {
  const others = Object.keys(STRIPE_ROOMS).filter((r) => r !== room && !below.includes(r));
  const allowed = below.length ? below.join(', ') : 'no other part';
  return [
    ...STRIPE_OUTSIDE,
    {
      regex: `^\\.\\./(${others.join('|')})(/|$)`,
      message: `src/stripe/${room} imports its own files, src/rules and ${allowed} of src/stripe`,
    },
  ];
}

/**
 * The rooms of src/editor and the rooms each may import (besides its own files and src/rules):
 * shared/ (i18n, the DOM helpers, the dropdown, the types) is the floor; catalogue/ holds the
 * catalogue, its search and the operation picker; fields/ the parameter sections, their rows and
 * what fills a value; dialogs/ the nodes' dialogs; sidebar/ the Stripe sidebar. index.ts, at the
 * top, is the bundle's entry and may import any room.
 */
const EDITOR_ROOMS = {
  shared: [],
  catalogue: ['shared'],
  fields: ['shared', 'catalogue'],
  dialogs: ['shared', 'catalogue', 'fields'],
  sidebar: ['shared'],
};

/** What no file of src/editor may import: it runs in the browser, so neither src/stripe nor src/nodes. */
const EDITOR_OUTSIDE = [
  {
    regex: '^(\\.\\./)+(stripe|nodes)(/|$)',
    message: 'src/editor runs in the browser: it imports src/rules, never src/stripe or src/nodes',
  },
  {
    regex: '^(node-red|@node-red/(?!editor-client$).*)$',
    message: 'src/editor imports nothing of Node-RED but its editor types (RED is a global)',
  },
];

/** The imports a room of src/editor may not make: a room that is not below it. */
function editorRoom(room, below) {
  const others = Object.keys(EDITOR_ROOMS).filter((r) => r !== room && !below.includes(r));
  const allowed = below.length ? below.join(', ') : 'no other room';
  return [
    ...EDITOR_OUTSIDE,
    {
      regex: `^\\.\\./(${others.join('|')})(/|$)`,
      message: `src/editor/${room} imports its own files, src/rules and ${allowed} of src/editor`,
    },
  ];
}

export default tseslint.config(
  {
    ignores: ['dist/**', 'resources/**', 'node_modules/**', '.test-installs/**', 'spec/**', 'examples/**'],
  },
  js.configs.recommended,
  {
    files: ['src/**/*.ts'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    // The rules are bundled into the browser editor as well: nothing from Node.js, Node-RED or the
    // rest of src/ may come in, only the rules' own files.
    files: ['src/rules/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^(?!\\./)', message: 'src/rules imports only its own files (./...)' }] },
      ],
    },
  },
  {
    // src/nodes has a folder per part: operations/ (subscriber and publisher), events/ (webhook and
    // poller), admin/ (the editor's routes) and shared/ (what they all use). A part imports its own
    // files, shared/, src/stripe and src/rules, never another part; shared/ imports no part. The five
    // node files at the top of src/nodes wire the parts together and may import any of them.
    files: ['src/nodes/operations/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: nodePart('operations') }] },
  },
  {
    files: ['src/nodes/events/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: nodePart('events') }] },
  },
  {
    files: ['src/nodes/admin/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: nodePart('admin') }] },
  },
  {
    // sidebar/: the Stripe sidebar's recorder, its throttled comms publisher and its admin routes.
    files: ['src/nodes/sidebar/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: nodePart('sidebar') }] },
  },
  {
    files: ['src/nodes/shared/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: nodePart('shared') }] },
  },
  // The Stripe core knows nothing of Node-RED, the node adapters or the editor, and has a folder per
  // part, each importing only the parts below it (STRIPE_ROOMS) and src/rules.
  ...Object.entries(STRIPE_ROOMS).map(([room, below]) => ({
    files: [`src/stripe/${room}/**/*.ts`],
    rules: { 'no-restricted-imports': ['error', { patterns: stripeRoom(room, below) }] },
  })),
  {
    files: ['src/stripe/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: STRIPE_OUTSIDE }] },
  },
  // The editor runs in the browser: src/rules, never src/stripe or src/nodes; a folder per room, each
  // importing only the rooms below it (EDITOR_ROOMS). index.ts at the top wires them together.
  ...Object.entries(EDITOR_ROOMS).map(([room, below]) => ({
    files: [`src/editor/${room}/**/*.ts`],
    rules: { 'no-restricted-imports': ['error', { patterns: editorRoom(room, below) }] },
  })),
  {
    files: ['src/editor/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: EDITOR_OUTSIDE }] },
  },
  {
    files: ['**/*.js'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { ...globals.node },
    },
    rules: {
      'no-unused-vars': ['error', { argsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    files: ['test/**/*.js'],
    languageOptions: { globals: { ...globals.mocha } },
  },
  {
    // Browser tests pass functions to page.evaluate: they run in the editor's page.
    files: ['test/e2e/**/*.js', 'test/helpers/editor-page.js'],
    languageOptions: { globals: { ...globals.browser, RED: 'readonly', $: 'readonly', NRStripeEditor: 'readonly' } },
  },
  prettier,
);
