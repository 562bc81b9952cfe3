/**
 * The model catalog as the switcher needs it: fetched when the switcher first opens (main answers
 * from its cache, or asks each provider's `/models`), refreshed on request, with a star toggled here
 * at once and put back if main cannot keep it.
 */
import { useCallback, useRef, useState } from 'react';
import type { CatalogModel, ModelCatalog, RunnelApi } from '../../../preload/contract';
import { orderModels, withFavourite } from './model-list';

export type CatalogState =
  | { status: 'idle' }
  | { status: 'loading' }
  /** `at`: when it arrived, for how old a cached list is. */
  | { status: 'ready'; catalog: ModelCatalog; at: number }
  | { status: 'failed'; message: string };

export interface ModelCatalogHandle {
  state: CatalogState;
  /** Fetches the catalog unless it is here or on its way; `refresh` asks every provider again. */
  load(refresh?: boolean): void;
  toggleFavourite(model: CatalogModel): void;
  /** Why the last star could not be kept, or null. */
  favouriteError: string | null;
}

export function useModelCatalog(api: RunnelApi['models'] | undefined): ModelCatalogHandle {
  const [state, setState] = useState<CatalogState>({ status: 'idle' });
  const [favouriteError, setFavouriteError] = useState<string | null>(null);
  /** The state's status as the callbacks see it (set only by them, never while rendering). */
  const status = useRef<CatalogState['status']>('idle');

  const load = useCallback(
    (refresh = false) => {
      if (!api) {
        setState({ status: 'failed', message: 'This window cannot list models.' });
        return;
      }
      if (!refresh && (status.current === 'loading' || status.current === 'ready')) return;
      const settle = (next: CatalogState) => {
        status.current = next.status;
        setState(next);
      };
      settle({ status: 'loading' });
      void api.list(refresh ? { refresh: true } : {}).then(
        (result) =>
          settle(
            result.ok
              ? { status: 'ready', catalog: result.value, at: Date.now() }
              : { status: 'failed', message: result.error.message },
          ),
        (error: unknown) =>
          settle({
            status: 'failed',
            message: error instanceof Error ? error.message : 'The model list could not be read.',
          }),
      );
    },
    [api],
  );

  const toggleFavourite = useCallback(
    (model: CatalogModel) => {
      if (!api || status.current !== 'ready') return;
      const favourite = !model.favourite;
      const update = (flag: boolean) =>
        setState((state) =>
          state.status === 'ready'
            ? {
                ...state,
                catalog: {
                  ...state.catalog,
                  models: orderModels(
                    withFavourite(state.catalog.models, model, flag),
                    state.catalog.providers.map((p) => p.providerId),
                  ),
                },
              }
            : state,
        );
      update(favourite);
      setFavouriteError(null);
      void api
        .setFavourite({ providerId: model.providerId, model: model.model, favourite })
        .then((result) => {
          if (result.ok) return;
          update(!favourite);
          setFavouriteError(`The star could not be saved: ${result.error.message}`);
        });
    },
    [api],
  );

  return { state, load, toggleFavourite, favouriteError };
}
