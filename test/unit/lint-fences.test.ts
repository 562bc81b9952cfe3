/**
 * The import fences between processes live in eslint.config.js; this lints code that breaks each
 * fence and expects the error, so a fence cannot silently fall.
 */
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

// The fences are import and syntax rules: linted without types, probes may sit at made-up paths
// that no tsconfig includes. Everything else comes from the real config.
const fences = new ESLint({
  cwd: process.cwd(),
  overrideConfig: { files: ['**/*.ts'], ...tseslint.configs.disableTypeChecked },
});
// The type-aware rules need a file of the project; the probe's text stands in for its own.
const typed = new ESLint({ cwd: process.cwd() });

const lint = async (eslint: ESLint, filePath: string, code: string): Promise<string[]> => {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((message) => `${message.ruleId}: ${message.message}`);
};
const rulesBroken = (filePath: string, code: string) => lint(fences, filePath, code);

describe('process fences', () => {
  it.each([
    ['main/chat/fence-probe.ts', "import { net } from 'electron';\nexport const n = net;\n"],
    [
      'main/chat/fence-probe.ts',
      "import { x } from '../settings/settings-service';\nexport const y = x;\n",
    ],
    [
      'main/chat/fence-probe.ts',
      "import { x } from '../../renderer/src/App';\nexport const y = x;\n",
    ],
    [
      'renderer/src/fence-probe.ts',
      "import { ipcRenderer } from 'electron';\nexport const y = ipcRenderer;\n",
    ],
    ['renderer/src/fence-probe.ts', "import fs from 'node:fs';\nexport const y = fs;\n"],
    [
      'renderer/src/fence-probe.ts',
      "import { x } from '../../main/chat/engine';\nexport const y = x;\n",
    ],
    [
      'main/settings/fence-probe.ts',
      "import { x } from '../../renderer/src/App';\nexport const y = x;\n",
    ],
    ['preload/fence-probe.ts', "import { x } from '../renderer/src/App';\nexport const y = x;\n"],
    [
      'main/windows/fence-probe.ts',
      "import { ipcMain } from 'electron';\nexport const y = ipcMain;\n",
    ],
  ])('%s may not: %s', async (filePath, code) => {
    const broken = await rulesBroken(filePath, code);
    expect(broken.some((rule) => /no-restricted-(imports|syntax)/.test(rule))).toBe(true);
  });

  // Each fence by the words it says, so a probe caught by some other fence does not pass for it.
  it.each([
    [
      'main/cli.ts',
      "import { app } from 'electron';\nexport const y = app;\n",
      'The CLI runs in plain Node: no electron.',
    ],
    [
      'main/cli-options.ts',
      "import { app } from 'electron/main';\nexport const y = app;\n",
      'The CLI runs in plain Node: no electron.',
    ],
    [
      'main/cli.ts',
      "import { x } from './settings/settings-service';\nexport const y = x;\n",
      "not the app's settings",
    ],
    [
      'main/cli-options.ts',
      "import { x } from './settings';\nexport const y = x;\n",
      "not the app's settings",
    ],
    [
      'main/streams/fence-probe.ts',
      "import { net } from 'electron';\nexport const n = net;\n",
      'Only the thin adapters listed in eslint.config.js',
    ],
    [
      'main/settings/fence-probe.ts',
      "import type { App } from 'electron';\nexport type A = App;\n",
      'Only the thin adapters listed in eslint.config.js',
    ],
    [
      'preload/fence-probe.ts',
      "import { ipcRenderer } from 'electron/renderer';\nexport const y = ipcRenderer;\n",
      'Only the thin adapters listed in eslint.config.js',
    ],
    [
      'main/chat/fence-probe.ts',
      "import { net } from 'electron/main';\nexport const n = net;\n",
      'main/chat is Electron-free',
    ],
    [
      'renderer/src/fence-probe.ts',
      "import { ipcRenderer } from 'electron/renderer';\nexport const y = ipcRenderer;\n",
      'reaches Electron only through window.runnel',
    ],
    [
      'main/windows/chat-window.ts',
      "import * as electron from 'electron';\nelectron.ipcMain.handle('x', () => 1);\n",
      'Raw ipcMain is used only inside main/ipc/.',
    ],
    [
      'main/windows/chat-window.ts',
      "import electron from 'electron';\nconst { ipcMain } = electron;\nexport const y = ipcMain;\n",
      'Raw ipcMain is used only inside main/ipc/.',
    ],
  ])('%s may not: %s', async (filePath, code, said) => {
    const broken = await rulesBroken(filePath, code);
    expect(broken.filter((rule) => rule.includes(said))).not.toEqual([]);
  });

  it.each([
    ['main/chat/fence-probe.ts', "import { x } from './types';\nexport const y = x;\n"],
    ['main/cli.ts', "import { x } from './chat/engine';\nexport const y = x;\n"],
    ['main/tray/electron-tray.ts', "import { Tray } from 'electron';\nexport const y = Tray;\n"],
    [
      'preload/index.ts',
      "import { ipcRenderer } from 'electron';\nexport const y = ipcRenderer;\n",
    ],
    ['main/ipc/register.ts', "import { ipcMain } from 'electron';\nexport const y = ipcMain;\n"],
    [
      'renderer/src/fence-probe.ts',
      "import { z } from '../../preload/contract';\nexport const y = z;\n",
    ],
  ])('%s may: %s', async (filePath, code) => {
    const broken = await rulesBroken(filePath, code);
    expect(broken.filter((rule) => /no-restricted-(imports|syntax)/.test(rule))).toEqual([]);
  });
});

describe('type-aware rules', () => {
  it.each([
    ['main/streams/shown-gate.ts'],
    ['preload/bridge.ts'],
    ['renderer/src/store/ids.ts'],
    ['test/unit/import-cycles.test.ts'],
  ])(
    '%s may not leave a promise unhandled, nor pass one where nothing awaits it',
    async (filePath) => {
      const broken = await lint(
        typed,
        filePath,
        'const later = async () => 1;\nlater();\nexport const each = [1].forEach(async () => later());\n',
      );
      expect(broken.filter((message) => message.includes('no-floating-promises'))).toHaveLength(1);
      expect(broken.filter((message) => message.includes('no-misused-promises'))).toHaveLength(1);
    },
    // The first probe builds the TypeScript program the rules read; that takes seconds on 2 cores.
    60_000,
  );
});
