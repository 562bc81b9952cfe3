/**
 * The chat store's state and its reducer: plain data in, plain data out, so every transition is
 * tested without React or IPC. Arrays and message objects are replaced only when they change, so
 * components that select them re-render only for their own changes (one message per frame while
 * streaming, not the whole list).
 */
import type { ConversationRecord, SiblingPosition } from '../history/types';
import type { DrainedStream } from './stream-buffer';
import { applyStreamEvent, isLive, type MessageView } from './message-view';
import { settingsDefaultChoice, type ModelRef, type NewChatSettings } from './conversation-model';
import { comparedIds, NEW_CHAT_KEY, type Comparison } from './comparison';

export interface Announcement {
  /** Changes with every announcement, so the same words can be announced twice. */
  id: number;
  text: string;
}

export interface ChatState {
  /** Pinned first, then most recently active first. */
  conversations: ConversationRecord[];
  /** null: a new chat that is not saved until its first message. */
  activeConversationId: string | null;
  messages: Readonly<Record<string, MessageView>>;
  /** Message ids per loaded conversation, oldest first. */
  order: Readonly<Record<string, readonly string[]>>;
  hasOlder: Readonly<Record<string, boolean>>;
  /**
   * The messages loaded are a window in the middle of the branch (a jump to a search hit): newer ones
   * follow, read as the person scrolls down. Absent or false: the loaded messages reach its end.
   */
  hasNewer: Readonly<Record<string, boolean>>;
  /** Where a shown message with other versions (edits, regenerations) sits among them. */
  siblings: Readonly<Record<string, SiblingPosition>>;
  /** streamId → the message it fills. */
  streams: Readonly<Record<string, string>>;
  announcement: Announcement;
  /** The model and parameters a new chat (not saved yet) starts with. */
  newChat: NewChatSettings;
  /**
   * The models the next question goes to, per conversation (comparison.ts `compareKey`), when it
   * goes to several at once; absent or fewer than two: the conversation's own model alone.
   */
  compareTargets: Readonly<Record<string, readonly ModelRef[]>>;
  /** The comparison shown at the end of a conversation, per conversation id (comparison.ts). */
  comparisons: Readonly<Record<string, Comparison>>;
}

export const initialChatState: ChatState = {
  conversations: [],
  activeConversationId: null,
  messages: {},
  order: {},
  hasOlder: {},
  hasNewer: {},
  siblings: {},
  streams: {},
  announcement: { id: 0, text: '' },
  newChat: settingsDefaultChoice,
  compareTargets: {},
  comparisons: {},
};

export type ChatAction =
  | { type: 'conversationsLoaded'; conversations: ConversationRecord[] }
  | { type: 'conversationSaved'; conversation: ConversationRecord }
  | { type: 'conversationRemoved'; conversationId: string }
  | { type: 'conversationOpened'; conversationId: string | null }
  | {
      type: 'messagesLoaded';
      conversationId: string;
      messages: MessageView[];
      hasOlder: boolean;
      /** Given by pages read after the loaded ones (scrolling down a window); else unchanged. */
      hasNewer?: boolean;
      siblings: Readonly<Record<string, SiblingPosition>>;
    }
  /** Another branch of the conversation is shown: its messages replace the ones shown. */
  | {
      type: 'branchShown';
      conversationId: string;
      messages: MessageView[];
      hasOlder: boolean;
      /** A window in the middle of the branch (a jump to a search hit); absent: its last page. */
      hasNewer?: boolean;
      siblings: Readonly<Record<string, SiblingPosition>>;
    }
  | { type: 'messageSaved'; message: MessageView }
  | { type: 'messagesRemoved'; conversationId: string; messageIds: string[] }
  | { type: 'streamAttached'; streamId: string; messageId: string }
  | { type: 'streamReleased'; streamId: string }
  | { type: 'streamEventsArrived'; streams: DrainedStream[]; now: number }
  | { type: 'announced'; text: string }
  | { type: 'newChatSettingsChanged'; settings: NewChatSettings }
  | { type: 'compareTargetsChanged'; key: string; targets: readonly ModelRef[] }
  | {
      type: 'comparisonStarted';
      conversationId: string;
      comparison: Comparison;
      /** Where each answer sits among its siblings, when the store knows (a question just sent). */
      siblings?: Readonly<Record<string, SiblingPosition>>;
    }
  /** A column's answer asked again as a new sibling: the new answer takes the old one's place. */
  | { type: 'comparisonAnswerReplaced'; conversationId: string; from: string; to: string }
  | { type: 'comparisonEnded'; conversationId: string };

function omit<T>(record: Readonly<Record<string, T>>, keys: readonly string[]): Record<string, T> {
  const drop = new Set(keys);
  return Object.fromEntries(Object.entries(record).filter(([key]) => !drop.has(key)));
}

