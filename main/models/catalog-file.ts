/**
 * The model lists last fetched from each provider, at rest: `model-catalog.json` in the user-data
 * folder, written by a `conf` store (electron-store in the app, conf in Node tests), so a person who is
 * offline still sees every model. It is only a cache: a file that is damaged, cut short or from
 * another version is read as empty (and rewritten at the next fetch), never an error.
 */
import path from 'node:path';
import { z } from 'zod';
import { readStored } from '../tools/stored-file';

const FILE_NAME = 'model-catalog';
const CATALOG_VERSION = 1;

/** Providers list thousands of models at most (OpenRouter some hundreds); more is not a models list. */
export const MAX_CACHED_MODELS = 10_000;

const cachedListSchema = z.strictObject({
  /** The base URL the list came from: a provider moved to another address has no cached list. */
  baseURL: z.string(),
  /** When it was fetched, in ms since the epoch. */
  fetchedAt: z.number(),
  models: z.array(z.string().max(200)).max(MAX_CACHED_MODELS),
  /**
   * The models the provider's list says read images, and those it says take text only (the
   * rest: it did not say). Optional: a cache written before these were kept still reads.
   */
  imageInput: z.array(z.string().max(200)).max(MAX_CACHED_MODELS).optional(),
  textOnly: z.array(z.string().max(200)).max(MAX_CACHED_MODELS).optional(),
});

const catalogDataSchema = z.strictObject({
  version: z.literal(CATALOG_VERSION),
  /** Keyed by provider id. */
  lists: z.record(z.string(), cachedListSchema),
});

export type CachedList = z.infer<typeof cachedListSchema>;
export type CatalogData = z.infer<typeof catalogDataSchema>;

export interface CatalogCache {
  /** The cached lists by provider id; empty when there are none or the file cannot be used. */
  read(): Record<string, CachedList>;
  /** Throws when the write fails; the lists before are then still there. */
  write(lists: Record<string, CachedList>): void;
}

/** The part of a conf store that writes the file. */
export interface CatalogStore {
  set(key: 'catalog', value: CatalogData): void;
}

/** Opens the store on `<dir>/<name>.json`; a damaged file may be cleared (it is only a cache). */
export type OpenCatalogStore = (dir: string, name: string) => CatalogStore;

export function createCatalogFile(options: {
  dir: string;
  openStore: OpenCatalogStore;
  log?: (line: string) => void;
}): CatalogCache & { readonly path: string } {
  const filePath = path.join(options.dir, `${FILE_NAME}.json`);
  const log = options.log ?? (() => undefined);
  let opened: CatalogStore | null = null;
  const store = (): CatalogStore => (opened ??= options.openStore(options.dir, FILE_NAME));

  return {
    path: filePath,

    read() {
      const stored = readStored(filePath, 'catalog', catalogDataSchema);
      if (stored.state === 'read') return stored.value.lists;
      if (stored.state === 'damaged') {
        log(
          'The cached model lists are damaged or not in the shape Runnel expects; they will be fetched again.',
        );
      }
      return {};
    },

    write(lists) {
      store().set('catalog', { version: CATALOG_VERSION, lists });
    },
  };
}
