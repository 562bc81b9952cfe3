/**
 * The import fences between processes live in eslint.config.js; this lints code that breaks each
 * fence and expects the error, so a fence cannot silently fall.
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

const rulesBroken = async (filePath: string, code: string): Promise<string[]> => {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((message) => `${message.ruleId}: ${message.message}`);
};

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

  it.each([
    ['main/chat/fence-probe.ts', "import { x } from './types';\nexport const y = x;\n"],
    ['main/ipc/fence-probe.ts', "import { ipcMain } from 'electron';\nexport const y = ipcMain;\n"],
    [
      'renderer/src/fence-probe.ts',
      "import { z } from '../../preload/contract';\nexport const y = z;\n",
    ],
  ])('%s may: %s', async (filePath, code) => {
    const broken = await rulesBroken(filePath, code);
    expect(broken.filter((rule) => /no-restricted-(imports|syntax)/.test(rule))).toEqual([]);
  });
});
