// Lint for the TypeScript sources. The marketplace rules (complexity <= 7, no floating promise,
// no async without await) apply to server and front-end code; only server/src/platform/fdk-platform.ts
// may touch the FDK globals.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const FDK_GLOBALS = ['$request', '$db', '$schedule', 'renderData', 'generateTargetUrl'].map((name) => ({
  name,
  message: 'Only server/src/platform/fdk-platform.ts touches the FDK globals; receive Deps instead.',
}));

export default tseslint.config(
  { ignores: ['node_modules/', 'server/server.js', 'app/scripts/', 'config/assets/', 'dist/', 'coverage/', '**/*.generated.js', '.local/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/require-await': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['server/src/**/*.ts', 'ui/**/*.ts'],
    rules: {
      complexity: ['error', 7],
      'no-restricted-globals': ['error', ...FDK_GLOBALS, { name: 'setTimeout', message: 'Not available in FDK serverless code.' }, { name: 'setInterval', message: 'Not available in FDK serverless code.' }],
    },
  },
  {
    files: ['server/src/platform/fdk-platform.ts'],
    rules: { 'no-restricted-globals': 'off' },
  },
  {
    files: ['ui/**/*.ts'],
    rules: { 'no-restricted-globals': ['error', ...FDK_GLOBALS] },
  },
  {
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-unused-expressions': 'off' },
  },
);
