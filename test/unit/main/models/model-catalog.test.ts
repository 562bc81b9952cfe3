/**
 * The model catalog through main's real handler table: two providers on loopback (fault servers),
 * their `/models` fetched and cached in a real `model-catalog.json` (conf, as electron-store writes
 * it), offline and a failing provider served from that cache with its age and error, favourites
 * kept in settings and listed first.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Conf from 'conf';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createCatalogFile, type CatalogData } from '../../../../main/models/catalog-file';
import { createModelCatalog, DEFAULT_MAX_AGE_MS } from '../../../../main/models/model-catalog';
import type { ModelCatalog } from '../../../../preload/contract';
import { startFaultServer, type FaultServer } from '../../../fault-server';
import { createMainHost, memoryPersistence, type MainHost } from '../../../support/main-host';

let alpha: FaultServer;
let beta: FaultServer;
let dir: string;

beforeAll(async () => {
  alpha = await startFaultServer({ models: ['gpt-4o-mini', 'gpt-4.1', 'o3'] });
  beta = await startFaultServer({ models: ['llama3.2', 'qwen3:8b'] });
});
afterAll(async () => {
  await Promise.all([alpha.close(), beta.close()]);
});
beforeEach(() => {
  alpha.reset();
  beta.reset();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'runnel-catalog-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The cache as the app keeps it: a conf store (electron-store's base) on `<dir>/model-catalog.json`. */
const catalogFile = () =>
  createCatalogFile({
    dir,
    openStore: (cwd, name) =>
      new Conf<{ catalog?: CatalogData }>({ cwd, configName: name, clearInvalidConfig: true }),
  });

function hostWithTwoProviders(): {
  host: MainHost;
  alphaId: string;
  betaId: string;
  persistence: ReturnType<typeof memoryPersistence>;
} {
  const persistence = memoryPersistence();
  const host = createMainHost({ persistence, catalogCache: catalogFile() });
  host.settings.saveProvider({
    name: 'Alpha',
    baseURL: alpha.baseURL,
    defaultModel: 'gpt-4o-mini',
    headers: {},
  });
  const view = host.settings.saveProvider({
    name: 'Beta local',
    baseURL: beta.baseURL,
    defaultModel: 'not-listed',
    headers: {},
  });
  const [alphaId = '', betaId = ''] = view.providers.map((provider) => provider.id);
  return { host, alphaId, betaId, persistence };
}

async function list(host: MainHost, refresh?: boolean): Promise<ModelCatalog> {
  const result = await host.dispatch(
    'runnel:models:list',
    refresh === undefined ? {} : { refresh },
    { windowId: 1 },
  );
  if (!result.ok) throw new Error(result.error.message);
  return result.value as ModelCatalog;
}

/** A provider's list of bare ids, as the engine hands it over. */
const listed = (...ids: string[]) => ids.map((id) => ({ id, listing: null }));

const names = (catalog: ModelCatalog) =>
  catalog.models.map((model) => `${model.providerName}/${model.model}`);
const modelsRequests = (server: FaultServer) =>
  server.requests.filter((request) => request.path.endsWith('/models')).length;

