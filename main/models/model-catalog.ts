/**
 * Every model of every provider, for the model switcher: each provider's `/models` (through the
 * engine's listModels, with its size cap, timeout and same-origin redirect rule), cached on disk so
 * that offline, or with a provider down, its last list is still there, with its age and the error.
 * Favourites (kept in settings) are listed first. Electron-free: the app and the tests pass the parts.
 */
import { ChatEngineError } from '../chat/errors';
import type { ChatEngine } from '../chat/engine';
import type { ListedModel } from '../chat/list-models';
import { SettingsError, type SettingsService } from '../settings/settings-service';
import type { ChatError, Endpoint } from '../chat/types';
import {
  hasUnsafeCharacters,
  type CatalogModel,
  type CatalogProvider,
  type ModelCatalog,
} from '../../preload/contract';
import { MAX_CACHED_MODELS, type CachedList, type CatalogCache } from './catalog-file';
import { inputFromListing, type ModelInput } from './model-input';

/** A provider's list younger than this is shown as it is; older, it is fetched again first. */
export const DEFAULT_MAX_AGE_MS = 60 * 60 * 1000;

export interface CatalogProviderInfo {
  id: string;
  name: string;
  baseURL: string;
  defaultModel: string;
}

export interface ModelCatalogDeps {
  /** The configured providers, in Settings' order. */
  providers(): readonly CatalogProviderInfo[];
  /** Where to ask a provider (key and headers included); throws when they cannot be read. */
  endpoint(providerId: string): Endpoint;
  /** The engine's `GET {baseURL}/models`, each model with its entry; throws a ChatEngineError. */
  listModels(endpoint: Endpoint): Promise<readonly ListedModel[]>;
  favourites(): ReadonlyArray<{ providerId: string; model: string }>;
  cache: CatalogCache;
  now?: () => number;
  log?: (line: string) => void;
  maxAgeMs?: number;
}

export interface ListOptions {
  /** Ask every provider again, however fresh its cached list. */
  refresh?: boolean;
  /**
   * Answer from the cached lists alone, however old, asking no provider: for the composer, which
   * looks up what the list says of its model without a request of its own.
   */
  cachedOnly?: boolean;
}

export interface ModelCatalogService {
  /** Never throws: a provider that cannot be asked says why in its entry. */
  list(options?: ListOptions): Promise<ModelCatalog>;
}

interface ProviderLists {
  entry: CatalogProvider;
  models: string[];
  /** What the provider's list says each model takes, where it says. */
  inputs: ReadonlyMap<string, ModelInput>;
  /** The list to keep on disk for this provider, or null to keep none. */
  cache: CachedList | null;
}

