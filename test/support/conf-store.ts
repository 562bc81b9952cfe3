/**
 * The settings store for Node tests: conf, the store electron-store extends, on the same file. The app
 * opens electron-store (main/settings/electron-persistence.ts), which imports `electron` and so cannot
 * run here.
 */
import Conf from 'conf';
import type { OpenSettingsStore } from '../../main/settings/settings-file';

export const openConfStore: OpenSettingsStore = (dir, name) =>
  new Conf({ cwd: dir, configName: name, clearInvalidConfig: false });