describe('the model catalog', () => {
  it("lists every model of every provider, with each provider's id and name, and caches them on disk", async () => {
    const { host, alphaId, betaId } = hostWithTwoProviders();
    const catalog = await list(host);
    expect(names(catalog)).toEqual([
      'Alpha/gpt-4.1',
      'Alpha/gpt-4o-mini',
      'Alpha/o3',
      'Beta local/llama3.2',
      'Beta local/not-listed',
      'Beta local/qwen3:8b',
    ]);
    expect(catalog.models[1]).toEqual({
      providerId: alphaId,
      providerName: 'Alpha',
      model: 'gpt-4o-mini',
      favourite: false,
      isDefault: true,
    });
    expect(catalog.providers).toEqual([
      {
        providerId: alphaId,
        providerName: 'Alpha',
        source: 'live',
        fetchedAt: expect.any(Number),
        error: null,
      },
      {
        providerId: betaId,
        providerName: 'Beta local',
        source: 'live',
        fetchedAt: expect.any(Number),
        error: null,
      },
    ]);
    const onDisk = JSON.parse(fs.readFileSync(path.join(dir, 'model-catalog.json'), 'utf8'));
    expect(onDisk.catalog.lists[betaId]).toMatchObject({
      baseURL: beta.baseURL,
      models: ['llama3.2', 'qwen3:8b'],
    });
  });

  it("uses a provider's cached list, with its age and the error, when that provider fails and the other answers", async () => {
    const { host, alphaId, betaId } = hostWithTwoProviders();
    const first = await list(host);
    beta.scriptModels({ status: 500 });
    const second = await list(host, true);
    expect(names(second)).toEqual(names(first));
    const [alphaEntry, betaEntry] = second.providers;
    expect(alphaEntry).toMatchObject({ providerId: alphaId, source: 'live', error: null });
    expect(betaEntry).toMatchObject({
      providerId: betaId,
      source: 'cache',
      fetchedAt: first.providers[1]?.fetchedAt,
      error: { code: 'server', status: 500 },
    });
    expect(betaEntry?.error?.message).toContain('500');
  });

  it('works offline from the cache, after a restart too (a new host over the same files)', async () => {
    const { host, persistence } = hostWithTwoProviders();
    const online = await list(host);
    host.setOnline(false);
    const offline = await list(host, true);
    expect(names(offline)).toEqual(names(online));
    for (const entry of offline.providers) {
      expect(entry).toMatchObject({ source: 'cache', error: { code: 'offline' } });
      expect(entry.fetchedAt).toBeGreaterThan(0);
    }
    const restarted = createMainHost({ persistence, catalogCache: catalogFile(), online: false });
    const afterRestart = await list(restarted, true);
    expect(names(afterRestart)).toEqual(names(online));
    expect(afterRestart.providers.map((entry) => entry.source)).toEqual(['cache', 'cache']);
    expect(modelsRequests(alpha) + modelsRequests(beta)).toBe(2);
  });

  it('says why, and still lists the default model, for a failing provider with nothing cached', async () => {
    const { host, betaId } = hostWithTwoProviders();
    beta.scriptModels({ status: 401 });
    const catalog = await list(host);
    expect(catalog.providers[1]).toMatchObject({
      providerId: betaId,
      source: 'none',
      fetchedAt: null,
      error: { code: 'auth' },
    });
    expect(names(catalog).filter((name) => name.startsWith('Beta'))).toEqual([
      'Beta local/not-listed',
    ]);
  });

  it('answers from a fresh cache without asking, and asks again when told to refresh', async () => {
    const { host } = hostWithTwoProviders();
    await list(host);
    await list(host);
    expect(modelsRequests(alpha)).toBe(1);
    await list(host, true);
    expect(modelsRequests(alpha)).toBe(2);
  });

  it('lists favourites first, keeps them in settings, and forgets those of a deleted provider', async () => {
    const { host, alphaId, betaId, persistence } = hostWithTwoProviders();
    const star = (providerId: string, model: string, favourite = true) =>
      host.dispatch(
        'runnel:models:setFavourite',
        { providerId, model, favourite },
        { windowId: 1 },
      );
    expect(await star(betaId, 'qwen3:8b')).toEqual({ ok: true, value: {} });
    expect(await star(alphaId, 'o3')).toEqual({ ok: true, value: {} });
    // A model the provider no longer lists stays visible while starred, so it can be unstarred.
    expect(await star(alphaId, 'gpt-3.5-turbo')).toEqual({ ok: true, value: {} });
    const catalog = await list(host);
    expect(names(catalog).slice(0, 3)).toEqual([
      'Alpha/gpt-3.5-turbo',
      'Alpha/o3',
      'Beta local/qwen3:8b',
    ]);
    expect(catalog.models.filter((model) => model.favourite)).toHaveLength(3);
    expect(persistence.data?.favouriteModels).toEqual([
      { providerId: betaId, model: 'qwen3:8b' },
      { providerId: alphaId, model: 'o3' },
      { providerId: alphaId, model: 'gpt-3.5-turbo' },
    ]);
    await star(alphaId, 'gpt-3.5-turbo', false);
    expect(names(await list(host))).not.toContain('Alpha/gpt-3.5-turbo');
    host.settings.deleteProvider(betaId);
    expect(persistence.data?.favouriteModels).toEqual([{ providerId: alphaId, model: 'o3' }]);
  });

  it('refuses to star a model of a provider that is gone, saying so', async () => {
    const { host } = hostWithTwoProviders();
    const result = await host.dispatch(
      'runnel:models:setFavourite',
      { providerId: 'gone', model: 'm', favourite: true },
      { windowId: 1 },
    );
    expect(result).toEqual({
      ok: false,
      error: { code: 'not_found', message: 'That provider no longer exists.' },
    });
  });
});

