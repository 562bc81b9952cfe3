/** Saves one preference and remembers, for that field only, whether it worked. */
import { useCallback, useState } from 'react';
import type { Preferences } from '../../../preload/contract';
import { useStores } from '../store/context';

export type SaveState =
  { kind: 'idle' } | { kind: 'saving' } | { kind: 'saved' } | { kind: 'error'; message: string };

export function usePreferenceSave(): [
  SaveState,
  (patch: Partial<Preferences>) => Promise<void>,
  (message: string) => void,
] {
  const { settings } = useStores();
  const [state, setState] = useState<SaveState>({ kind: 'idle' });
  const save = useCallback(
    async (patch: Partial<Preferences>) => {
      setState({ kind: 'saving' });
      const result = await settings.updatePreferences(patch);
      setState(result.ok ? { kind: 'saved' } : { kind: 'error', message: result.error.message });
    },
    [settings],
  );
  const fail = useCallback((message: string) => setState({ kind: 'error', message }), []);
  return [state, save, fail];
}
