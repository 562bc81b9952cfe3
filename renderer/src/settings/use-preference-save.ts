/** Saves one preference and remembers, for that field only, whether it worked. */
import { useCallback, useRef, useState } from 'react';
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

/**
 * A control shows the person's choice at once, not only once main has saved it: the choice while its save
 * runs, then the saved preference again (the same choice, or the old one beside the error if it failed).
 */
export function useChoiceWhileSaving<T>(saved: T): [T, (choice: T, saving: Promise<void>) => void] {
  const [pending, setPending] = useState<{ choice: T } | null>(null);
  const latest = useRef(0);
  const choose = useCallback((choice: T, saving: Promise<void>) => {
    const ticket = (latest.current += 1);
    setPending({ choice });
    void saving.finally(() => {
      if (latest.current === ticket) setPending(null);
    });
  }, []);
  return [pending ? pending.choice : saved, choose];
}
