/** Settings at rest in Electron's user-data folder (`settings.json`, as electron-store kept it). */
import { app } from 'electron';
import { createSettingsFile, type SettingsFile } from './settings-file';

export function createElectronPersistence(): SettingsFile {
  return createSettingsFile({ dir: app.getPath('userData') });
}
