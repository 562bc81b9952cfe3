/**
 * The assistants as history holds them, for a component: read once, and again whenever any window
 * changes them (history announces `{type: 'assistants'}`) or history was rebuilt after damage.
 */
import { useCallback, useEffect, useState } from 'react';
import type { HistoryStoreClient } from '../history/history-methods';
import type { AssistantRecord } from '../history/types';

export interface AssistantsState {
  /** null until the first read answers. */
  assistants: AssistantRecord[] | null;
  /** Why they could not be read, for people; null when they could. */
  error: string | null;
}

const errorText = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);

export function useAssistants(
  history: Pick<HistoryStoreClient, 'listAssistants' | 'onChange'>,
): AssistantsState & { reload: () => void } {
  const [state, setState] = useState<AssistantsState>({ assistants: null, error: null });

  const reload = useCallback(() => {
    history.listAssistants().then(
      (assistants) => setState({ assistants, error: null }),
      (error: unknown) =>
        setState((previous) => ({
          assistants: previous.assistants ?? [],
          error: `Assistants could not be read: ${errorText(error)}`,
        })),
    );
  }, [history]);

  useEffect(() => {
    reload();
    return history.onChange((change) => {
      if (change.type === 'assistants' || change.type === 'repaired') reload();
    });
  }, [history, reload]);

  return { ...state, reload };
}
