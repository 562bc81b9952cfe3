import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chooseDataFolder, type FolderFs } from '../../../../main/lifecycle/data-folder';

const appData = (...folders: string[]): string => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'runnel-data-folder-'));
  for (const folder of folders) {
    mkdirSync(path.join(dir, folder));
    writeFileSync(path.join(dir, folder, 'settings.json'), `{"from":"${folder}"}`);
  }
  return dir;
};

describe('the data folder', () => {
  it('is Runnel on a fresh system', () => {
    const dir = appData();
    expect(chooseDataFolder(dir)).toEqual({ path: path.join(dir, 'Runnel'), note: null });
  });

  it("moves an earlier development run's runnel folder to Runnel", () => {
    const dir = appData('runnel');
    const folder = chooseDataFolder(dir);
    expect(folder.path).toBe(path.join(dir, 'Runnel'));
    expect(folder.note).toMatch(/^Moved the data folder .*runnel to .*Runnel\.$/);
    expect(readdirSync(dir)).toEqual(['Runnel']);
    expect(readdirSync(path.join(dir, 'Runnel'))).toEqual(['settings.json']);
  });

  it('keeps Runnel and leaves runnel alone when both are there', () => {
    const dir = appData('runnel', 'Runnel');
    const folder = chooseDataFolder(dir);
    expect(folder.path).toBe(path.join(dir, 'Runnel'));
    expect(folder.note).toMatch(/left as it is/);
    expect(readdirSync(dir).sort()).toEqual(['Runnel', 'runnel']);
  });

  /** A case-insensitive file system (macOS, Windows): both names are one folder. */
  const caseInsensitive = (existing: string): FolderFs => ({
    exists: (folder) => folder.toLowerCase() === existing.toLowerCase(),
    same: () => true,
    rename: () => {
      throw new Error('nothing should be renamed');
    },
  });

  it('moves nothing and says nothing where runnel and Runnel are one folder', () => {
    expect(chooseDataFolder('/data', caseInsensitive('/data/runnel'))).toEqual({
      path: '/data/Runnel',
      note: null,
    });
  });

  it('uses the earlier folder as it is when it cannot be moved', () => {
    const fs: FolderFs = {
      exists: (folder) => folder === '/data/runnel',
      same: () => false,
      rename: () => {
        throw new Error('EACCES: permission denied');
      },
    };
    const folder = chooseDataFolder('/data', fs);
    expect(folder.path).toBe('/data/runnel');
    expect(folder.note).toContain('EACCES: permission denied');
  });
});
