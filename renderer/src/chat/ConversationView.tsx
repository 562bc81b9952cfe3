/** The open conversation: its messages, the composer, and the polite announcer. */
import { useCallback, useEffect } from 'react';
import type { SettingsView } from '../../../preload/contract';
import { Onboarding } from '../settings/Onboarding';
import { firstLiveAnswerId, type ChatState } from '../store/chat-state';
import { useChat, useSettings, useStores } from '../store/context';
import { resolveModel, type ModelChoice } from '../store/conversation-model';
import { Composer, type ComposerTarget } from './Composer';
import { CompareTargets } from './compare/CompareTargets';
import { EmptyConversation } from './EmptyConversation';
import { LiveAnnouncer } from './LiveAnnouncer';
import { MessageList, type RevealRequest } from './MessageList';
import { modelLabel } from './model-list';
import { ModelSwitcher, useModelChoice } from './ModelSwitcher';
import { ParametersButton } from './ParametersPanel';

const NO_IDS: readonly string[] = [];

/** These return strings or null, so the selectors stay stable between frames. */
const liveAnswerId = (state: ChatState): string | null =>
  // A comparison's answers count too: while any is written, Send is Stop.
  firstLiveAnswerId(state, state.activeConversationId);
const lastAnswerId = (state: ChatState): string | null => {
  // A window in the middle of the conversation (a search hit's) holds none of its last messages.
  if (state.activeConversationId && state.hasNewer[state.activeConversationId]) return null;
  const ids = state.activeConversationId ? state.order[state.activeConversationId] : undefined;
  for (let index = (ids?.length ?? 0) - 1; index >= 0; index--) {
    const id = ids?.[index];
    if (id && state.messages[id]?.role === 'assistant') return id;
  }
  return null;
};

/** The model a conversation's next answer is asked of, as its header and empty state name it. */
function modelInUse(view: SettingsView | null, choice: ModelChoice): string | null {
  const asked = resolveModel(view, choice);
  if (!asked) return null;
  return modelLabel(
    asked.model,
    view?.providers.find((p) => p.id === asked.providerId)?.name ?? null,
  );
}

/** The model the composer checks images against: the one the next answer is asked of. */
function composerTarget(view: SettingsView | null, choice: ModelChoice): ComposerTarget | null {
  return resolveModel(view, choice);
}

export function ConversationView({
  onOpenSettings,
  reveal = null,
}: {
  onOpenSettings: (providerId?: string | null) => void;
  /** A message to scroll to and mark, e.g. the one a search result points at. */
  reveal?: RevealRequest | null;
}) {
  const { chat } = useStores();
  const conversationId = useChat((s) => s.activeConversationId);
  const hasOlder = useChat((s) =>
    s.activeConversationId ? (s.hasOlder[s.activeConversationId] ?? false) : false,
  );
  const loadOlder = useCallback(() => {
    if (conversationId) void chat.loadOlderMessages(conversationId);
  }, [chat, conversationId]);
  const hasNewer = useChat((s) =>
    s.activeConversationId ? (s.hasNewer[s.activeConversationId] ?? false) : false,
  );
  const loadNewer = useCallback(() => {
    if (conversationId) void chat.loadNewerMessages(conversationId);
  }, [chat, conversationId]);
  const showLatest = useCallback(() => {
    if (conversationId) void chat.showLatest(conversationId);
  }, [chat, conversationId]);
  const title = useChat(
    (s) => s.conversations.find((c) => c.id === s.activeConversationId)?.title ?? null,
  );
  const ids = useChat(
    (s) => (s.activeConversationId ? s.order[s.activeConversationId] : undefined) ?? NO_IDS,
  );
  const liveId = useChat(liveAnswerId);
  const lastId = useChat(lastAnswerId);
  const online = useSettings((s) => s.online);
  const view = useSettings((s) => s.view);
  const choice = useModelChoice(conversationId);
  const providerLabel = modelInUse(view, choice);
  const hasProvider = (view?.providers.length ?? 0) > 0;

  // Stop (and Esc) stops every answer being written; a comparison's columns have their own Stop.
  const stop = useCallback(() => {
    if (liveId) chat.cancelAll(conversationId);
  }, [chat, liveId, conversationId]);

  // Esc stops the answer from anywhere in the window, unless something (an edit box) used it.
  useEffect(() => {
    if (!liveId) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && !event.defaultPrevented) stop();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [liveId, stop]);

  const openSettings = useCallback(
    () => onOpenSettings(view?.preferences.activeProviderId ?? null),
    [onOpenSettings, view],
  );

  const blockedReason = online
    ? null
    : 'You are offline. Sending is paused until the connection is back; your conversations are still here to read.';

  return (
    <main className="conversation" data-testid="conversation-view" aria-label={title ?? 'New chat'}>
      <header className="conversation-head">
        <h1 className="conversation-title">{title ?? 'New chat'}</h1>
        {hasProvider && (
          <>
            <ModelSwitcher conversationId={conversationId} />
            <ParametersButton conversationId={conversationId} />
          </>
        )}
      </header>
      {view && !hasProvider ? (
        <Onboarding onOpenSettings={() => onOpenSettings(null)} />
      ) : ids.length === 0 ? (
        <EmptyConversation providerLabel={providerLabel} />
      ) : (
        <MessageList
          key={conversationId ?? 'new'}
          ids={ids}
          lastAnswerId={lastId}
          busy={liveId !== null}
          onOpenSettings={openSettings}
          hasOlder={hasOlder}
          onLoadOlder={loadOlder}
          hasNewer={hasNewer}
          onLoadNewer={loadNewer}
          onShowLatest={showLatest}
          reveal={reveal}
        />
      )}
      {/* During onboarding the composer would only be a disabled distraction. */}
      {(!view || hasProvider) && (
        <Composer
          conversationKey={conversationId ?? 'new'}
          streaming={liveId !== null}
          blockedReason={blockedReason}
          target={composerTarget(view, choice)}
          above={<CompareTargets conversationId={conversationId} />}
          onSend={(text, attachments) => void chat.send(text, attachments)}
          onStop={stop}
        />
      )}
      <LiveAnnouncer />
    </main>
  );
}
