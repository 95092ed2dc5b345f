// Lint: the recommended JS and typescript-eslint rules, the house rules that catch real bugs, and
// the architecture's import table between the parts (lint/part-boundaries.js).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import partBoundaries from './lint/part-boundaries.js';

export default tseslint.config(
  { ignores: ['node_modules/**', 'data/**', '**/dist/**', '**/*.min.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { signet: { rules: { 'part-boundaries': partBoundaries } } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['error', 'warn'] }],
      eqeqeq: ['error', 'always'],
      'signet/part-boundaries': 'error',
    },
  },
  {
    files: ['**/cli.ts', 'bench/**', '**/main.ts', 'sbi-bridge/simulator/main.ts'],
    rules: { 'no-console': 'off' },
  },
);