/** OpenRouter-shaped entries (openrouter.ai/docs/models): one model that reads images, one that does not. */
const openRouterEntries = [
  {
    id: 'acme/seer-1',
    name: 'Acme: Seer 1',
    architecture: {
      modality: 'text+image->text',
      input_modalities: ['text', 'image'],
      output_modalities: ['text'],
    },
  },
  {
    id: 'acme/scribe-1',
    name: 'Acme: Scribe 1',
    architecture: {
      modality: 'text->text',
      input_modalities: ['text'],
      output_modalities: ['text'],
    },
  },
];

describe("what the provider's list says a model reads", () => {
  const inputs = (catalog: ModelCatalog) =>
    Object.fromEntries(catalog.models.map((model) => [model.model, model.input ?? 'unknown']));

  it('is carried on each catalog entry, kept in the cache on disk and read back offline', async () => {
    alpha.setModels({ models: ['gpt-4o-mini'], modelEntries: openRouterEntries });
    const { host, alphaId, persistence } = hostWithTwoProviders();
    const live = await list(host);
    expect(inputs(live)).toMatchObject({
      'acme/seer-1': 'image',
      'acme/scribe-1': 'text-only',
      // Listed by id alone: the provider said nothing.
      'gpt-4o-mini': 'unknown',
      'llama3.2': 'unknown',
    });
    const onDisk = JSON.parse(fs.readFileSync(path.join(dir, 'model-catalog.json'), 'utf8'));
    expect(onDisk.catalog.lists[alphaId]).toMatchObject({
      imageInput: ['acme/seer-1'],
      textOnly: ['acme/scribe-1'],
    });
    const restarted = createMainHost({ persistence, catalogCache: catalogFile(), online: false });
    const offline = await list(restarted, true);
    expect(offline.providers.map((entry) => entry.source)).toEqual(['cache', 'cache']);
    expect(inputs(offline)).toEqual(inputs(live));
  });

  it('answers a cached-only list from the cache, however old, asking no provider', async () => {
    alpha.setModels({ models: [], modelEntries: openRouterEntries });
    const cache = catalogFile();
    const host = createMainHost({ persistence: memoryPersistence(), catalogCache: cache });
    host.settings.saveProvider({
      name: 'Alpha',
      baseURL: alpha.baseURL,
      defaultModel: 'x',
      headers: {},
    });
    const cachedOnly = async () => {
      const result = await host.dispatch(
        'runnel:models:list',
        { cachedOnly: true },
        { windowId: 1 },
      );
      if (!result.ok) throw new Error(result.error.message);
      return result.value as ModelCatalog;
    };
    // Nothing cached yet: the provider is not asked, and only the default model is known.
    const before = await cachedOnly();
    expect(before.providers[0]).toMatchObject({ source: 'none', error: null });
    expect(before.models.map((model) => model.model)).toEqual(['x']);
    expect(modelsRequests(alpha)).toBe(0);
    await list(host);
    // Ten hours later: far past the age at which a plain list would ask again.
    const aged = Object.fromEntries(
      Object.entries(cache.read()).map(([id, cached]) => [
        id,
        { ...cached, fetchedAt: cached.fetchedAt - 10 * DEFAULT_MAX_AGE_MS },
      ]),
    );
    cache.write(aged);
    const after = await cachedOnly();
    expect(after.providers[0]).toMatchObject({ source: 'cache', error: null });
    expect(inputs(after)).toMatchObject({ 'acme/seer-1': 'image', 'acme/scribe-1': 'text-only' });
    expect(modelsRequests(alpha)).toBe(1);
  });

  it('reads a cache written before inputs were kept', () => {
    fs.writeFileSync(
      path.join(dir, 'model-catalog.json'),
      JSON.stringify({
        catalog: {
          version: 1,
          lists: { p: { baseURL: 'http://127.0.0.1:9/v1', fetchedAt: 5, models: ['m'] } },
        },
      }),
    );
    expect(catalogFile().read()).toEqual({
      p: { baseURL: 'http://127.0.0.1:9/v1', fetchedAt: 5, models: ['m'] },
    });
  });

  it('says nothing for a model whose entry is hostile, and still lists it', async () => {
    const catalog = createModelCatalog({
      providers: () => [{ id: 'p', name: 'P', baseURL: 'http://127.0.0.1:9/v1', defaultModel: '' }],
      endpoint: () => ({ baseURL: 'http://127.0.0.1:9/v1' }),
      listModels: async () => [
        { id: 'a', listing: { architecture: { input_modalities: 'image' } } },
        { id: 'b', listing: { capabilities: { vision: 'yes' } } },
        { id: 'c', listing: { architecture: { modality: 'x'.repeat(100_000) } } },
      ],
      favourites: () => [],
      cache: catalogFile(),
    });
    const listedModels = (await catalog.list()).models;
    expect(listedModels.map((model) => [model.model, model.input])).toEqual([
      ['a', undefined],
      ['b', undefined],
      ['c', undefined],
    ]);
  });
});

