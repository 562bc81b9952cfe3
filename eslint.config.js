// @ts-check
import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

/** Import fences between the processes and rooms; docs/architecture.md says why each exists. */
const electron = {
  name: 'electron',
  message:
    'Only the thin adapters listed in eslint.config.js (electronAdapters) may import electron.',
};
/** `electron/main`, `electron/common`: the same module by another name. */
const electronSubpaths = { group: ['electron/*'], message: electron.message };
const noRenderer = {
  group: ['**/renderer/**'],
  message: 'main and preload never import the renderer.',
};

/**
 * The files in main/ and preload/ that adapt an Electron API to an interface an Electron-free module
 * owns. A new file that imports electron fails lint until it is added here, on purpose: it should be
 * thin, and the logic behind it tested in plain Node.
 */
const electronAdapters = [
  'main/index.ts',
  'main/attachments/electron-open-path.ts',
  'main/hotkey/global-shortcut-registrar.ts',
  'main/ipc/register.ts',
  'main/mcp/electron-host-process.ts',
  'main/settings/electron-login-item.ts',
  'main/settings/electron-persistence.ts',
  'main/settings/safe-storage-secrets.ts',
  'main/tray/electron-tray.ts',
  'main/windows/app-protocol.ts',
  'main/windows/application-menu.ts',
  'main/windows/chat-window.ts',
  'main/windows/quick-ask-window.ts',
  'main/windows/secure-web-preferences.ts',
  'main/windows/web-guards.ts',
  'preload/index.ts',
];

/** Raw ipcMain, however it is reached: a named import, `electron.ipcMain`, or destructured. */
const ipcMainOutsideIpc = [
  "ImportSpecifier[imported.name='ipcMain']",
  "MemberExpression[property.name='ipcMain']",
  "ObjectPattern > Property[key.name='ipcMain']",
].map((selector) => ({ selector, message: 'Raw ipcMain is used only inside main/ipc/.' }));
const rendererElectron =
  'The renderer is a sandboxed web page: it reaches Electron only through window.runnel.';
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
    // Type-aware: a promise nobody awaits or handles loses its error, and one passed where a plain
    // callback is expected (an event handler) is never awaited at all. Tests too: an unawaited
    // `expect(...).rejects` is a test that cannot fail. It costs about 8 s of a full lint on 2 cores.
    files: ['**/*.{ts,tsx}'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
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
          paths: [{ ...electron, message: rendererElectron }],
          patterns: [
            { ...electronSubpaths, message: rendererElectron },
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
              ...electronSubpaths,
              message: 'main/chat is Electron-free: take what you need as parameters.',
            },
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
        { paths: [electron], patterns: [electronSubpaths, noRenderer] },
      ],
      'no-restricted-syntax': ['error', ...ipcMainOutsideIpc],
    },
  },
  {
    files: electronAdapters,
    rules: { 'no-restricted-imports': ['error', { patterns: [noRenderer] }] },
  },
  {
    // The CLI runs in plain Node, without Electron and without the app's settings file.
    files: ['main/cli.ts', 'main/cli-options.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ ...electron, message: 'The CLI runs in plain Node: no electron.' }],
          patterns: [
            { ...electronSubpaths, message: 'The CLI runs in plain Node: no electron.' },
            noRenderer,
            {
              group: ['./settings', './settings/*', '**/main/settings/**'],
              message:
                "The CLI takes its endpoint from flags and the environment, not the app's settings.",
            },
          ],
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