const byRecency = (a: ConversationRecord, b: ConversationRecord): number =>
  Number(b.pinned) - Number(a.pinned) || b.updatedAt - a.updatedAt;

const byCreation = (messages: Readonly<Record<string, MessageView>>) => (a: string, b: string) =>
  (messages[a]?.createdAt ?? 0) - (messages[b]?.createdAt ?? 0);

export function chatReducer(state: ChatState, action: ChatAction): ChatState {
  switch (action.type) {
    case 'conversationsLoaded':
      return { ...state, conversations: [...action.conversations].sort(byRecency) };
    case 'conversationSaved': {
      const others = state.conversations.filter((c) => c.id !== action.conversation.id);
      return { ...state, conversations: [...others, action.conversation].sort(byRecency) };
    }
    case 'conversationRemoved': {
      const messages = omit(state.messages, state.order[action.conversationId] ?? []);
      const order = omit(state.order, [action.conversationId]);
      return {
        ...state,
        conversations: state.conversations.filter((c) => c.id !== action.conversationId),
        activeConversationId:
          state.activeConversationId === action.conversationId ? null : state.activeConversationId,
        messages,
        order,
        hasNewer: omit(state.hasNewer, [action.conversationId]),
        comparisons: omit(state.comparisons, [action.conversationId]),
        compareTargets: omit(state.compareTargets, [action.conversationId]),
      };
    }
    case 'conversationOpened':
      // A new chat starts from Settings' defaults again, whatever the last new chat chose.
      return {
        ...state,
        activeConversationId: action.conversationId,
        ...(action.conversationId === null
          ? {
              newChat: settingsDefaultChoice,
              compareTargets: omit(state.compareTargets, [NEW_CHAT_KEY]),
            }
          : {}),
      };
    case 'messagesLoaded': {
      const messages = { ...state.messages };
      for (const message of action.messages) {
        // A message a live stream is filling is newer here than in storage: keep ours.
        const current = messages[message.id];
        if (!current || current.updatedAt <= message.updatedAt) messages[message.id] = message;
      }
      const ids = new Set([
        ...(state.order[action.conversationId] ?? []),
        ...action.messages.map((m) => m.id),
      ]);
      return {
        ...state,
        messages,
        order: { ...state.order, [action.conversationId]: [...ids].sort(byCreation(messages)) },
        hasOlder: { ...state.hasOlder, [action.conversationId]: action.hasOlder },
        ...(action.hasNewer === undefined
          ? {}
          : { hasNewer: { ...state.hasNewer, [action.conversationId]: action.hasNewer } }),
        siblings: { ...state.siblings, ...action.siblings },
      };
    }
    case 'branchShown': {
      const shown = state.order[action.conversationId] ?? [];
      // A message a stream still fills stays in memory, shown or not, so its answer is saved whole;
      // so do a comparison's answers, each shown in its column.
      const live = new Set([...Object.values(state.streams), ...comparedIds(state.comparisons)]);
      const dropped = shown.filter((id) => !live.has(id));
      const messages = omit(state.messages, dropped);
      for (const message of action.messages) {
        const current = state.messages[message.id];
        messages[message.id] = current && current.updatedAt > message.updatedAt ? current : message;
      }
      return {
        ...state,
        messages,
        order: { ...state.order, [action.conversationId]: action.messages.map((m) => m.id) },
        hasOlder: { ...state.hasOlder, [action.conversationId]: action.hasOlder },
        hasNewer: { ...state.hasNewer, [action.conversationId]: action.hasNewer ?? false },
        siblings: { ...omit(state.siblings, shown), ...action.siblings },
      };
    }
    case 'messageSaved': {
      const { message } = action;
      const messages = { ...state.messages, [message.id]: message };
      const current = state.order[message.conversationId] ?? [];
      // While a window is shown, a new message belongs past its end: it is read when reached.
      const order =
        current.includes(message.id) ||
        beside(state, message) ||
        state.hasNewer[message.conversationId] === true
          ? state.order
          : {
              ...state.order,
              [message.conversationId]: [...current, message.id].sort(byCreation(messages)),
            };
      return { ...state, messages, order };
    }
    case 'messagesRemoved': {
      const removed = new Set(action.messageIds);
      const messages = omit(state.messages, action.messageIds);
      const current = state.order[action.conversationId] ?? [];
      const comparison = state.comparisons[action.conversationId];
      return {
        ...state,
        messages,
        order: {
          ...state.order,
          [action.conversationId]: current.filter((id) => !removed.has(id)),
        },
        comparisons:
          comparison && removed.has(comparison.questionId)
            ? omit(state.comparisons, [action.conversationId])
            : state.comparisons,
      };
    }
    case 'streamAttached':
      return { ...state, streams: { ...state.streams, [action.streamId]: action.messageId } };
    case 'streamReleased': {
      if (!(action.streamId in state.streams)) return state;
      return { ...state, streams: omit(state.streams, [action.streamId]) };
    }
    case 'streamEventsArrived': {
      let messages: Record<string, MessageView> | null = null;
      for (const { streamId, events } of action.streams) {
        const messageId = state.streams[streamId];
        const source = messages ?? state.messages;
        const message = messageId === undefined ? undefined : source[messageId];
        if (!messageId || !message) continue;
        let next = message;
        for (const event of events) next = applyStreamEvent(next, event, action.now);
        if (next !== message) {
          messages ??= { ...state.messages };
          messages[messageId] = next;
        }
      }
      return messages ? { ...state, messages } : state;
    }
    case 'announced':
      return { ...state, announcement: { id: state.announcement.id + 1, text: action.text } };
    case 'newChatSettingsChanged':
      return { ...state, newChat: action.settings };
    case 'compareTargetsChanged':
      return {
        ...state,
        compareTargets:
          action.targets.length > 0
            ? { ...state.compareTargets, [action.key]: action.targets }
            : omit(state.compareTargets, [action.key]),
      };
    case 'comparisonStarted':
      return {
        ...state,
        comparisons: { ...state.comparisons, [action.conversationId]: action.comparison },
        siblings: action.siblings ? { ...state.siblings, ...action.siblings } : state.siblings,
      };
    case 'comparisonAnswerReplaced': {
      const comparison = state.comparisons[action.conversationId];
      if (!comparison?.answerIds.includes(action.from)) return state;
      const swap = (id: string) => (id === action.from ? action.to : id);
      const shown = state.order[action.conversationId] ?? [];
      return {
        ...state,
        comparisons: {
          ...state.comparisons,
          [action.conversationId]: { ...comparison, answerIds: comparison.answerIds.map(swap) },
        },
        // The column's old answer was the one on the branch shown: its replacement is now.
        order: shown.includes(action.from)
          ? { ...state.order, [action.conversationId]: shown.map(swap) }
          : state.order,
      };
    }
    case 'comparisonEnded':
      if (!(action.conversationId in state.comparisons)) return state;
      return { ...state, comparisons: omit(state.comparisons, [action.conversationId]) };
  }
}

