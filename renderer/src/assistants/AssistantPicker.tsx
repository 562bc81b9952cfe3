/**
 * On a new chat, before its first message: the assistants to start it with. Choosing one gives the
 * chat the assistant's system prompt, model and parameters, and its opening messages.
 */
import { useMemo, useState } from 'react';
import { useHistory } from '../history-view/history-context';
import { useChat, useSettings, useStores } from '../store/context';
import { conversationSettingsFor } from './conversation-settings';
import { useAssistants } from './use-assistants';

const errorText = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);

export function AssistantPicker() {
  const { history } = useHistory();
  const { chat } = useStores();
  const { assistants } = useAssistants(history);
  const providers = useSettings((s) => s.view?.providers);
  const providerIds = useMemo(() => new Set((providers ?? []).map((p) => p.id)), [providers]);
  const [failure, setFailure] = useState<string | null>(null);
  // The pick holds while the new chat keeps the settings it gave: New chat, or another model or
  // parameters chosen in the header, end it.
  const newChat = useChat((s) => s.newChat);
  const [picked, setPicked] = useState<{ id: string; settings: object } | null>(null);
  const activeId = picked?.settings === newChat ? picked.id : null;
  const active = assistants?.find((a) => a.id === activeId) ?? null;
  // History that cannot be read leaves the new chat as it was: the picker is an extra, not a step.
  if (!assistants || assistants.length === 0) return null;

  const start = (assistant: (typeof assistants)[number]) => {
    setFailure(null);
    chat.startWithAssistant(conversationSettingsFor(assistant, providerIds)).then(
      () => setPicked({ id: assistant.id, settings: chat.getState().newChat }),
      (caught: unknown) =>
        setFailure(`The chat with ${assistant.name} could not start: ${errorText(caught)}`),
    );
  };

  return (
    <nav className="assistant-picker" aria-labelledby="assistant-picker-heading">
      <h2 id="assistant-picker-heading">Or start with an assistant</h2>
      <ul className="assistant-picker-list" data-testid="assistant-picker">
        {assistants.map((assistant) => (
          <li key={assistant.id}>
            <button
              type="button"
              className="button"
              data-testid="assistant-pick"
              aria-pressed={assistant.id === activeId}
              title={
                conversationSettingsFor(assistant, providerIds).modelNotice ??
                assistant.systemPrompt.slice(0, 300)
              }
              onClick={() => start(assistant)}
            >
              <span aria-hidden="true">{assistant.emoji || '💬'}</span>
              <span>{assistant.name}</span>
            </button>
          </li>
        ))}
      </ul>
      {active && (
        <p className="assistant-picked" role="status" data-testid="assistant-picked">
          This chat uses {active.emoji ? `${active.emoji} ` : ''}
          {active.name}: its system prompt, model and parameters.
        </p>
      )}
      {failure && (
        <p className="notice notice-error" role="alert">
          {failure}
        </p>
      )}
    </nav>
  );
}
