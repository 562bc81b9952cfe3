/** Settings at rest through electron-store (a JSON file in the user-data folder, written atomically). */
import Store from 'electron-store';
import type { SettingsPersistence } from './settings-service';
import type { SettingsData } from './settings-schema';

export function createElectronPersistence(): SettingsPersistence {
  const store = new Store<{ settings?: unknown; unreadable?: unknown }>({
    name: 'settings',
    clearInvalidConfig: false,
  });
  return {
    read: () => store.get('settings'),
    write: (data: SettingsData) => store.set('settings', data),
    backupUnreadable: (reason) => {
      store.set('unreadable', {
        reason,
        at: new Date().toISOString(),
        data: store.get('settings') ?? null,
      });
    },
  };
}
