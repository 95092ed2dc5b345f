// Lint: the recommended JS and typescript-eslint rules, plus the house rules that catch real bugs.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', 'data/**', '**/dist/**', '**/*.min.js', 'server/src/login-ui/static/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['error', 'warn'] }],
      eqeqeq: ['error', 'always'],
    },
  },
  {
    files: ['**/cli.ts', 'bench/**', '**/main.ts', 'sbi-bridge/simulator/main.ts'],
    rules: { 'no-console': 'off' },
  },
);
