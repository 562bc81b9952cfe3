/** Reads a slice of an external store; the component re-renders only when that slice changes. */
import { useSyncExternalStore } from 'react';

export interface ExternalStore<S> {
  getState(): S;
  subscribe(listener: () => void): () => void;
}

/** `select` must return a value that keeps its identity while unchanged (a field, not a new array). */
export function useStore<S, T>(store: ExternalStore<S>, select: (state: S) => T): T {
  return useSyncExternalStore(store.subscribe, () => select(store.getState()));
}