describe('favourites in settings', () => {
  it('keeps at most 1,000, saying so; unstarring one makes room', async () => {
    const { host, alphaId } = hostWithTwoProviders();
    for (let index = 0; index < 1_000; index += 1) {
      host.settings.setFavouriteModel(alphaId, `model-${index}`, true);
    }
    const star = (model: string, favourite = true) =>
      host.dispatch(
        'runnel:models:setFavourite',
        { providerId: alphaId, model, favourite },
        {
          windowId: 1,
        },
      );
    expect(await star('one-more')).toEqual({
      ok: false,
      error: {
        code: 'invalid_setting',
        message: 'At most 1000 models can be favourites. Remove one first.',
      },
    });
    // Starring one already starred is not one more.
    expect(await star('model-7')).toEqual({ ok: true, value: {} });
    expect(await star('model-7', false)).toEqual({ ok: true, value: {} });
    expect(await star('one-more')).toEqual({ ok: true, value: {} });
  });
});

describe('a favourite that cannot be saved', () => {
  it('says the disk is full and keeps the favourites as they were', async () => {
    const persistence = memoryPersistence();
    const host = createMainHost({ persistence, catalogCache: catalogFile() });
    const { providers } = host.settings.saveProvider({
      name: 'Alpha',
      baseURL: alpha.baseURL,
      defaultModel: 'o3',
      headers: {},
    });
    persistence.write = () => {
      throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
    };
    const result = await host.dispatch(
      'runnel:models:setFavourite',
      { providerId: providers[0]?.id ?? '', model: 'o3', favourite: true },
      { windowId: 1 },
    );
    expect(result).toMatchObject({ ok: false, error: { code: 'write_failed' } });
    expect(!result.ok && result.error.message).toMatch(/disk is full.*Nothing was changed/);
    expect(host.settings.favouriteModels()).toEqual([]);
    expect((await list(host)).models.filter((model) => model.favourite)).toEqual([]);
  });
});

