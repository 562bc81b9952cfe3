import { describe, expect, it } from 'vitest';
import {
  createSettingsService,
  normaliseBaseURL,
  type SecretBox,
} from '../../../main/settings/settings-service';
import { SETTINGS_VERSION } from '../../../main/settings/settings-schema';
import { memoryPersistence, testSecrets } from '../../web-e2e/main-host';

const KEY = 'sk-live-0123456789abcdef';
let ids = 0;
const service = (secrets: SecretBox = testSecrets, persistence = memoryPersistence()) => ({
  persistence,
  settings: createSettingsService({ persistence, secrets, newId: () => `p${++ids}` }),
});

const draft = {
  name: 'OpenAI',
  baseURL: 'https://api.openai.com/v1/',
  defaultModel: 'gpt-4o',
  headers: {},
};

describe('settings service', () => {
  it('starts from defaults and makes the first provider active', () => {
    const { settings } = service();
    expect(settings.view().providers).toEqual([]);
    const view = settings.saveProvider({ ...draft, apiKey: KEY });
    expect(view.providers).toHaveLength(1);
    expect(view.preferences.activeProviderId).toBe(view.providers[0]?.id);
  });

  it('never shows the key to the renderer, only that one is set', () => {
    const { settings, persistence } = service();
    const view = settings.saveProvider({ ...draft, apiKey: KEY });
    expect(JSON.stringify(view)).not.toContain(KEY);
    expect(view.providers[0]?.hasKey).toBe(true);
    expect(JSON.stringify(persistence.data)).not.toContain(KEY);
    expect(settings.resolve().endpoint.apiKey).toBe(KEY);
  });

  it('forgets the key when the base URL changes, so it is never sent to another host', () => {
    const { settings } = service();
    const id = settings.saveProvider({ ...draft, apiKey: KEY }).providers[0]!.id;
    const moved = settings.saveProvider({ ...draft, id, baseURL: 'https://evil.example/v1' });
    expect(moved.providers[0]?.hasKey).toBe(false);
    expect(settings.resolve(id).endpoint.apiKey).toBeUndefined();
  });

  it('keeps the key across saves that keep the same address (spelled differently)', () => {
    const { settings } = service();
    const id = settings.saveProvider({ ...draft, apiKey: KEY }).providers[0]!.id;
    settings.saveProvider({ ...draft, id, name: 'Renamed', baseURL: 'https://api.openai.com/v1' });
    expect(settings.resolve(id).endpoint.apiKey).toBe(KEY);
  });

  it('refuses to store a key where no encryption is available', () => {
    const none: SecretBox = { ...testSecrets, kind: () => 'unavailable' };
    const { settings } = service(none);
    expect(() => settings.saveProvider({ ...draft, apiKey: KEY })).toThrow(/no way to store/);
    expect(settings.view().keyStorage).toBe('unavailable');
  });

  it('explains a key that can no longer be decrypted', () => {
    const broken: SecretBox = {
      ...testSecrets,
      decrypt: () => {
        throw new Error('keychain changed');
      },
    };
    const { settings } = service(broken);
    settings.saveProvider({ ...draft, apiKey: KEY });
    expect(() => settings.resolve()).toThrow(/Enter it again/);
  });

  it('asks for a provider when none is set up', () => {
    expect(() => service().settings.resolve()).toThrow(/No provider/);
  });

  it('moves the active provider when the active one is deleted', () => {
    const { settings } = service();
    const first = settings.saveProvider(draft).providers[0]!.id;
    const second = settings.saveProvider({ ...draft, name: 'Local' }).providers[1]!.id;
    expect(settings.deleteProvider(first).preferences.activeProviderId).toBe(second);
  });

  it('survives a damaged file: defaults, with the old one kept aside', () => {
    const persistence = memoryPersistence();
    (persistence as { data?: unknown }).data = { version: 1, providers: 'nope' };
    let kept = '';
    persistence.backupUnreadable = (reason) => {
      kept = reason;
    };
    const { settings } = service(testSecrets, persistence);
    expect(settings.view().providers).toEqual([]);
    expect(kept).not.toBe('');
  });

  it('migrates a version 0 file, keeping its providers and preferences', () => {
    const persistence = memoryPersistence();
    (persistence as { data?: unknown }).data = {
      providers: [
        {
          id: 'a',
          name: 'Old',
          baseURL: 'http://localhost:11434/v1',
          defaultModel: 'llama3',
          headers: {},
          key: null,
        },
      ],
      preferences: { theme: 'dark' },
    };
    const { settings } = service(testSecrets, persistence);
    expect(settings.view().providers[0]?.name).toBe('Old');
    expect(settings.view().preferences.theme).toBe('dark');
    expect(settings.view().preferences.maxAttempts).toBe(4);
    expect(persistence.data?.version).toBe(SETTINGS_VERSION);
  });

  it('normalises base URLs', () => {
    expect(normaliseBaseURL(' https://x.example/v1/ ')).toBe('https://x.example/v1');
    expect(normaliseBaseURL('https://x.example/v1?a=1#h')).toBe('https://x.example/v1');
  });
});
