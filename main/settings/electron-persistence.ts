/** Settings at rest in Electron's user-data folder: `settings.json`, written by electron-store. */
import { app } from 'electron';
import ElectronStore from 'electron-store';
import { createSettingsFile, type SettingsFile } from './settings-file';
import type { SettingsData } from './settings-schema';

export function createElectronPersistence(): SettingsFile {
  return createSettingsFile({
    dir: app.getPath('userData'),
    // settings-file.ts has already moved a damaged file aside, so conf never meets one.
    openStore: (dir, name) =>
      new ElectronStore<{ settings?: SettingsData }>({ cwd: dir, name, clearInvalidConfig: false }),
  });
}
