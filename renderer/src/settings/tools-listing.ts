/**
 * The servers and "always allow" answers Settings → Tools shows, kept fresh: asked for once when the
 * section opens and again whenever main says something changed. Only the newest answer counts, so a
 * slow older one never overwrites a newer list.
 */
import type { RunnelApi } from '../../../preload/contract';
import type { ExternalStore } from '../store/use-store';

type ServersAnswer = Extract<Awaited<ReturnType<RunnelApi['tools']['servers']>>, { ok: true }>;

export interface ToolsListingState {
  listing: ServersAnswer['value'] | null;
  loadError: string | null;
}

export interface ToolsListing extends ExternalStore<ToolsListingState> {
  refresh(): Promise<void>;
  /** Starts listening to main's changes; returns the way to stop. */
  start(): () => void;
}

export function createToolsListing(
  api: Pick<RunnelApi['tools'], 'servers' | 'onChanged'>,
): ToolsListing {
  let state: ToolsListingState = { listing: null, loadError: null };
  const listeners = new Set<() => void>();
  let asked = 0;
  const set = (next: ToolsListingState) => {
    state = next;
    for (const listener of listeners) listener();
  };
  const refresh = async (): Promise<void> => {
    const ticket = ++asked;
    const result = await api.servers({});
    if (ticket !== asked) return;
    if (result.ok) set({ listing: result.value, loadError: null });
    else set({ ...state, loadError: result.error.message });
  };
  return {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    refresh,
    start() {
      const stop = api.onChanged(() => void refresh());
      void refresh();
      return stop;
    },
  };
}
