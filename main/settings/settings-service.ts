/**
 * Providers, API keys and preferences. Electron-free: persistence and encryption come in as small
 * interfaces (electron-store and safeStorage in the app, plain stand-ins in tests).
 *
 * API keys never leave this module except inside an `Endpoint` handed to the engine, and only when the
 * provider's base URL is still the one the key was entered for.
 */
import type { Endpoint } from '../chat/types';
import type { Preferences, ProviderDraft, SettingsView } from '../../preload/contract';
import { migrateSettings } from './migrations';
import { providerPresets } from './presets';
import type { SettingsData, StoredProvider, WindowState } from './settings-schema';

export interface SettingsPersistence {
  read(): unknown;
  write(data: SettingsData): void;
  /** Keeps an unreadable file aside so nothing the user had is silently lost. */
  backupUnreadable(reason: string): void;
}

export type KeyStorageKind = SettingsView['keyStorage'];

export interface SecretBox {
  kind(): KeyStorageKind;
  encrypt(plain: string): string;
  decrypt(cipher: string): string;
}

export class SettingsError extends Error {
  constructor(
    readonly code: 'not_found' | 'key_required' | 'unavailable',
    message: string,
  ) {
    super(message);
  }
}

/** One spelling per address, so `https://x/v1/` and `https://x/v1` are the same pairing. */
export const normaliseBaseURL = (value: string): string => {
  const url = new URL(value.trim());
  url.hash = '';
  url.search = '';
  return url.toString().replace(/\/+$/, '');
};

export interface ResolvedProvider {
  provider: StoredProvider;
  endpoint: Endpoint;
}

export function createSettingsService(deps: {
  persistence: SettingsPersistence;
  secrets: SecretBox;
  newId: () => string;
}) {
  const { persistence, secrets, newId } = deps;
  const loaded = migrateSettings(persistence.read());
  if (!loaded.ok) persistence.backupUnreadable(loaded.reason);
  let data: SettingsData = loaded.data;
  if (!loaded.ok || loaded.migratedFrom !== null) persistence.write(data);

  const preferenceListeners = new Set<(preferences: Preferences) => void>();

  const commit = (next: SettingsData): SettingsView => {
    const changedPreferences = next.preferences !== data.preferences;
    data = next;
    persistence.write(data);
    if (changedPreferences) for (const listener of preferenceListeners) listener(data.preferences);
    return view();
  };

  const keyIsUsable = (provider: StoredProvider): boolean =>
    provider.key !== null && provider.key.boundTo === normaliseBaseURL(provider.baseURL);

  const view = (): SettingsView => ({
    providers: data.providers.map(({ key: _key, ...rest }) => ({
      ...rest,
      hasKey: keyIsUsable({ ...rest, key: _key }),
    })),
    preferences: data.preferences,
    presets: providerPresets.map((preset) => ({ ...preset })),
    keyStorage: secrets.kind(),
  });

  const findProvider = (id: string): StoredProvider => {
    const provider = data.providers.find((candidate) => candidate.id === id);
    if (!provider) throw new SettingsError('not_found', 'That provider no longer exists.');
    return provider;
  };

  const sealKey = (apiKey: string, baseURL: string): StoredProvider['key'] => {
    if (secrets.kind() === 'unavailable') {
      throw new SettingsError(
        'unavailable',
        'This system offers no way to store the API key safely, so it was not saved.',
      );
    }
    return { cipher: secrets.encrypt(apiKey), boundTo: baseURL };
  };

  return {
    view,

    preferences: (): Preferences => data.preferences,

    windowState: (): WindowState | null => data.windowState,

    /** main applies some preferences outside the renderer (start at login): it listens here. */
    onPreferencesChange(listener: (preferences: Preferences) => void): () => void {
      preferenceListeners.add(listener);
      return () => preferenceListeners.delete(listener);
    },

    /** The quick-ask hotkey the user chose; only the hotkey service writes it, once registered. */
    hotkey: (): string | null => data.hotkey,

    saveHotkey(hotkey: string | null): void {
      data = { ...data, hotkey };
      persistence.write(data);
    },

    saveWindowState(windowState: WindowState): void {
      data = { ...data, windowState };
      persistence.write(data);
    },

    updatePreferences(patch: Partial<Preferences>): SettingsView {
      if (patch.activeProviderId) findProvider(patch.activeProviderId);
      return commit({ ...data, preferences: { ...data.preferences, ...patch } });
    },

    saveProvider(draft: ProviderDraft): SettingsView {
      const baseURL = normaliseBaseURL(draft.baseURL);
      const previous = draft.id ? findProvider(draft.id) : null;
      const newKey = draft.apiKey?.trim();
      let key: StoredProvider['key'] = previous?.key ?? null;
      // A key is paired with the address it was typed for: a new address forgets it.
      if (previous && normaliseBaseURL(previous.baseURL) !== baseURL) key = null;
      if (draft.clearKey) key = null;
      if (newKey) key = sealKey(newKey, baseURL);
      const provider: StoredProvider = {
        id: previous?.id ?? newId(),
        name: draft.name.trim(),
        baseURL,
        defaultModel: draft.defaultModel.trim(),
        headers: draft.headers,
        key,
      };
      const providers = previous
        ? data.providers.map((candidate) => (candidate.id === provider.id ? provider : candidate))
        : [...data.providers, provider];
      const activeProviderId = data.preferences.activeProviderId ?? provider.id;
      return commit({ ...data, providers, preferences: { ...data.preferences, activeProviderId } });
    },

    deleteProvider(id: string): SettingsView {
      findProvider(id);
      const providers = data.providers.filter((provider) => provider.id !== id);
      const activeProviderId =
        data.preferences.activeProviderId === id
          ? (providers[0]?.id ?? null)
          : data.preferences.activeProviderId;
      return commit({ ...data, providers, preferences: { ...data.preferences, activeProviderId } });
    },

    /** The endpoint to send to, with the key only if it was entered for this very base URL. */
    resolve(providerId?: string): ResolvedProvider {
      const id = providerId ?? data.preferences.activeProviderId;
      if (!id) {
        throw new SettingsError('not_found', 'No provider is set up yet. Add one in Settings.');
      }
      const provider = findProvider(id);
      const endpoint: Endpoint = { baseURL: provider.baseURL, headers: provider.headers };
      if (provider.key && keyIsUsable(provider)) {
        try {
          endpoint.apiKey = secrets.decrypt(provider.key.cipher);
        } catch {
          throw new SettingsError(
            'key_required',
            `The API key for ${provider.name} can no longer be read on this system. Enter it again in Settings.`,
          );
        }
      }
      return { provider, endpoint };
    },
  };
}

export type SettingsService = ReturnType<typeof createSettingsService>;
