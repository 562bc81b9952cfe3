/**
 * The import formats' parsers (zod and the formats' schemas, in import-parsers.ts), loaded the first
 * time an import needs them rather than when the worker starts, which they would slow down.
 */
import type { ImportParsers } from './history-store';

export interface LazyParsers {
  /** Parsers that call the loaded ones; they throw if the load failed. */
  parsers: ImportParsers;
  /**
   * Runs `run` now, or once the load settles if `needsParsers` and they are not loaded, or while a load
   * is under way (so requests keep their order). After a failed load, the requests that waited run and
   * their imports answer an error; a later import tries to load again.
   */
  whenLoaded(needsParsers: boolean, run: () => void): void;
}

export const createLazyParsers = (
  load: () => Promise<ImportParsers> = () =>
    import('./import-parsers').then((module) => module.importParsers),
): LazyParsers => {
  let loaded: ImportParsers | null = null;
  let loading = false;
  /** True while the requests that waited for a load that failed run. */
  let failed = false;
  const waiting: Array<() => void> = [];

  const notLoaded = (): never => {
    throw new Error('the import code could not be loaded');
  };

  return {
    parsers: {
      backup: (json) => (loaded ?? notLoaded()).backup(json),
      chatGpt: (json) => (loaded ?? notLoaded()).chatGpt(json),
    },
    whenLoaded: (needsParsers, run) => {
      if (!loading && (!needsParsers || loaded || failed)) {
        run();
        return;
      }
      waiting.push(run);
      if (loading) return;
      loading = true;
      load()
        .then((parsers) => (loaded = parsers))
        .catch(() => undefined)
        .finally(() => {
          loading = false;
          failed = loaded === null;
          for (const next of waiting.splice(0)) next();
          failed = false;
        });
    },
  };
};
