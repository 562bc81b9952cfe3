/**
 * The quick-ask window: one input, the answer streaming below it, and Stop, Copy answer and Open in
 * Runnel. Every question starts a new conversation, tagged `quick-ask` in history; following up
 * happens in the chat window ("Open in Runnel"). Esc hides the window and an answer still coming goes
 * on streaming, hidden, and is there when the window is shown again.
 */
import {
  useCallback,
  useEffect,
  useRef,
  useState,
  type FormEvent,
  type KeyboardEvent,
} from 'react';
import type { NewConversationSettings } from '../assistants/conversation-settings';
import { shouldSubmit } from '../chat/composer-keys';
import { LiveAnnouncer } from '../chat/LiveAnnouncer';
import { copyLabel, useCopy } from '../chat/use-clipboard';
import { useThemePreference } from '../app-shell/use-theme-preference';
import type { ChatState } from '../store/chat-state';
import { StoresProvider, useChat, useSettings, useStores, type Stores } from '../store/context';
import { isLive } from '../store/message-view';
import { useStore } from '../store/use-store';
import {
  contextPreview,
  contextSummary,
  questionWithContext,
  SHOWN_CONTEXT_CHARS,
} from './context-prompt';
import { QuickAnswer } from './QuickAnswer';
import type { ShownContext, ShownSignal } from './shown-signal';
import { SendOrStopButton } from '../chat/SendOrStopButton';
import { DraftChip } from '../chat/AttachmentChips';
import { pastedFiles } from '../chat/Composer';
import { ImagesAsk } from '../chat/ImagesAsk';
import { useAttachmentDrafts } from '../chat/use-attachment-drafts';
import { sentOf } from '../attachments/composer-drafts';
import { checkBeforeSend, type SendCheck } from '../attachments/send-check';
import { resolveVision } from '../attachments/vision-capability';
import { useListedInput } from '../attachments/vision-listing';
import { pageVisionOverrides } from '../attachments/vision-overrides';

/** What the window asks of main, through window.runnel (main.tsx builds it). */
export interface QuickAskHost {
  hide(): void;
  /** Hands the conversation to the chat window; the reason when it could not. */
  openInMain(conversationId: string): Promise<string | null>;
  /** The settings of the assistant chosen for quick ask (Settings → Quick ask), or null for none. */
  assistantStart?(): Promise<NewConversationSettings | null>;
}

interface QuickAskAppProps {
  stores: Stores;
  shown: ShownSignal;
  host: QuickAskHost;
}

export function QuickAskApp({ stores, shown, host }: QuickAskAppProps) {
  return (
    <StoresProvider stores={stores}>
      <QuickAsk shown={shown} host={host} />
    </StoresProvider>
  );
}

const lastWithRole =
  (role: 'user' | 'assistant') =>
  (state: ChatState): string | null => {
    const ids = state.activeConversationId ? state.order[state.activeConversationId] : undefined;
    for (let index = (ids?.length ?? 0) - 1; index >= 0; index--) {
      const id = ids?.[index];
      if (id && state.messages[id]?.role === role) return id;
    }
    return null;
  };
const lastQuestionId = lastWithRole('user');
const lastAnswerId = lastWithRole('assistant');

type Handover = { kind: 'idle' } | { kind: 'busy' } | { kind: 'failed'; message: string };

