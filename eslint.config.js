// @ts-check
import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

/** Import fences between the processes; see ../shared/STYLE.md "Layers you can see". */
const electron = {
  name: 'electron',
  message: 'Only thin adapters in main/ and preload/ may import electron.',
};
const nodeBuiltins = {
  group: ['node:*'],
  message: 'The renderer runs in a sandboxed web page: no Node APIs.',
};

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'out/',
      'dist/',
      'dist-cli/',
      'release/',
      'test-results/',
      'playwright-report/',
      'test/fixtures/lint/',
      '**/*.local.*',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          paths: [electron],
          patterns: [
            nodeBuiltins,
            {
              group: ['**/main/**', '../main/*', '../../main/*'],
              message: 'The renderer reaches main only through window.runnel.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['main/chat/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              ...electron,
              message: 'main/chat is Electron-free: take what you need as parameters.',
            },
          ],
          patterns: [
            {
              group: ['../*', '!../chat', '**/renderer/**', '**/preload/**'],
              message:
                'main/chat stands alone: it may not import the other main/ rooms, preload or renderer.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['main/**/*.ts', 'preload/**/*.ts'],
    ignores: ['main/chat/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/renderer/**'], message: 'main and preload never import the renderer.' },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "ImportSpecifier[imported.name='ipcMain']",
          message: 'Raw ipcMain is used only inside main/ipc/.',
        },
      ],
    },
  },
  {
    files: ['main/ipc/**/*.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      // Tests assert shapes right after checking them; `!` there reads better than another guard.
      '@typescript-eslint/no-non-null-assertion': 'off',
      // Playwright fixtures must destructure their (empty) dependencies to declare none.
      'no-empty-pattern': 'off',
    },
  },
);
