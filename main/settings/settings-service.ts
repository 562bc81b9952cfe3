/**
 * Providers, API keys, header values and preferences. Electron-free: persistence and encryption come in
 * as small interfaces (a JSON file and safeStorage in the app, plain stand-ins in tests).
 *
 * Secrets (the API key and every header value) never leave this module except inside an `Endpoint`
 * handed to the engine, and only while the provider's base URL is still the one they were entered for.
 *
 * Creating the service never throws: an unreadable settings file is kept aside and Runnel starts with
 * defaults, saying so in `view().reset`. A change is written first and only then kept in memory, so a
 * failed write (disk full, read-only folder) leaves both as they were and is reported once.
 */
import type { Endpoint } from '../chat/types';
import {
  hasUnsafeCharacters,
  headerNameProblem,
  headerSetProblem,
  headerValueProblem,
  type Preferences,
  type ProviderDraft,
  type SettingsReset,
  type SettingsView,
} from '../../preload/contract';
import { baseUrlProblem } from '../chat/base-url';
import { migrateSettings } from './migrations';
import { providerPresets } from './presets';
import { isBoundTo, normaliseBaseURL, type Seal } from './secret-binding';
import { describeWriteFailure } from './write-failure';
import {
  defaultSettings,
  type SettingsData,
  type StoredHeader,
  MAX_FAVOURITE_MODELS,
  type FavouriteModel,
  type StoredProvider,
  type WindowState,
} from './settings-schema';

export { normaliseBaseURL } from './secret-binding';

export interface SettingsPersistence {
  /** What is stored; undefined when nothing is yet. Throws when the stored settings cannot be read. */
  read(): unknown;
  /** Throws when the write fails; what was stored before is then still there. */
  write(data: SettingsData): void;
  /**
   * Keeps unreadable settings aside so nothing the user had is silently lost. Returns where they were
   * kept, or null when they could not be (then they are not overwritten at start either).
   */
  backupUnreadable(reason: string): string | null;
}

export type KeyStorageKind = SettingsView['keyStorage'];

export interface SecretBox {
  kind(): KeyStorageKind;
  encrypt(plain: string): string;
  decrypt(cipher: string): string;
}

export type SettingsErrorCode =
  'not_found' | 'key_required' | 'unavailable' | 'invalid_setting' | 'write_failed';