export function createModelCatalog(deps: ModelCatalogDeps): ModelCatalogService {
  const now = deps.now ?? Date.now;
  const log = deps.log ?? (() => undefined);
  const maxAgeMs = deps.maxAgeMs ?? DEFAULT_MAX_AGE_MS;

  const listsOf = async (
    provider: CatalogProviderInfo,
    cached: CachedList | undefined,
    options: ListOptions,
  ): Promise<ProviderLists> => {
    const named = { providerId: provider.id, providerName: provider.name };
    // A list fetched from another address is another server's: it says nothing about this one.
    const usable = cached?.baseURL === provider.baseURL ? cached : undefined;
    const fromCache = (list: CachedList, error: ChatError | null): ProviderLists => ({
      entry: { ...named, source: 'cache', fetchedAt: list.fetchedAt, error },
      models: list.models,
      inputs: cachedInputs(list),
      cache: list,
    });
    if (options.cachedOnly) {
      if (usable) return fromCache(usable, null);
      const entry = { ...named, source: 'none' as const, fetchedAt: null, error: null };
      return { entry, models: [], inputs: new Map(), cache: null };
    }
    if (usable && options.refresh !== true && now() - usable.fetchedAt < maxAgeMs) {
      return fromCache(usable, null);
    }
    try {
      const listed = usableModels(await deps.listModels(deps.endpoint(provider.id)));
      const models = listed.map(({ id }) => id);
      const inputs = listedInputs(listed);
      const fetchedAt = now();
      return {
        entry: { ...named, source: 'live', fetchedAt, error: null },
        models,
        inputs,
        cache: { baseURL: provider.baseURL, fetchedAt, models, ...inputLists(inputs) },
      };
    } catch (failure) {
      const error = chatErrorOf(failure);
      if (usable) return fromCache(usable, error);
      return {
        entry: { ...named, source: 'none', fetchedAt: null, error },
        models: [],
        inputs: new Map(),
        cache: null,
      };
    }
  };

  return {
    async list(options = {}) {
      const providers = deps.providers();
      const cached = deps.cache.read();
      const lists = await Promise.all(
        providers.map((provider) => listsOf(provider, cached[provider.id], options)),
      );
      const catalog = {
        models: catalogModels(providers, lists, deps.favourites()),
        providers: lists.map(({ entry }) => entry),
      };
      // Nothing was fetched: the cache on disk is already what it would be written as.
      if (options.cachedOnly) return catalog;
      const next: Record<string, CachedList> = {};
      lists.forEach(({ cache }, index) => {
        const provider = providers[index];
        if (provider && cache) next[provider.id] = cache;
      });
      try {
        deps.cache.write(next);
      } catch (error) {
        // The lists are still shown; only the next offline start misses them.
        log(
          `The model lists could not be cached: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
      return catalog;
    },
  };
}

/**
 * Each provider's listed models, its default model and its favourites, once each: favourites first
 * (in provider order, then by id), then the rest the same way.
 */
function catalogModels(
  providers: readonly CatalogProviderInfo[],
  lists: readonly ProviderLists[],
  favourites: ReadonlyArray<{ providerId: string; model: string }>,
): CatalogModel[] {
  const starred = new Set(favourites.map(({ providerId, model }) => `${providerId}\n${model}`));
  const all: CatalogModel[] = [];
  providers.forEach((provider, index) => {
    const inputs = lists[index]?.inputs;
    const ids = new Set(lists[index]?.models ?? []);
    if (provider.defaultModel.trim() !== '') ids.add(provider.defaultModel);
    for (const favourite of favourites) {
      if (favourite.providerId === provider.id) ids.add(favourite.model);
    }
    for (const model of [...ids].sort((a, b) => a.localeCompare(b))) {
      const input = inputs?.get(model);
      all.push({
        providerId: provider.id,
        providerName: provider.name,
        model,
        favourite: starred.has(`${provider.id}\n${model}`),
        isDefault: model === provider.defaultModel,
        ...(input ? { input } : {}),
      });
    }
  });
  return [...all.filter((model) => model.favourite), ...all.filter((model) => !model.favourite)];
}

/** Models a switcher can show: ids bounded and free of control and text-direction characters. */
function usableModels(listed: readonly ListedModel[]): ListedModel[] {
  return listed
    .filter(({ id }) => id.length > 0 && id.length <= 200 && !hasUnsafeCharacters(id))
    .slice(0, MAX_CACHED_MODELS);
}

function listedInputs(listed: readonly ListedModel[]): Map<string, ModelInput> {
  const inputs = new Map<string, ModelInput>();
  for (const { id, listing } of listed) {
    const input = inputFromListing(listing);
    if (input) inputs.set(id, input);
  }
  return inputs;
}

/** The inputs as the cache file keeps them: two lists of ids, each left out when empty. */
function inputLists(
  inputs: ReadonlyMap<string, ModelInput>,
): Pick<CachedList, 'imageInput' | 'textOnly'> {
  const imageInput: string[] = [];
  const textOnly: string[] = [];
  for (const [id, input] of inputs) (input === 'image' ? imageInput : textOnly).push(id);
  return {
    ...(imageInput.length > 0 ? { imageInput } : {}),
    ...(textOnly.length > 0 ? { textOnly } : {}),
  };
}

function cachedInputs(list: CachedList): Map<string, ModelInput> {
  const inputs = new Map<string, ModelInput>();
  for (const id of list.textOnly ?? []) inputs.set(id, 'text-only');
  for (const id of list.imageInput ?? []) inputs.set(id, 'image');
  return inputs;
}

function chatErrorOf(failure: unknown): ChatError {
  if (failure instanceof ChatEngineError) return failure.chatError;
  // The key or a header value can no longer be read on this system (settings-service.ts says so).
  if (failure instanceof SettingsError) return { code: 'auth', message: failure.message };
  return {
    code: 'bad_response',
    message: failure instanceof Error ? failure.message : 'The model list could not be fetched.',
  };
}

/** The catalog over the app's settings and engine: what main/index.ts and the tests' host both use. */
export function createSettingsModelCatalog(parts: {
  settings: Pick<SettingsService, 'view' | 'resolve' | 'favouriteModels'>;
  engine: Pick<ChatEngine, 'listModelEntries'>;
  cache: CatalogCache;
  now?: () => number;
  log?: (line: string) => void;
}): ModelCatalogService {
  const { settings, engine } = parts;
  return createModelCatalog({
    providers: () => settings.view().providers,
    endpoint: (providerId) => settings.resolve(providerId).endpoint,
    listModels: (endpoint) => engine.listModelEntries(endpoint),
    favourites: () => settings.favouriteModels(),
    cache: parts.cache,
    ...(parts.now ? { now: parts.now } : {}),
    ...(parts.log ? { log: parts.log } : {}),
  });
}
