import { describe, expect, it } from 'vitest';
import { migrateSettings } from '../../../../main/settings/migrations';
import { createSettingsService } from '../../../../main/settings/settings-service';
import { DEFAULT_HOTKEY, SETTINGS_VERSION } from '../../../../main/settings/settings-schema';
import { memoryPersistence, testSecrets } from '../../../support/main-host';

/** A settings file as Runnel 0.1 (settings version 1) wrote it. */
const version1 = {
  version: 1,
  providers: [
    {
      id: 'p',
      name: 'Local',
      baseURL: 'http://localhost:11434/v1',
      defaultModel: 'llama3',
      headers: {},
      key: null,
    },
  ],
  preferences: {
    activeProviderId: 'p',
    systemPrompt: 'Be brief.',
    temperature: 0.3,
    streaming: true,
    maxAttempts: 3,
    idleTimeoutSec: 60,
    theme: 'dark',
  },
  windowState: { width: 900, height: 700, maximized: false },
};

describe('settings migration 1 → 2 (quick ask)', () => {
  it('keeps everything and adds the hotkey and the quick-ask preferences at their defaults', () => {
    const outcome = migrateSettings(structuredClone(version1));
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.migratedFrom).toBe(1);
    // Migrations after 2 apply too (3 turns the headers record into sealed rows).
    expect(outcome.data).toEqual({
      ...version1,
      providers: [{ ...version1.providers[0], headers: [] }],
      version: SETTINGS_VERSION,
      preferences: {
        ...version1.preferences,
        quickAskContext: 'none',
        closeToTray: false,
        startAtLogin: false,
      },
      hotkey: DEFAULT_HOTKEY,
      favouriteModels: [],
    });
  });

  it('is written back once', () => {
    const persistence = memoryPersistence();
    (persistence as { data?: unknown }).data = structuredClone(version1);
    const settings = createSettingsService({ persistence, secrets: testSecrets, newId: () => 'n' });
    expect(persistence.data?.version).toBe(SETTINGS_VERSION);
    expect(settings.hotkey()).toBe(DEFAULT_HOTKEY);
    settings.saveHotkey('Alt+Shift+Q');
    expect(persistence.data?.hotkey).toBe('Alt+Shift+Q');
  });
});

describe('settings migration 0 → 1 (pre-release files)', () => {
  it('keeps a pre-release file whose providers or preferences are of the wrong type, and says so', () => {
    for (const raw of [{ providers: 7 }, { providers: {} }, { preferences: 'dark' }]) {
      const outcome = migrateSettings(raw);
      expect(outcome.ok).toBe(false);
      if (!outcome.ok) expect(outcome.reason).toMatch(/not in the shape Runnel expects/);
    }
  });

  it('takes the providers and preferences of a pre-release file that has them', () => {
    const outcome = migrateSettings({ providers: [], preferences: { theme: 'dark' } });
    expect(outcome.ok).toBe(true);
    if (outcome.ok) expect(outcome.data.preferences.theme).toBe('dark');
  });
});

describe('settings migration 3 → 4 (favourite models)', () => {
  it('keeps everything and starts with no favourites', () => {
    const version3 = {
      ...structuredClone(version1),
      version: 3,
      providers: [{ ...version1.providers[0], headers: [] }],
      preferences: {
        ...version1.preferences,
        quickAskContext: 'none',
        closeToTray: false,
        startAtLogin: false,
      },
      hotkey: DEFAULT_HOTKEY,
    };
    const outcome = migrateSettings(structuredClone(version3));
    expect(outcome).toEqual({
      ok: true,
      migratedFrom: 3,
      data: { ...version3, version: 4, favouriteModels: [] },
    });
  });

  it('refuses favourites that are not a list, keeping the file aside', () => {
    const outcome = migrateSettings({
      ...migrateSettings(undefined).data,
      favouriteModels: 'o3',
    });
    expect(outcome).toMatchObject({
      ok: false,
      reason: expect.stringContaining('favouriteModels'),
    });
  });
});