function QuickAsk({ shown, host }: { shown: ShownSignal; host: QuickAskHost }) {
  const { chat, models } = useStores();
  useThemePreference();
  const shownCount = useStore(shown, (s) => s.count);
  const shownContext = useStore(shown, (s) => s.context);
  const conversationId = useChat((s) => s.activeConversationId);
  const questionId = useChat(lastQuestionId);
  const answerId = useChat(lastAnswerId);
  const question = useChat((s) => (questionId ? (s.messages[questionId]?.content ?? '') : ''));
  const answerText = useChat((s) => (answerId ? (s.messages[answerId]?.content ?? '') : ''));
  const live = useChat((s) => {
    const status = answerId ? s.messages[answerId]?.status : undefined;
    return status !== undefined && isLive(status);
  });
  const online = useSettings((s) => s.online);

  const [text, setText] = useState('');
  // The context main read belongs to one show: once used or left out, it is gone until the next.
  const [contextDoneAt, setContextDoneAt] = useState(-1);
  const context: ShownContext = contextDoneAt === shownCount ? null : shownContext;
  const [handoverState, setHandover] = useState<Handover & { at: number }>({ kind: 'idle', at: 0 });
  const handover: Handover = handoverState.at === shownCount ? handoverState : { kind: 'idle' };
  const [copyState, copy] = useCopy();
  const input = useRef<HTMLTextAreaElement>(null);

  // Each show: the input takes the focus, its text selected so typing replaces it.
  useEffect(() => {
    input.current?.focus();
    input.current?.select();
  }, [shownCount]);

  const hide = useCallback(() => host.hide(), [host]);
  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent) => {
      if (event.key === 'Escape' && !event.defaultPrevented && !event.isComposing) hide();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [hide]);

  // Pasted images and files, as in the chat window; checked against the active provider's model.
  const model = useSettings((s) => {
    const view = s.view;
    return view?.providers.find((p) => p.id === view.preferences.activeProviderId)?.defaultModel;
  });
  const providerId = useSettings((s) => s.view?.preferences.activeProviderId ?? null);
  const attachments = useAttachmentDrafts({ providerId });
  const { drafts } = attachments;
  const [held, setHeld] = useState<{ check: SendCheck; drafts: typeof drafts } | null>(null);
  const heldCheck = held && held.drafts === drafts ? held.check : null;

  // What the provider's model list says of this model, from main's cached catalog (no request).
  const listed = useListedInput(
    models,
    model && providerId ? { providerId, model } : null,
    shownCount,
  );
  const listedInput = listed.status === 'done' ? listed.input : undefined;
  const reading =
    drafts.some((draft) => draft.status === 'processing') ||
    (listed.status === 'looking' && drafts.some((draft) => draft.kind === 'image'));
  // While a pasted file is read its chip says so, and Ask waits.
  const canAsk = !live && online && !reading && (text.trim().length > 0 || drafts.length > 0);
  const ask = (imagesConfirmed = false) => {
    if (!canAsk) return;
    // The person's switch (Settings → Which models read images) first, as in the chat window.
    const userOverride =
      model && providerId ? pageVisionOverrides().get(providerId, model) : undefined;
    const vision = model
      ? resolveVision({
          modelId: model,
          ...(listedInput === undefined ? {} : { listedInput }),
          ...(userOverride === undefined ? {} : { userOverride }),
        })
      : null;
    const check = checkBeforeSend(drafts, { model: model ?? null, vision }, imagesConfirmed);
    setHeld(check.kind === 'send' ? null : { check, drafts });
    if (check.kind !== 'send') return;
    const files = sentOf(drafts);
    attachments.clear();
    const content = questionWithContext(text, context);
    setText('');
    setContextDoneAt(shownCount);
    setHandover({ kind: 'idle', at: shownCount });
    void (async () => {
      const start = (await host.assistantStart?.()) ?? null;
      if (start) await chat.startWithAssistant(start);
      else chat.newConversation();
      await chat.send(content, files);
    })();
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (!shouldSubmit(event)) return;
    event.preventDefault();
    ask();
  };
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    ask();
  };
  const stop = () => {
    if (answerId) chat.cancel(answerId);
  };

  const openInMain = useCallback(async () => {
    if (!conversationId) return;
    setHandover({ kind: 'busy', at: shownCount });
    const problem = await host.openInMain(conversationId);
    if (problem) {
      setHandover({ kind: 'failed', message: problem, at: shownCount });
      return;
    }
    setHandover({ kind: 'idle', at: shownCount });
    // It lives on in the chat window; the next show starts afresh.
    chat.newConversation();
  }, [chat, conversationId, host, shownCount]);

  return (
    <main className="quick-ask" data-testid="quick-ask" aria-label="Quick ask">
      <div className="quick-ask-drag" aria-hidden="true" />
      <form className="quick-ask-bar" onSubmit={onSubmit}>
        <label htmlFor="quick-ask-input" className="visually-hidden">
          Question
        </label>
        <textarea
          id="quick-ask-input"
          ref={input}
          className="quick-ask-input"
          data-testid="quick-ask-input"
          placeholder={online ? 'Ask anything' : 'You are offline'}
          rows={1}
          autoFocus
          value={text}
          aria-describedby="quick-ask-hint"
          onChange={(event) => setText(event.target.value)}
          onKeyDown={onKeyDown}
          onPaste={(event) => {
            const files = pastedFiles(event.clipboardData);
            if (files.length === 0) return;
            event.preventDefault();
            attachments.add(files);
          }}
        />
        <SendOrStopButton
          streaming={live}
          canSend={canAsk}
          onStop={stop}
          sendLabel="Ask"
          testIds={{ send: 'quick-ask-send', stop: 'quick-ask-stop' }}
        />
      </form>
      {drafts.length > 0 && (
        <ul className="attachment-chips quick-ask-attachments" aria-label="Attachments">
          {drafts.map((draft) => (
            <DraftChip
              key={draft.id}
              draft={draft}
              canSendPagesAsImages={false}
              onRemove={() => attachments.remove(draft.id)}
              onSendPagesAsImages={() => undefined}
              onPassword={(password) => attachments.unlock(draft.id, password)}
            />
          ))}
        </ul>
      )}
      {heldCheck?.kind === 'ask-images' ? (
        <ImagesAsk
          message={heldCheck.message}
          model={null}
          onSendAnyway={() => ask(true)}
          onRemoveImages={() => {
            for (const draft of drafts) if (draft.kind === 'image') attachments.remove(draft.id);
          }}
        />
      ) : (
        heldCheck &&
        heldCheck.kind !== 'send' && (
          <p className="composer-notice" role="status" data-testid="attachments-notice">
            {heldCheck.message}
          </p>
        )
      )}
      {context && (
        <div className="quick-ask-context" data-testid="quick-ask-context">
          <details className="quick-ask-context-details">
            <summary data-testid="quick-ask-context-summary">
              <span className="quick-ask-context-what">{contextSummary(context)}</span>
              <span className="quick-ask-context-preview">{contextPreview(context)}</span>
            </summary>
            <pre className="quick-ask-context-text" data-testid="quick-ask-context-text">
              {context.text.slice(0, SHOWN_CONTEXT_CHARS)}
              {context.text.length > SHOWN_CONTEXT_CHARS &&
                `\n… ${(context.text.length - SHOWN_CONTEXT_CHARS).toLocaleString('en')} more characters, sent with the question`}
            </pre>
          </details>
          <button
            type="button"
            className="button button-small button-ghost"
            data-testid="quick-ask-context-remove"
            onClick={() => setContextDoneAt(shownCount)}
          >
            Leave out
          </button>
        </div>
      )}
      <section className="quick-ask-answer" data-testid="quick-ask-answer" aria-label="Answer">
        {questionId && (
          <p className="quick-ask-question" data-testid="quick-ask-question">
            {question}
          </p>
        )}
        {answerId ? (
          <QuickAnswer id={answerId} onOpenSettings={() => void openInMain()} />
        ) : (
          <p className="quick-ask-empty muted">
            The answer appears here. Follow up in the chat window with Open in Runnel.
          </p>
        )}
      </section>
      <footer className="quick-ask-foot">
        <p className="quick-ask-hint" id="quick-ask-hint">
          {live
            ? 'Esc hides this window; the answer keeps coming'
            : 'Enter to ask · Shift+Enter for a new line · Esc to hide'}
        </p>
        {handover.kind === 'failed' && (
          <p className="field-error" role="alert" data-testid="quick-ask-handover-error">
            {handover.message}
          </p>
        )}
        <div className="quick-ask-actions">
          <button
            type="button"
            className="button button-small"
            data-testid="quick-ask-copy"
            disabled={answerText === ''}
            onClick={() => copy(answerText)}
          >
            {copyLabel(copyState, 'Copy answer')}
          </button>
          <button
            type="button"
            className="button button-small"
            data-testid="quick-ask-open-in-main"
            disabled={!conversationId || live || handover.kind === 'busy'}
            title={live ? 'Available once the answer is finished, or stopped' : undefined}
            onClick={() => void openInMain()}
          >
            Open in Runnel
          </button>
        </div>
      </footer>
      <LiveAnnouncer />
    </main>
  );
}
