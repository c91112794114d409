import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import pluginVue from 'eslint-plugin-vue';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';

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
