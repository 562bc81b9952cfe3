/**
 * Settings → Quick ask: the assistant quick ask starts its chats with. Kept in history beside the
 * assistants (their `quickAskDefault` mark) rather than in settings: deleting the assistant then
 * takes the choice with it, and the backup carries it.
 */
import { useState } from 'react';
import { useHistory } from '../history-view/history-context';
import { useAssistants } from './use-assistants';

export function QuickAskAssistantField() {
  const { history } = useHistory();
  const { assistants, error } = useAssistants(history);
  const [saveError, setSaveError] = useState<string | null>(null);
  const chosen = assistants?.find((a) => a.quickAskDefault)?.id ?? '';
  const problem = saveError ?? error;
  return (
    <div className="field">
      <label htmlFor="quick-ask-assistant">Quick ask answers as</label>
      <select
        id="quick-ask-assistant"
        data-testid="quick-ask-assistant"
        value={chosen}
        disabled={assistants === null}
        aria-describedby="quick-ask-assistant-hint"
        onChange={(event) => {
          setSaveError(null);
          history
            .setQuickAskAssistant(event.target.value === '' ? null : event.target.value)
            .catch((caught: unknown) =>
              setSaveError(
                `The choice was not saved: ${caught instanceof Error ? caught.message : String(caught)}`,
              ),
            );
        }}
      >
        <option value="">No assistant (Settings’ model and system prompt)</option>
        {(assistants ?? []).map((assistant) => (
          <option key={assistant.id} value={assistant.id}>
            {assistant.emoji ? `${assistant.emoji} ${assistant.name}` : assistant.name}
          </option>
        ))}
      </select>
      <p className="hint" id="quick-ask-assistant-hint">
        Each quick question starts a chat with this assistant’s system prompt, model and parameters.
      </p>
      {problem && (
        <p className="field-error" role="alert" data-testid="quick-ask-assistant-error">
          {problem}
        </p>
      )}
    </div>
  );
}