describe('the catalog on its own', () => {
  const provider = { id: 'p', name: 'P', baseURL: 'http://127.0.0.1:9/v1', defaultModel: '' };

  it('asks again once the cached list is older than an hour', async () => {
    let now = 1_000_000;
    let asked = 0;
    const cache = catalogFile();
    const catalog = createModelCatalog({
      providers: () => [provider],
      endpoint: () => ({ baseURL: provider.baseURL }),
      listModels: async () => {
        asked += 1;
        return listed('m');
      },
      favourites: () => [],
      cache,
      now: () => now,
    });
    await catalog.list();
    now += DEFAULT_MAX_AGE_MS - 1;
    await catalog.list();
    expect(asked).toBe(1);
    now += 2;
    await catalog.list();
    expect(asked).toBe(2);
  });

  it("does not show a list cached for the provider's old address", async () => {
    const cache = catalogFile();
    cache.write({ p: { baseURL: 'http://old.example/v1', fetchedAt: 1, models: ['old-model'] } });
    const catalog = createModelCatalog({
      providers: () => [provider],
      endpoint: () => ({ baseURL: provider.baseURL }),
      listModels: async () => {
        throw new Error('connection refused');
      },
      favourites: () => [],
      cache,
    });
    const listed = await catalog.list();
    expect(listed.models).toEqual([]);
    expect(listed.providers[0]).toMatchObject({
      source: 'none',
      error: { code: 'bad_response', message: 'connection refused' },
    });
  });

  it('reads a damaged cache file as empty, and writes a good one at the next fetch', async () => {
    fs.writeFileSync(path.join(dir, 'model-catalog.json'), '{"catalog": {"version": 1, "lis');
    const logged: string[] = [];
    const cache = createCatalogFile({
      dir,
      openStore: (cwd, name) =>
        new Conf<{ catalog?: CatalogData }>({ cwd, configName: name, clearInvalidConfig: true }),
      log: (line) => logged.push(line),
    });
    expect(cache.read()).toEqual({});
    expect(logged).toEqual([
      'The cached model lists are damaged or not in the shape Runnel expects; they will be fetched again.',
    ]);
    cache.write({ p: { baseURL: provider.baseURL, fetchedAt: 5, models: ['m'] } });
    expect(cache.read()).toEqual({ p: { baseURL: provider.baseURL, fetchedAt: 5, models: ['m'] } });
  });

  it('keeps out model ids with control or text-direction characters, and overlong ones', async () => {
    const catalog = createModelCatalog({
      providers: () => [provider],
      endpoint: () => ({ baseURL: provider.baseURL }),
      listModels: async () => listed('good', 'evil\u202eexe', 'bell\u0007', 'x'.repeat(201)),
      favourites: () => [],
      cache: catalogFile(),
    });
    expect((await catalog.list()).models.map((model) => model.model)).toEqual(['good']);
  });

  it('still answers when the cache cannot be written', async () => {
    const logged: string[] = [];
    const catalog = createModelCatalog({
      providers: () => [provider],
      endpoint: () => ({ baseURL: provider.baseURL }),
      listModels: async () => listed('m'),
      favourites: () => [],
      cache: {
        read: () => ({}),
        write: () => {
          throw new Error('ENOSPC: no space left on device');
        },
      },
      log: (line) => logged.push(line),
    });
    expect((await catalog.list()).models.map((model) => model.model)).toEqual(['m']);
    expect(logged).toEqual([
      'The model lists could not be cached: ENOSPC: no space left on device',
    ]);
  });
});
