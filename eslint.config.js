import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import layering from './build/eslint/layering.js';

export default tseslint.config(
  {
    ignores: ['node_modules/', 'dist/', 'out/', 'release/', 'models/', 'tests/fixtures/', 'tests/bench/results/', 'renderer/dist/', 'test-results/', 'playwright-report/'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2023, sourceType: 'module' },
    plugins: { layering },
    rules: {
      'layering/imports': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-require-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        { selector: "MemberExpression[object.name='describe'][property.name='only']", message: 'No .only left in tests.' },
        { selector: "MemberExpression[object.name='it'][property.name='only']", message: 'No .only left in tests.' },
        { selector: "MemberExpression[object.name='test'][property.name='only']", message: 'No .only left in tests.' },
        { selector: "Identifier[name='__dirname']", message: 'ESM only: use import.meta.dirname.' },
      ],
    },
  },
  {
    files: ['electron/engine/**/*.ts', 'electron/main/**/*.ts', 'electron/host/**/*.ts'],
    rules: { 'no-console': 'error' },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
  },
);
