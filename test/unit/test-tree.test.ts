/**
 * The unit tests mirror the source tree, so a newcomer finds the test of `main/hotkey/x.ts` at
 * `test/unit/main/hotkey/x.test.ts` (and of `renderer/src/y/z.ts` at `test/unit/renderer/y/z.test.ts`).
 * Files directly in test/unit check the repository as a whole (docs, lint fences, lockfile, packaging).
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const unitRoot = path.join(root, 'test/unit');

function foldersUnder(dir: string): string[] {
  return readdirSync(dir)
    .map((name) => path.join(dir, name))
    .filter((entry) => statSync(entry).isDirectory())
    .flatMap((entry) => [entry, ...foldersUnder(entry)]);
}

/** The source folder a test folder mirrors: renderer/x → renderer/src/x, anything else as is. */
function sourceFolderOf(testFolder: string): string {
  const relative = path.relative(unitRoot, testFolder);
  return relative === 'renderer' || relative.startsWith(`renderer${path.sep}`)
    ? path.join(root, 'renderer/src', relative.slice('renderer'.length))
    : path.join(root, relative);
}

describe('test/unit mirrors the source tree', () => {
  it('has no folder without a source folder of the same path', () => {
    const strays = foldersUnder(unitRoot).filter((folder) => {
      const source = sourceFolderOf(folder);
      try {
        return !statSync(source).isDirectory();
      } catch {
        return true;
      }
    });
    expect(strays.map((folder) => path.relative(root, folder))).toEqual([]);
  });
});
