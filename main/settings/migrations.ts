/**
 * Numbered migrations of the settings file. Each takes the data of version N-1 and returns version N;
 * `migrateSettings` applies those still due. A file that cannot be read is replaced by defaults, and the
 * caller is told, so it can keep a copy.
 */
import {
  defaultSettings,
  settingsDataSchema,
  SETTINGS_VERSION,
  type SettingsData,
} from './settings-schema';

type Migration = (data: Record<string, unknown>) => Record<string, unknown>;

/** migrations[n] turns version n into version n + 1. Version 0 is "no file yet" or a pre-release file. */
const migrations: Record<number, Migration> = {
  0: (data) => ({ ...defaultSettings(), ...pickKnown(data), version: 1 }),
  // Version 2 adds quick ask: the hotkey, and three preferences, each starting at its default.
  1: (data) => {
    const defaults = defaultSettings();
    const preferences = typeof data.preferences === 'object' ? data.preferences : {};
    return {
      ...data,
      preferences: {
        ...preferences,
        quickAskContext: defaults.preferences.quickAskContext,
        closeToTray: defaults.preferences.closeToTray,
        startAtLogin: defaults.preferences.startAtLogin,
      },
      hotkey: defaults.hotkey,
      version: 2,
    };
  },
};

const pickKnown = (data: Record<string, unknown>): Partial<SettingsData> => {
  const known: Partial<SettingsData> = {};
  if (Array.isArray(data.providers)) known.providers = data.providers as SettingsData['providers'];
  if (typeof data.preferences === 'object' && data.preferences !== null) {
    known.preferences = { ...defaultSettings().preferences, ...(data.preferences as object) };
  }
  return known;
};

export type MigrationOutcome =
  | { ok: true; data: SettingsData; migratedFrom: number | null }
  | { ok: false; data: SettingsData; reason: string };

export function migrateSettings(raw: unknown): MigrationOutcome {
  if (raw === undefined || raw === null)
    return { ok: true, data: defaultSettings(), migratedFrom: null };
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    return { ok: false, data: defaultSettings(), reason: 'the settings file is not an object' };
  }
  let data = raw as Record<string, unknown>;
  const from = typeof data.version === 'number' ? data.version : 0;
  if (from > SETTINGS_VERSION) {
    return {
      ok: false,
      data: defaultSettings(),
      reason: `the settings file is from a newer Runnel (version ${from})`,
    };
  }
  for (let version = from; version < SETTINGS_VERSION; version += 1) {
    const step = migrations[version];
    if (!step)
      return { ok: false, data: defaultSettings(), reason: `no migration from version ${version}` };
    data = step(data);
  }
  const parsed = settingsDataSchema.safeParse(data);
  if (!parsed.success) {
    return {
      ok: false,
      data: defaultSettings(),
      reason: parsed.error.issues[0]?.message ?? 'invalid',
    };
  }
  return { ok: true, data: parsed.data, migratedFrom: from === SETTINGS_VERSION ? null : from };
}
