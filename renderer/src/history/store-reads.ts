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
} from './store-rows';
import type { Statements } from './store-statements';
import type { MessageRecord } from './types';

const defaultPageSize = 50;
const maxPageSize = 1000;

export type StoreReads = Pick<
  HistoryMethods,
  'listConversations' | 'getConversation' | 'listMessages' | 'exportBackup' | 'exportMarkdown'
>;

export const createStoreReads = (
  { all, one, arraysViaJson, allViaJson }: Statements,
  now: () => number,
): StoreReads => {
  const listMessages: StoreReads['listMessages'] = (conversationId, page = {}) => {
    const limit = Math.min(Math.max(1, Math.floor(page.limit ?? defaultPageSize)), maxPageSize);
    const before = page.before ?? Number.MAX_SAFE_INTEGER;
    const newest = allViaJson(
      ['rid', ...messageColumnList],
      `(SELECT rowid AS rid, ${messageColumns} FROM messages
        WHERE conversation_id = ? AND created_at < ? ORDER BY created_at DESC, rowid DESC LIMIT ?)`,
      'created_at DESC, rid DESC',
      [conversationId, before, limit],
    );
    const oldest = newest[newest.length - 1];
    if (!oldest) return { messages: [], hasOlder: false };
    // Paging is by createdAt: take every message that shares the oldest one's time, so the next page
    // (before = that time) neither repeats nor skips any.
    const seen = new Set(newest.map((row) => Number(row.rid ?? null)));
    const ties = all(
      `SELECT rowid AS rid, ${messageColumns} FROM messages
       WHERE conversation_id = ? AND created_at = ? ORDER BY rowid DESC`,
      [conversationId, Number(oldest.created_at)],
    ).filter((row) => !seen.has(Number(row.rid ?? null)));
    const rows = [...newest, ...ties].sort(
      (a, b) => Number(a.created_at) - Number(b.created_at) || Number(a.rid) - Number(b.rid),
    );
    const hasOlder = Boolean(
      one('SELECT 1 AS found FROM messages WHERE conversation_id = ? AND created_at < ? LIMIT 1', [
        conversationId,
        Number(oldest.created_at),
      ]),
    );
    return { messages: rows.map(toMessage), hasOlder };
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

    exportBackup: () => JSON.stringify(toBackup(bundlesInOrder(), now())),

    exportMarkdown: (conversationId) => {
      const row = one(`SELECT ${conversationColumns} FROM conversations WHERE id = ?`, [
        conversationId,
      ]);
      if (!row)
        throw historyError('not-found', `There is no conversation with id "${conversationId}".`);
      const messages = all(
        `SELECT ${messageColumns} FROM messages WHERE conversation_id = ? ORDER BY created_at, rowid`,
        [conversationId],
      ).map(toMessage);
      return conversationToMarkdown(toConversation(row), messages);
    },
  };
};
