/**
 * Numbered migrations of the settings file. Each takes the data of version N-1 and returns version N;
 * `migrateSettings` applies those still due. A file that cannot be read is replaced by defaults, and the
 * caller is told, so it can keep a copy.
 */
import { headersToVersion3 } from './migration-3-sealed-headers';
import type { Seal } from './secret-binding';
import {
  defaultSettings,
  isPlainObject,
  settingsDataSchema,
  SETTINGS_VERSION,
  type SettingsData,
} from './settings-schema';

/** What a migration may need besides the data: sealing secrets that used to be stored in clear. */
export interface MigrationContext {
  seal: Seal;
}

type Migration = (
  data: Record<string, unknown>,
  context: MigrationContext,
) => Record<string, unknown>;

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
  // Version 3 seals header values like the key, moves a user name and password out of a base URL into a
  // sealed Authorization header, and cleans names of control characters.
  2: (data, context) => ({
    ...data,
    providers: Array.isArray(data.providers)
      ? data.providers.map((provider: unknown) => headersToVersion3(provider, context.seal))
      : data.providers,
    version: 3,
  }),
  // Version 4 adds the models starred in the model switcher: none yet.
  3: (data) => ({ ...data, favouriteModels: [], version: 4 }),
};

/**
 * A pre-release file's providers and preferences, where it has them. One of the wrong type means the
 * file is not what it seems: that throws, so the file is kept and the user told, not quietly replaced.
 */
const pickKnown = (data: Record<string, unknown>): Partial<SettingsData> => {
  if (data.providers !== undefined && !Array.isArray(data.providers)) {
    throw new Error('providers is not a list');
  }
  if (data.preferences !== undefined && !isPlainObject(data.preferences)) {
    throw new Error('preferences is not an object');
  }
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

/** Without a way to seal, values that were in clear are dropped (their names stay, to be filled in). */
const noSealing: MigrationContext = { seal: () => null };

export function migrateSettings(
  raw: unknown,
  context: MigrationContext = noSealing,
): MigrationOutcome {
  if (raw === undefined || raw === null)
    return { ok: true, data: defaultSettings(), migratedFrom: null };
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    return { ok: false, data: defaultSettings(), reason: 'it does not hold settings' };
  }
  let data = raw as Record<string, unknown>;
  const from = typeof data.version === 'number' ? data.version : 0;
  if (from > SETTINGS_VERSION) {
    return {
      ok: false,
      data: defaultSettings(),
      reason: `it was written by a newer Runnel (settings version ${from})`,
    };
  }
  for (let version = from; version < SETTINGS_VERSION; version += 1) {
    const step = migrations[version];
    if (!step) {
      return {
        ok: false,
        data: defaultSettings(),
        reason: `it has a settings version Runnel does not know (${from})`,
      };
    }
    try {
      data = step(data, context);
    } catch {
      // A hand-edited file can hold anything where an object was expected.
      return {
        ok: false,
        data: defaultSettings(),
        reason: 'it is not in the shape Runnel expects',
      };
    }
  }
  const parsed = settingsDataSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
    return {
      ok: false,
      data: defaultSettings(),
      reason: `it is not in the shape Runnel expects (${where}${issue?.message ?? 'invalid'})`,
    };
  }
  return { ok: true, data: parsed.data, migratedFrom: from === SETTINGS_VERSION ? null : from };
}
