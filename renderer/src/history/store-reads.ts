/**
 * Reading history: the conversation list, one conversation, its messages a page at a time, and the
 * whole of it or one conversation as an export.
 */
import type { ConversationBundle } from './backup-format';
import { toBackup } from './backup-format';
import { conversationToMarkdown } from './export-markdown';
import { historyError } from './history-errors';
import type { HistoryMethods } from './history-protocol';
import {
  conversationColumnList,
  conversationColumns,
  conversationFromValues,
  messageColumnList,
  messageColumns,
  toConversation,
  toMessage,
  type Row,
} from './store-rows';
import type { Statements } from './store-statements';
import { compareSiblings, positionAmong, type TreeLink } from './message-tree';
import type { MessagePage, MessageRecord } from './types';

const defaultPageSize = 50;
const maxPageSize = 1000;
/** More messages than any branch holds: LIMIT takes a 32-bit count. */
const wholeBranch = 2 ** 31 - 1;

export type StoreReads = Pick<
  HistoryMethods,
  | 'listConversations'
  | 'getConversation'
  | 'listMessages'
  | 'branchLeaf'
  | 'exportBackup'
  | 'exportMarkdown'
>;

export const createStoreReads = (
  { all, one, arraysViaJson }: Statements,
  now: () => number,
): StoreReads => {
  /** The newest leaf at or below `messageId`: where a branch shown from it ends. */
  const branchLeaf: StoreReads['branchLeaf'] = (messageId) => {
    const row = one(
      `WITH RECURSIVE down(id, created_at) AS (
         SELECT id, created_at FROM messages WHERE id = ?
         UNION
         SELECT m.id, m.created_at FROM messages m JOIN down ON m.parent_id = down.id)
       SELECT id FROM down d WHERE NOT EXISTS (SELECT 1 FROM messages c WHERE c.parent_id = d.id)
       ORDER BY created_at DESC, id DESC LIMIT 1`,
      [messageId],
    );
    return row ? String(row.id) : null;
  };

  /** The leaf of the branch a conversation shows: its remembered one, else its newest leaf. */
  const shownLeaf = (conversationId: string): string | null => {
    const remembered = one(
      `SELECT m.id FROM conversations c JOIN messages m
         ON m.id = c.current_leaf_id AND m.conversation_id = c.id
       WHERE c.id = ?`,
      [conversationId],
    );
    if (remembered) return branchLeaf(String(remembered.id));
    const newest = one(
      `SELECT id FROM messages m WHERE conversation_id = ?
         AND NOT EXISTS (SELECT 1 FROM messages c WHERE c.parent_id = m.id)
       ORDER BY created_at DESC, id DESC LIMIT 1`,
      [conversationId],
    );
    return newest ? String(newest.id) : null;
  };

  /**
   * Up to `count` messages from `fromId` towards the root, `fromId` first. Bounded by the count, so
   * a cycle (which imports refuse) could not make it run away.
   */
  const ancestors = (conversationId: string, fromId: string, count: number): Row[] =>
    all(
      `WITH RECURSIVE up(rid, parent_id, depth) AS (
         SELECT rowid, parent_id, 0 FROM messages WHERE id = ? AND conversation_id = ?
         UNION ALL
         SELECT m.rowid, m.parent_id, up.depth + 1 FROM messages m JOIN up ON m.id = up.parent_id
         WHERE m.conversation_id = ?
         LIMIT ?)
       SELECT up.depth, ${messageColumnList.map((c) => `m.${c}`).join(', ')}
       FROM up JOIN messages m ON m.rowid = up.rid ORDER BY up.depth DESC`,
      [fromId, conversationId, conversationId, count],
    );

  /** Where each message with siblings sits among them. */
  const siblingsOf = (
    conversationId: string,
    messages: MessageRecord[],
  ): MessagePage['siblings'] => {
    const parents = [
      ...new Set(messages.flatMap((m) => (m.parentId === null ? [] : [m.parentId]))),
    ];
    const hasFirstMessage = messages.some((m) => m.parentId === null);
    const rows = all(
      `SELECT id, parent_id, created_at FROM messages
       WHERE parent_id IN (SELECT value FROM json_each(?))
       ${hasFirstMessage ? 'UNION ALL SELECT id, parent_id, created_at FROM messages WHERE conversation_id = ? AND parent_id IS NULL' : ''}`,
      hasFirstMessage ? [JSON.stringify(parents), conversationId] : [JSON.stringify(parents)],
    );
    const byParent = new Map<string | null, TreeLink[]>();
    for (const row of rows) {
      const parentId = row.parent_id === null ? null : String(row.parent_id);
      const link = { id: String(row.id), parentId, createdAt: Number(row.created_at) };
      const list = byParent.get(parentId);
      if (list) list.push(link);
      else byParent.set(parentId, [link]);
    }
    for (const group of byParent.values()) group.sort(compareSiblings);
    const siblings: MessagePage['siblings'] = {};
    for (const message of messages) {
      const group = byParent.get(message.parentId) ?? [];
      if (group.length > 1) siblings[message.id] = positionAmong(group, message);
    }
    return siblings;
  };

  /**
   * The branch shown (root to its leaf), a page at a time from the end; with `beforeId`, the page of
   * its ancestors, so paging back stays on the branch that message is on.
   */
  const listMessages: StoreReads['listMessages'] = (conversationId, page = {}) => {
    const limit = Math.min(Math.max(1, Math.floor(page.limit ?? defaultPageSize)), maxPageSize);
    const from = page.beforeId ?? shownLeaf(conversationId);
    if (from === null) return { messages: [], hasOlder: false, siblings: {} };
    // One more than the page tells whether there is an older one; with beforeId, that message
    // itself (depth 0) is read too and left out.
    const skip = page.beforeId === undefined ? 0 : 1;
    const rows = ancestors(conversationId, from, limit + 1 + skip).filter(
      (row) => Number(row.depth) >= skip,
    );
    const hasOlder = rows.length > limit;
    const messages = rows.slice(hasOlder ? 1 : 0).map(toMessage);
    return { messages, hasOlder, siblings: siblingsOf(conversationId, messages) };
  };

  const bundlesInOrder = (): ConversationBundle[] => {
    const byConversation = new Map<string, MessageRecord[]>();
    for (const row of all(
      `SELECT ${messageColumns} FROM messages ORDER BY conversation_id, created_at, rowid`,
    )) {
      const message = toMessage(row);
      const list = byConversation.get(message.conversationId);
      if (list) list.push(message);
      else byConversation.set(message.conversationId, [message]);
    }
    return all(`SELECT ${conversationColumns} FROM conversations ORDER BY created_at, rowid`).map(
      (row) => {
        const conversation = toConversation(row);
        return { conversation, messages: byConversation.get(conversation.id) ?? [] };
      },
    );
  };

  return {
    // Straight from the arrays: the list is read at every start, with every conversation in it.
    listConversations: () =>
      arraysViaJson(
        conversationColumnList,
        'conversations',
        'pinned DESC, updated_at DESC, rowid DESC',
      ).map(conversationFromValues),

    getConversation: (id) => {
      const row = one(`SELECT ${conversationColumns} FROM conversations WHERE id = ?`, [id]);
      return row ? toConversation(row) : null;
    },

    listMessages,
    branchLeaf,

    exportBackup: () => JSON.stringify(toBackup(bundlesInOrder(), now())),

    exportMarkdown: (conversationId) => {
      const row = one(`SELECT ${conversationColumns} FROM conversations WHERE id = ?`, [
        conversationId,
      ]);
      if (!row)
        throw historyError('not-found', `There is no conversation with id "${conversationId}".`);
      const leaf = shownLeaf(conversationId);
      const messages = leaf ? ancestors(conversationId, leaf, wholeBranch).map(toMessage) : [];
      return conversationToMarkdown(toConversation(row), messages);
    },
  };
};