export class SettingsError extends Error {
  constructor(
    readonly code: SettingsErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export interface ResolvedProvider {
  provider: StoredProvider;
  endpoint: Endpoint;
}

/** Reads, migrates and checks what is stored, never throwing: unreadable settings become defaults. */
function openSettings(
  persistence: SettingsPersistence,
  seal: Seal,
  log: (line: string) => void,
): { data: SettingsData; reset: SettingsReset | null } {
  let outcome: ReturnType<typeof migrateSettings>;
  try {
    outcome = migrateSettings(persistence.read(), { seal });
  } catch (error) {
    const reason = error instanceof Error ? error.message : 'it could not be read';
    outcome = { ok: false, data: defaultSettings(), reason };
  }
  let reset: SettingsReset | null = null;
  let write = outcome.ok && outcome.migratedFrom !== null;
  if (!outcome.ok) {
    let keptAs: string | null = null;
    try {
      keptAs = persistence.backupUnreadable(outcome.reason);
    } catch (error) {
      log(`Unreadable settings could not be kept aside: ${String(error)}`);
    }
    reset = { keptAs, reason: outcome.reason };
    // Defaults replace the file only once it is kept somewhere else.
    write = keptAs !== null;
  }
  if (write) {
    try {
      persistence.write(outcome.data);
    } catch (error) {
      log(`Settings could not be written at start: ${describeWriteFailure(error)}`);
    }
  }
  return { data: outcome.data, reset };
}

export function createSettingsService(deps: {
  persistence: SettingsPersistence;
  secrets: SecretBox;
  newId: () => string;
  /** Where a failure nobody asked about (a window-size save) is reported; console by default. */
  log?: (line: string) => void;
}) {
  const { persistence, secrets, newId } = deps;
  const log = deps.log ?? ((line: string) => console.warn(`[runnel] ${line}`));

  const canSeal = (): boolean => secrets.kind() !== 'unavailable';
  const sealWith: Seal = (plain, baseURL) => {
    try {
      if (!canSeal()) return null;
      return { cipher: secrets.encrypt(plain), boundTo: normaliseBaseURL(baseURL) };
    } catch {
      // A keychain that fails (or is asked too early) seals nothing; the caller decides what that means.
      return null;
    }
  };

  const opened = openSettings(persistence, sealWith, log);
  let data: SettingsData = opened.data;
  const reset = opened.reset;
  let windowStateFailing = false;

  /** Writes first, keeps in memory only what was written. */
  const store = (
    next: SettingsData,
    outcome = (why: string) => `Runnel could not save your settings: ${why}. Nothing was changed.`,
  ): void => {
    try {
      persistence.write(next);
    } catch (error) {
      throw new SettingsError('write_failed', outcome(describeWriteFailure(error)));
    }
    data = next;
  };

  const commit = (next: SettingsData): SettingsView => {
    store(next);
    return view();
  };

  const view = (): SettingsView => ({
    providers: data.providers.map((provider) => ({
      id: provider.id,
      name: provider.name,
      baseURL: provider.baseURL,
      defaultModel: provider.defaultModel,
      headers: provider.headers.map((header) => ({
        name: header.name,
        hasValue: isBoundTo(header.value, provider.baseURL),
      })),
      hasKey: isBoundTo(provider.key, provider.baseURL),
      ...(provider.imageSize ? { imageSize: provider.imageSize } : {}),
    })),
    preferences: data.preferences,
    presets: providerPresets.map((preset) => ({ ...preset })),
    keyStorage: secrets.kind(),
    reset,
  });

  const findProvider = (id: string): StoredProvider => {
    const provider = data.providers.find((candidate) => candidate.id === id);
    if (!provider) throw new SettingsError('not_found', 'That provider no longer exists.');
    return provider;
  };

  const seal = (plain: string, baseURL: string, what: string) => {
    const sealed = sealWith(plain, baseURL);
    if (!sealed) {
      throw new SettingsError(
        'unavailable',
        `This system offers no way to store ${what} safely, so nothing was saved.`,
      );
    }
    return sealed;
  };

  /** The rules the contract checks at the IPC boundary, again here, where the data is kept. */
  const draftProblem = (draft: ProviderDraft): string | null => {
    if (draft.name.trim() === '') return 'Give the provider a name.';
    if (hasUnsafeCharacters(draft.name) || hasUnsafeCharacters(draft.defaultModel)) {
      return 'Names cannot contain control characters or hidden text-direction characters.';
    }
    const baseUrl = baseUrlProblem(draft.baseURL);
    if (baseUrl) return baseUrl.message;
    const names = [...Object.keys(draft.headers), ...(draft.keepHeaders ?? [])];
    for (const name of names) {
      const problem = headerNameProblem(name);
      if (problem) return problem;
    }
    for (const value of Object.values(draft.headers)) {
      const problem = headerValueProblem(value);
      if (problem) return problem;
    }
    return headerSetProblem(names, Object.values(draft.headers));
  };

  /**
   * The provider's headers after a save: stored ones keep their place (and their sealed value, if kept
   * and still for this address), new values are sealed, and a header named in neither list is gone.
   */
  const nextHeaders = (
    draft: ProviderDraft,
    previous: StoredProvider | null,
    baseURL: string,
  ): StoredHeader[] => {
    const replaced = new Map(Object.entries(draft.headers).map(([n, v]) => [n.toLowerCase(), v]));
    const kept = new Set((draft.keepHeaders ?? []).map((name) => name.toLowerCase()));
    const headers: StoredHeader[] = [];
    for (const header of previous?.headers ?? []) {
      const lower = header.name.toLowerCase();
      const value = replaced.get(lower);
      if (value !== undefined) {
        headers.push({ name: header.name, value: seal(value, baseURL, 'header values') });
        replaced.delete(lower);
      } else if (kept.has(lower)) {
        // A value entered for another address is forgotten, as the key is; the name stays to refill.
        headers.push({
          name: header.name,
          value: isBoundTo(header.value, baseURL) ? header.value : null,
        });
      }
    }
    for (const [name, value] of Object.entries(draft.headers)) {
      if (replaced.has(name.toLowerCase())) {
        headers.push({ name, value: seal(value, baseURL, 'header values') });
      }
    }
    return headers;
  };

  const decrypt = (cipher: string, what: string, provider: StoredProvider): string => {
    try {
      return secrets.decrypt(cipher);
    } catch {
      throw new SettingsError(
        'key_required',
        `The ${what} for ${provider.name} can no longer be read on this system. Enter it again in Settings.`,
      );
    }
  };

  return {
    view,

    preferences: (): Preferences => data.preferences,

    windowState: (): WindowState | null => data.windowState,

    /** The quick-ask hotkey the user chose; only the hotkey service writes it, once registered. */
    hotkey: (): string | null => data.hotkey,

    /** Throws a `write_failed` SettingsError when the choice could not be saved. */
    saveHotkey(hotkey: string | null): void {
      // The hotkey service registers first, so the shortcut already works when the write fails.
      store(
        { ...data, hotkey },
        (why) =>
          `The shortcut works now, but Runnel could not save it: ${why}. It will be forgotten when Runnel restarts.`,
      );
    },

    /**
     * Called on every move and resize: never throws. A failing disk is logged once, when it starts
     * failing, not on every event; the size in memory stays the last one saved.
     */
    saveWindowState(windowState: WindowState): void {
      try {
        store({ ...data, windowState });
        windowStateFailing = false;
      } catch (error) {
        if (!windowStateFailing) log(`Window size not saved: ${(error as Error).message}`);
        windowStateFailing = true;
      }
    },

    /** The models starred in the model switcher, of providers that still exist. */
    favouriteModels: (): readonly FavouriteModel[] => data.favouriteModels,

    /** Stars a model, or not. Throws `not_found` for a provider that is gone, `write_failed` on disk. */
    setFavouriteModel(providerId: string, model: string, favourite: boolean): void {
      findProvider(providerId);
      const others = data.favouriteModels.filter(
        (entry) => entry.providerId !== providerId || entry.model !== model,
      );
      if (favourite && others.length >= MAX_FAVOURITE_MODELS) {
        throw new SettingsError(
          'invalid_setting',
          `At most ${MAX_FAVOURITE_MODELS} models can be favourites. Remove one first.`,
        );
      }
      const favouriteModels = favourite ? [...others, { providerId, model }] : others;
      store({ ...data, favouriteModels });
    },

    updatePreferences(patch: Partial<Preferences>): SettingsView {
      if (patch.activeProviderId) findProvider(patch.activeProviderId);
      return commit({ ...data, preferences: { ...data.preferences, ...patch } });
    },

    saveProvider(draft: ProviderDraft): SettingsView {
      const problem = draftProblem(draft);
      if (problem) throw new SettingsError('invalid_setting', problem);
      const baseURL = normaliseBaseURL(draft.baseURL);
      const previous = draft.id ? findProvider(draft.id) : null;
      const newKey = draft.apiKey?.trim();
      let key: StoredProvider['key'] = previous?.key ?? null;
      // A key is paired with the address it was typed for: a new address forgets it.
      if (!isBoundTo(key, baseURL)) key = null;
      if (draft.clearKey) key = null;
      if (newKey) key = seal(newKey, baseURL, 'the API key');
      const provider: StoredProvider = {
        id: previous?.id ?? newId(),
        name: draft.name.trim(),
        baseURL,
        defaultModel: draft.defaultModel.trim(),
        headers: nextHeaders(draft, previous, baseURL),
        key,
        ...(draft.imageSize ? { imageSize: draft.imageSize } : {}),
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
      // A provider's favourites go with it: another provider may reuse neither its id nor its models.
      const favouriteModels = data.favouriteModels.filter((entry) => entry.providerId !== id);
      return commit({
        ...data,
        providers,
        favouriteModels,
        preferences: { ...data.preferences, activeProviderId },
      });
    },

    /** The endpoint to send to, with the key and header values only if entered for this base URL. */
    resolve(providerId?: string): ResolvedProvider {
      const id = providerId ?? data.preferences.activeProviderId;
      if (!id) {
        throw new SettingsError('not_found', 'No provider is set up yet. Add one in Settings.');
      }
      const provider = findProvider(id);
      const headers: Record<string, string> = {};
      for (const header of provider.headers) {
        if (isBoundTo(header.value, provider.baseURL)) {
          headers[header.name] = decrypt(header.value.cipher, `${header.name} header`, provider);
        }
      }
      const endpoint: Endpoint = { baseURL: provider.baseURL, headers };
      if (isBoundTo(provider.key, provider.baseURL)) {
        endpoint.apiKey = decrypt(provider.key.cipher, 'API key', provider);
      }
      return { provider, endpoint };
    },
  };
}

export type SettingsService = ReturnType<typeof createSettingsService>;
