/**
 * A HistoryClient that keeps everything in memory: the stand-in until the SQLite worker lands, and
 * a fixture for tests. Same contract as the real one: asynchronous, copies in and out, so callers
 * cannot come to depend on sharing objects with the store.
 */
import type {
  ConversationRecord,
  DeletedSubtree,
  HistoryChange,
  MessagePage,
  MessageRecord,
  SearchHit,
} from '../history/types';
import { historyError } from '../history/history-errors';
import { buildMessageTree } from '../history/message-tree';
import { toolActivityText } from '../history/tool-activity-record';
import type { ChatHistory } from './chat-store';

const DEFAULT_PAGE = 200;

export interface MemoryHistorySeed {
  conversations?: ConversationRecord[];
  messages?: MessageRecord[];
}

const copy = <T>(value: T): T => structuredClone(value);

export function createMemoryHistory(seed: MemoryHistorySeed = {}): ChatHistory {
  const conversations = new Map<string, ConversationRecord>();
  const messages = new Map<string, MessageRecord>();
  const listeners = new Set<(change: HistoryChange) => void>();
  for (const conversation of seed.conversations ?? [])
    conversations.set(conversation.id, copy(conversation));
  for (const message of seed.messages ?? []) messages.set(message.id, copy(message));

  const emit = (change: HistoryChange): void => {
    for (const listener of listeners) listener(change);
  };
  const messagesOf = (conversationId: string): MessageRecord[] =>
    [...messages.values()]
      .filter((message) => message.conversationId === conversationId)
      .sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));

  return {
    async listConversations(page = {}) {
      // ConversationListPage: the first `limit` of the list, as the SQLite store's LIMIT gives.
      return [...conversations.values()]
        .sort((a, b) => Number(b.pinned) - Number(a.pinned) || b.updatedAt - a.updatedAt)
        .slice(0, page.limit)
        .map(copy);
    },
    async getConversation(id) {
      const found = conversations.get(id);
      return found ? copy(found) : null;
    },
    async listMessages(conversationId, page = {}): Promise<MessagePage> {
      const limit = page.limit ?? DEFAULT_PAGE;
      const tree = buildMessageTree(messagesOf(conversationId));
      const remembered = conversations.get(conversationId)?.currentLeafId;
      const leaf = page.leafId
        ? tree.get(page.leafId)
        : remembered && tree.get(remembered)
          ? tree.newestLeafUnder(remembered)
          : tree.newestLeaf();
      const siblingsOf = (shown: MessageRecord[]): MessagePage['siblings'] => {
        const siblings: MessagePage['siblings'] = {};
        for (const message of shown) {
          const position = tree.siblingPosition(message.id);
          if (position && position.count > 1) siblings[message.id] = position;
        }
        return siblings;
      };
      const branch = leaf ? tree.pathTo(leaf.id) : [];
      // A window around a message, or the page after one (store-reads.ts does the same in SQL).
      const pageFrom = (path: MessageRecord[], start: number, end: number): MessagePage => {
        const from = Math.max(0, start);
        const shown = path.slice(from, end);
        const more = { hasOlder: from > 0, hasNewer: end < path.length };
        return { messages: shown.map(copy), ...more, siblings: siblingsOf(shown) };
      };
      if (page.aroundId !== undefined) {
        const at = branch.findIndex((m) => m.id === page.aroundId);
        if (at < 0) return { messages: [], hasOlder: false, hasNewer: false, siblings: {} };
        const after = Math.floor((limit - 1) / 2);
        return pageFrom(branch, at - (limit - 1 - after), at + after + 1);
      }
      if (page.afterId !== undefined) {
        const onShown = branch.findIndex((m) => m.id === page.afterId);
        const newest = onShown >= 0 ? null : tree.newestLeafUnder(page.afterId);
        const path = onShown >= 0 || !newest ? branch : tree.pathTo(newest.id);
        const at = path.findIndex((m) => m.id === page.afterId);
        if (at < 0) return { messages: [], hasOlder: false, hasNewer: false, siblings: {} };
        return pageFrom(path, at + 1, at + 1 + limit);
      }
      const path = page.beforeId ? tree.pathTo(page.beforeId).slice(0, -1) : branch;
      const start = Math.max(0, path.length - limit);
      const shown = path.slice(start);
      return { messages: shown.map(copy), hasOlder: start > 0, siblings: siblingsOf(shown) };
    },
    async branchLeaf(messageId) {
      const message = messages.get(messageId);
      if (!message) return null;
      return (
        buildMessageTree(messagesOf(message.conversationId)).newestLeafUnder(messageId)?.id ?? null
      );
    },
    async saveConversation(conversation) {
      conversations.set(conversation.id, copy(conversation));
      emit({ type: 'conversations' });
    },
    async saveMessages(batch) {
      const touched = new Set<string>();
      for (const message of batch) {
        messages.set(message.id, copy(message));
        touched.add(message.conversationId);
      }
      for (const conversationId of touched) emit({ type: 'messages', conversationId });
    },
    async deleteConversation(id) {
      conversations.delete(id);
      for (const message of messagesOf(id)) messages.delete(message.id);
      emit({ type: 'conversations' });
    },
    async deleteMessages(ids) {
      const touched = new Set<string>();
      for (const id of ids) {
        const message = messages.get(id);
        if (!message) continue;
        messages.delete(id);
        touched.add(message.conversationId);
      }
      for (const conversationId of touched) emit({ type: 'messages', conversationId });
    },
    async subtreeSize(messageId) {
      const message = messages.get(messageId);
      if (!message) return 0;
      return buildMessageTree(messagesOf(message.conversationId)).subtree(messageId).length;
    },
    async deleteSubtree(messageId): Promise<DeletedSubtree> {
      const message = messages.get(messageId);
      if (!message) throw historyError('not-found', 'That message is no longer there to delete.');
      const { conversationId } = message;
      const tree = buildMessageTree(messagesOf(conversationId));
      const removed = tree.subtree(messageId);
      if (removed.some((m) => m.status === 'streaming')) {
        throw historyError(
          'bad-request',
          'An answer below this message is still being written. Stop it or let it finish, then delete.',
        );
      }
      const conversation = conversations.get(conversationId);
      const previousLeafId = conversation?.currentLeafId ?? null;
      const shownBefore = (
        previousLeafId && tree.get(previousLeafId)
          ? tree.newestLeafUnder(previousLeafId)
          : tree.newestLeaf()
      )?.id;
      const gone = new Set(removed.map((m) => m.id));
      let currentLeafId = shownBefore ?? null;
      if (shownBefore !== undefined && gone.has(shownBefore)) {
        const siblings = tree.childrenOf(tree.parentOf(messageId));
        const at = siblings.findIndex((m) => m.id === messageId);
        const sibling = siblings[at - 1] ?? siblings[at + 1];
        currentLeafId = sibling ? (tree.newestLeafUnder(sibling.id)?.id ?? null) : message.parentId;
      }
      for (const id of gone) messages.delete(id);
      if (conversation) conversations.set(conversationId, { ...conversation, currentLeafId });
      emit({ type: 'messages', conversationId });
      emit({ type: 'conversations' });
      return {
        conversationId,
        messages: [...removed].sort((a, b) => a.createdAt - b.createdAt).map(copy),
        previousLeafId,
        currentLeafId,
      };
    },
    async search(query, options = {}): Promise<SearchHit[]> {
      const needle = query.trim().toLowerCase();
      if (needle === '') return [];
      const hits: SearchHit[] = [];
      for (const message of messages.values()) {
        // The answer's own text first, else the text of its tool calls, as the SQLite store searches.
        const text = [message.content, toolActivityText(message.toolActivity)].find((candidate) =>
          candidate.toLowerCase().includes(needle),
        );
        if (text === undefined) continue;
        const at = text.toLowerCase().indexOf(needle);
        const from = Math.max(0, at - 40);
        const snippet = text.slice(from, at + needle.length + 40);
        hits.push({
          conversationId: message.conversationId,
          messageId: message.id,
          conversationTitle: conversations.get(message.conversationId)?.title ?? '',
          snippet,
          highlights: [[at - from, at - from + needle.length]],
          createdAt: message.createdAt,
        });
      }
      hits.sort((a, b) => b.createdAt - a.createdAt);
      return hits.slice(0, options.limit ?? 50);
    },
    async markInterrupted(liveMessageIds) {
      const live = new Set(liveMessageIds);
      const marked = [...messages.values()].filter(
        (message) => message.status === 'streaming' && !live.has(message.id),
      );
      for (const message of marked)
        messages.set(message.id, { ...message, status: 'interrupted', updatedAt: Date.now() });
      for (const conversationId of new Set(marked.map((message) => message.conversationId)))
        emit({ type: 'messages', conversationId });
      return marked.map((message) => message.id);
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
