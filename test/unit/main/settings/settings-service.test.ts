import { describe, expect, it } from 'vitest';
import {
  createSettingsService,
  normaliseBaseURL,
  type SecretBox,
} from '../../../../main/settings/settings-service';
import { SETTINGS_VERSION } from '../../../../main/settings/settings-schema';
import { memoryPersistence, testSecrets } from '../../../support/main-host';

const KEY = 'sk-live-0123456789abcdef';
let ids = 0;
const service = (secrets: SecretBox = testSecrets, persistence = memoryPersistence()) => {
  const lines: string[] = [];
  const log = (line: string) => lines.push(line);
  return {
    persistence,
    lines,
    settings: createSettingsService({ persistence, secrets, newId: () => `p${++ids}`, log }),
  };
};

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

  it("keeps a provider's image size, shows it to the renderer, and drops it when saved without", () => {
    const { settings, persistence } = service();
    const imageSize = { longSide: 1024, shortSide: 512 };
    const view = settings.saveProvider({ ...draft, imageSize });
    const id = view.providers[0]!.id;
    expect(view.providers[0]?.imageSize).toEqual(imageSize);
    expect(JSON.stringify(persistence.data)).toContain('"longSide":1024');
    expect(settings.saveProvider({ ...draft, id }).providers[0]?.imageSize).toBeUndefined();
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
      return null;
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

describe('header values are secrets (issue 22 item 2)', () => {
  const withHeaders = {
    ...draft,
    headers: { 'api-key': 'gw-secret-value-1', 'X-Title': 'Runnel' },
    apiKey: KEY,
  };

  it('seals header values: the view has names and hasValue, the store no clear value', () => {
    const { settings, persistence } = service();
    const view = settings.saveProvider(withHeaders);
    expect(view.providers[0]?.headers).toEqual([
      { name: 'api-key', hasValue: true },
      { name: 'X-Title', hasValue: true },
    ]);
    expect(JSON.stringify(view)).not.toContain('gw-secret-value-1');
    expect(JSON.stringify(persistence.data)).not.toContain('gw-secret-value-1');
    expect(JSON.stringify(persistence.data)).not.toContain('"Runnel"');
    expect(settings.resolve().endpoint.headers).toEqual({
      'api-key': 'gw-secret-value-1',
      'X-Title': 'Runnel',
    });
  });

  it('forgets header values when the address changes, as the key is; names stay to refill', () => {
    const { settings } = service();
    const id = settings.saveProvider(withHeaders).providers[0]!.id;
    const moved = settings.saveProvider({
      ...draft,
      id,
      baseURL: 'https://evil.example/v1',
      headers: {},
      keepHeaders: ['api-key', 'X-Title'],
    });
    expect(moved.providers[0]?.headers).toEqual([
      { name: 'api-key', hasValue: false },
      { name: 'X-Title', hasValue: false },
    ]);
    expect(settings.resolve(id).endpoint.headers).toEqual({});
    expect(settings.resolve(id).endpoint.apiKey).toBeUndefined();
  });

  it('keeps, replaces and removes header values without the renderer ever holding them', () => {
    const { settings } = service();
    const id = settings.saveProvider(withHeaders).providers[0]!.id;
    // Same address spelled differently: kept values stay usable.
    settings.saveProvider({
      ...draft,
      id,
      baseURL: 'https://api.openai.com/v1',
      headers: { 'X-Title': 'Renamed app' },
      keepHeaders: ['api-key'],
    });
    expect(settings.resolve(id).endpoint.headers).toEqual({
      'api-key': 'gw-secret-value-1',
      'X-Title': 'Renamed app',
    });
    const removed = settings.saveProvider({ ...draft, id, headers: {}, keepHeaders: ['X-Title'] });
    expect(removed.providers[0]?.headers).toEqual([{ name: 'X-Title', hasValue: true }]);
    expect(settings.resolve(id).endpoint.headers).toEqual({ 'X-Title': 'Renamed app' });
  });

  it('refuses header values where nothing can seal them, saving nothing', () => {
    const none: SecretBox = { ...testSecrets, kind: () => 'unavailable' };
    const { settings, persistence } = service(none);
    expect(() => settings.saveProvider({ ...draft, headers: { 'api-key': 'v' } })).toThrow(
      /no way to store header values safely/,
    );
    expect(settings.view().providers).toEqual([]);
    expect(persistence.data).toBeUndefined();
  });

  it('explains a header value that can no longer be decrypted', () => {
    const { settings, persistence } = service();
    settings.saveProvider({ ...draft, headers: { 'api-key': 'gw-secret-value-1' } });
    const failing: SecretBox = {
      ...testSecrets,
      decrypt: () => {
        throw new Error('keychain changed');
      },
    };
    const reopened = createSettingsService({ persistence, secrets: failing, newId: () => 'x' });
    expect(() => reopened.resolve()).toThrow(/api-key header for OpenAI can no longer be read/);
  });
});

describe('credentials in a base URL (issue 22 item 3)', () => {
  it('refuses user:password@ in a base URL with a way forward, and stores nothing', () => {
    const { settings, persistence } = service();
    let caught: unknown;
    try {
      settings.saveProvider({ ...draft, baseURL: 'http://alice:s3cret@gw.example/v1' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({ code: 'invalid_setting' });
    expect((caught as Error).message).toMatch(/user name or password.*Authorization header/s);
    expect((caught as Error).message).not.toContain('s3cret');
    expect(persistence.data).toBeUndefined();
  });
});

describe('a failing disk (issue 22 item 14)', () => {
  const failingAfter = (writes: number, code = 'ENOSPC') => {
    const persistence = memoryPersistence();
    const write = persistence.write;
    let left = writes;
    persistence.write = (data) => {
      if (left-- <= 0) throw Object.assign(new Error(`${code}: no space left`), { code });
      write(data);
    };
    return persistence;
  };

  it('keeps memory and disk as they were and says why, with a typed error', () => {
    const { settings, persistence } = service(testSecrets, failingAfter(1));
    settings.saveProvider(draft);
    const before = JSON.stringify(settings.view());
    let caught: unknown;
    try {
      settings.updatePreferences({ theme: 'dark' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({ code: 'write_failed' });
    expect((caught as Error).message).toMatch(/disk is full.*Nothing was changed/);
    expect(JSON.stringify(settings.view())).toBe(before);
    expect(settings.preferences().theme).toBe('system');
    expect(persistence.data?.preferences.theme).toBe('system');
    expect(() => settings.saveProvider({ ...draft, name: 'Other' })).toThrow(/could not save/);
    expect(settings.view().providers).toHaveLength(1);
    expect(() => settings.saveHotkey('Alt+K')).toThrow(/works now, but Runnel could not save it/);
    expect(settings.hotkey()).not.toBe('Alt+K');
  });

  it('never throws from a window move or resize, and logs a failing disk once', () => {
    const { settings, lines } = service(testSecrets, failingAfter(0, 'EROFS'));
    for (let width = 800; width < 900; width += 10) {
      expect(() =>
        settings.saveWindowState({ width, height: 600, maximized: false }),
      ).not.toThrow();
    }
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/Window size not saved.*read-only/);
    expect(settings.windowState()).toBeNull();
  });
});

describe('opening settings never throws (issue 22 item 11)', () => {
  it('starts with defaults when reading, keeping aside and writing all fail', () => {
    const lines: string[] = [];
    const fail = (what: string) => () => {
      throw Object.assign(new Error(what), { code: 'EIO' });
    };
    const settings = createSettingsService({
      persistence: { read: fail('read'), write: fail('write'), backupUnreadable: fail('backup') },
      secrets: { ...testSecrets, kind: fail('keychain') as never },
      newId: () => 'p',
      log: (line) => lines.push(line),
    });
    expect(settings.preferences().maxAttempts).toBe(4);
    expect(settings.windowState()).toBeNull();
    expect(lines.join('\n')).toMatch(/could not be kept aside/);
  });

  it('drops clear header values it cannot seal during the upgrade, keeping their names', () => {
    const persistence = memoryPersistence();
    (persistence as { data?: unknown }).data = {
      version: 2,
      providers: [
        {
          id: 'a',
          name: 'Gateway',
          baseURL: 'https://gw.example/v1',
          defaultModel: 'm',
          headers: { 'api-key': 'clear-secret-9' },
          key: null,
        },
      ],
      preferences: service().settings.preferences(),
      windowState: null,
      hotkey: null,
    };
    const none: SecretBox = { ...testSecrets, kind: () => 'unavailable' };
    const { settings } = service(none, persistence);
    expect(settings.view().providers[0]?.headers).toEqual([{ name: 'api-key', hasValue: false }]);
    expect(JSON.stringify(persistence.data)).not.toContain('clear-secret-9');
    expect(settings.view().reset).toBeNull();
  });
});
