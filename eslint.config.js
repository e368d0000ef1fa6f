import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Host SDKs may only be imported by the host adapters and entry points: src/core stays host-free.
const hostOnlyPackages = {
  patterns: [
    {
      group: ['@actions/*', 'azure-pipelines-task-lib', 'azure-pipelines-task-lib/*'],
      message:
        'Only src/hosts/** and src/entrypoints/** may import a CI host SDK; core code talks to the Host interface.',
    },
  ],
};

export default tseslint.config(
  { ignores: ['dist/**', 'tasks/*/dist/**', 'build/**', 'node_modules/**', 'coverage/**', '.vsix/**', 'bench/out/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', hostOnlyPackages],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    files: ['src/hosts/**/*.ts', 'src/entrypoints/**/*.ts', '__tests__/hosts/**/*.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
);
