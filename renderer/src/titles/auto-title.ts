/**
 * Names a conversation after its first answer: asks the model for a short title in a stream of its
 * own, read silently (never shown as a message), and renames the conversation unless the user already
 * did. When the model cannot help (offline, an error, a rambling answer), the first words of the
 * question, which every conversation starts with, stay.
 */
import { isTerminalView, type RunnelApi, type TerminalEventView } from '../../../preload/contract';
import type { HistoryStoreClient } from '../history/history-methods';
import { messagesOf, type ChatState } from '../store/chat-state';
import type { ChatStore } from '../store/chat-store';
import { titleFrom } from '../store/conversation-request';
import { newId } from '../store/ids';
import { cleanModelTitle, titlePrompt } from './title-text';

export interface AutoTitleDeps {
  chat: ChatStore;
  api: Pick<RunnelApi['chat'], 'start' | 'cancel' | 'onStreamEvent'>;
  history: Pick<HistoryStoreClient, 'renameConversation'>;
  isOnline: () => boolean;
  /** A title that takes longer than this is not worth waiting for. */
  timeoutMs?: number;
}

/** Terminal events of streams not (yet) known as ours: a fast answer can beat `start`'s reply. */
const EARLY_KEPT = 32;

/** The question and answer of a conversation whose first answer has just completed, else null. */
export function firstExchange(
  state: ChatState,
  answerId: string,
): {
  conversationId: string;
  question: string;
  answer: string;
  /** The model that wrote the answer, when known: the title is asked of it, and no other. */
  asked?: { providerId: string; model: string };
} | null {
  const answer = state.messages[answerId];
  if (!answer || answer.role !== 'assistant' || answer.status !== 'complete') return null;
  const messages = messagesOf(state, answer.conversationId);
  const [question, only] = messages;
  if (messages.length !== 2 || question?.role !== 'user' || only?.id !== answerId) return null;
  const conversation = state.conversations.find((c) => c.id === answer.conversationId);
  // Renamed by the user (or already titled): theirs wins.
  if (!conversation || conversation.title !== titleFrom(question.content)) return null;
  if (conversation.tags.includes('quick-ask')) return null;
  return {
    conversationId: answer.conversationId,
    question: question.content,
    answer: answer.content,
    ...(answer.providerId !== undefined && answer.model !== undefined
      ? { asked: { providerId: answer.providerId, model: answer.model } }
      : {}),
  };
}

/** Starts watching; returns the function that stops. */
export function startAutoTitles(deps: AutoTitleDeps): () => void {
  const timeoutMs = deps.timeoutMs ?? 30_000;
  const waiting = new Map<string, (event: TerminalEventView) => void>();
  const early = new Map<string, TerminalEventView>();
  const tried = new Set<string>();

  const offEvents = deps.api.onStreamEvent(({ streamId, event }) => {
    if (!isTerminalView(event)) return;
    const resolve = waiting.get(streamId);
    if (resolve) {
      resolve(event);
      return;
    }
    early.set(streamId, event);
    if (early.size > EARLY_KEPT) early.delete(early.keys().next().value as string);
  });

  const askTitle = async (exchange: NonNullable<ReturnType<typeof firstExchange>>) => {
    const fallback = titleFrom(exchange.question);
    const started = await deps.api.start({
      conversationId: exchange.conversationId,
      messageId: newId(),
      messages: titlePrompt(exchange.question, exchange.answer),
      // The conversation went to this model; its words must reach no other provider for a title.
      ...exchange.asked,
    });
    if (!started.ok) return;
    const { streamId } = started.value;
    deps.chat.ignoreStream(streamId);
    const terminal = await new Promise<TerminalEventView | null>((resolve) => {
      const known = early.get(streamId);
      if (known) return resolve(known);
      const timer = setTimeout(() => {
        waiting.delete(streamId);
        void deps.api.cancel({ streamId });
        resolve(null);
      }, timeoutMs);
      waiting.set(streamId, (event) => {
        clearTimeout(timer);
        waiting.delete(streamId);
        resolve(event);
      });
    });
    early.delete(streamId);
    if (terminal?.type !== 'done') return;
    const title = cleanModelTitle(terminal.text);
    if (!title || title === fallback) return;
    // The user may have renamed it while the model thought.
    const now = deps.chat.getState().conversations.find((c) => c.id === exchange.conversationId);
    if (now?.title !== fallback) return;
    await deps.history.renameConversation(exchange.conversationId, title);
  };

  // A stream leaving `streams` is an answer that ended; only then is it worth looking closer.
  let streams = deps.chat.getState().streams;
  const offState = deps.chat.subscribe(() => {
    const state = deps.chat.getState();
    if (state.streams === streams) return;
    const ended = Object.entries(streams).filter(([streamId]) => !(streamId in state.streams));
    streams = state.streams;
    for (const [, messageId] of ended) {
      const exchange = firstExchange(state, messageId);
      if (!exchange || tried.has(exchange.conversationId) || !deps.isOnline()) continue;
      tried.add(exchange.conversationId);
      void askTitle(exchange).catch(() => undefined);
    }
  });

  return () => {
    offEvents();
    offState();
  };
}
