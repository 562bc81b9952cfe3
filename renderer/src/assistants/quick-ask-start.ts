/**
 * What a quick question starts with: the settings of the assistant chosen for quick ask, read from
 * history when the question is asked (so a change in Settings applies to the next one), or null for
 * none. History that cannot answer means none: the question is still asked, with Settings' defaults.
 */
import type { HistoryStoreClient } from '../history/history-methods';
import { conversationSettingsFor, type NewConversationSettings } from './conversation-settings';

export function createQuickAskStart(deps: {
  history: Pick<HistoryStoreClient, 'listAssistants'>;
  /** The providers set up now. */
  providerIds: () => ReadonlySet<string>;
}): () => Promise<NewConversationSettings | null> {
  return async () => {
    try {
      const chosen = (await deps.history.listAssistants()).find((a) => a.quickAskDefault);
      return chosen ? conversationSettingsFor(chosen, deps.providerIds()) : null;
    } catch {
      return null;
    }
  };
}