/**
 * A message beside the branch shown rather than after it: its parent is shown but is not the last
 * message (a regenerated answer, an edit, a comparison's other answers, and one of them still being
 * written after another was chosen). It is kept in memory; the branch stays one path.
 */
function beside(state: ChatState, message: MessageView): boolean {
  if (message.parentId === null) return false;
  const shown = state.order[message.conversationId] ?? [];
  return shown.includes(message.parentId) && shown.at(-1) !== message.parentId;
}

/** The messages of a conversation, oldest first (empty when not loaded). */
export function messagesOf(state: ChatState, conversationId: string | null): MessageView[] {
  if (conversationId === null) return [];
  const ids = state.order[conversationId] ?? [];
  return ids.flatMap((id) => {
    const message = state.messages[id];
    return message ? [message] : [];
  });
}

/** The stream currently filling a message, if any. */
export function streamOf(state: ChatState, messageId: string): string | null {
  for (const [streamId, target] of Object.entries(state.streams)) {
    if (target === messageId) return streamId;
  }
  return null;
}

/** The comparison shown at the end of a conversation, if one is. */
export function comparisonOf(state: ChatState, conversationId: string | null): Comparison | null {
  return conversationId === null ? null : (state.comparisons[conversationId] ?? null);
}

/**
 * The first answer of the conversation still being written (as liveAnswersOf would list it), or
 * null. Components select it on every store change, several times a frame while answers stream, so
 * it walks the ids without building arrays over the whole conversation.
 */
export function firstLiveAnswerId(state: ChatState, conversationId: string | null): string | null {
  if (conversationId === null) return null;
  const live = (id: string): boolean => {
    const message = state.messages[id];
    return message !== undefined && isLive(message.status);
  };
  for (const id of state.order[conversationId] ?? []) if (live(id)) return id;
  for (const id of state.comparisons[conversationId]?.answerIds ?? []) if (live(id)) return id;
  return null;
}

/** The answers of the conversation still being written: on the branch shown, and in its comparison. */
export function liveAnswersOf(state: ChatState, conversationId: string | null): MessageView[] {
  const shown = messagesOf(state, conversationId);
  const compared = comparisonOf(state, conversationId)?.answerIds ?? [];
  const ids = new Set([...shown.map((m) => m.id), ...compared]);
  return [...ids].flatMap((id) => {
    const message = state.messages[id];
    return message && isLive(message.status) ? [message] : [];
  });
}
