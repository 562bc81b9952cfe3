/** The model-list cache in Electron's user-data folder: `model-catalog.json`, written by electron-store. */
import ElectronStore from 'electron-store';
import { createCatalogFile, type CatalogCache, type CatalogData } from './catalog-file';

export function createElectronCatalogFile(dir: string, log: (line: string) => void): CatalogCache {
  return createCatalogFile({
    dir,
    // Only a cache: a damaged file is emptied and fetched again rather than kept aside.
    openStore: (cwd, name) =>
      new ElectronStore<{ catalog?: CatalogData }>({ cwd, name, clearInvalidConfig: true }),
    log,
  });
}
