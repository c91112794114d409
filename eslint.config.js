import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import pluginVue from 'eslint-plugin-vue';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';

// Files with types: TypeScript, and the script blocks of .vue and .svelte files, whose parsers
// (vue-eslint-parser, svelte-eslint-parser) hand TypeScript a virtual file through the same
// project service. Plain JS has no tsconfig to answer for it and keeps the untyped rules.
const TS = ['**/*.{ts,tsx,mts,cts}'];
const SFC = ['**/*.vue', '**/*.svelte'];
// Shipped code: no `any` and nothing that lets an `any` spread. Tests and tools may be looser.
const SRC = ['packages/*/src/**/*.{ts,tsx}'];

// Each file gets the program of the nearest tsconfig.json, as in the editor.
const typed = {
  parserOptions: {
    projectService: true,
    tsconfigRootDir: import.meta.dirname,
    extraFileExtensions: ['.vue', '.svelte'],
  },
};
// typescript-eslint's recommendedTypeChecked, as rules only: `recommended` below already brings
// the parser and core-rule settings, and the framework parsers stay in charge of .vue and .svelte.
const typeCheckedRules = Object.fromEntries(
  tseslint.configs.recommendedTypeCheckedOnly
    .flatMap((config) => Object.entries(config.rules ?? {}))
    .filter(([name]) => name.startsWith('@typescript-eslint/')),
);
const extraTypedRules = {
  '@typescript-eslint/no-floating-promises': 'error',
  '@typescript-eslint/switch-exhaustiveness-check': [
    'error',
    { considerDefaultExhaustiveForUnions: true },
  ],
};

export default defineConfig([
  globalIgnores([
    '**/dist/**',
    '**/node_modules/**',
    '**/.turbo/**',
    '**/.svelte-kit/**',
    '**/.next/**',
    '**/.pack/**',
  ]),
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    files: [...TS, ...SFC],
    languageOptions: typed,
    rules: { ...typeCheckedRules, ...extraTypedRules },
  },
  {
    files: SRC,
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    // Tests poke at internals, parse wire payloads and build mocks (`expect(host.halt)` reads a
    // method without calling it; a fake `async` loader needs no await): `any`, the unsafe-* family
    // and those two rules are off there. Promise and exhaustiveness rules still apply.
    files: ['**/tests/**', '**/*.test.{ts,tsx}', '**/*.test-d.ts', 'e2e/**', 'bench/**'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // Type-checked inside a consumer project against the packed tarball (see
    // tests/consumer.test.ts), so no tsconfig here knows them.
    files: ['packages/milana-js/tests/consumer-fixtures/**'],
    extends: [tseslint.configs.disableTypeChecked],
  },
  {
    files: [
      'packages/react/**/*.{ts,tsx}',
      'packages/testing/src/react.tsx',
      'packages/testing/tests/react*.tsx',
      'examples/react-*/**/*.{ts,tsx}',
      'examples/nextjs/**/*.{ts,tsx}',
    ],
    ...reactHooks.configs.flat.recommended,
  },
  ...pluginVue.configs['flat/essential'].map((c) => ({ ...c, files: ['**/*.vue'] })),
  { files: ['**/*.vue'], languageOptions: { parserOptions: { parser: tseslint.parser } } },
  ...svelte.configs.recommended,
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: {
      parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] },
    },
  },
]);
