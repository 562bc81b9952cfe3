/**
 * Changing history one request at a time: each change runs in one transaction, and what it touched is
 * announced only once that transaction has committed.
 */
import type { Database } from '@sqlite.org/sqlite-wasm';
import { cjkSegments } from './cjk-segments';
import { historyError } from './history-errors';
import type { HistoryMethods } from './history-protocol';
import type { MessageRowids } from './message-rowids';
import {
  conversationValues,
  messageValues,
  upsertConversationSql,
  upsertMessageSql,
} from './store-rows';
import type { StoreAttachments } from './store-attachments';
import type { Statements } from './store-statements';
import { inTransaction } from './transaction';
import type { HistoryChange } from './types';

/**
 * Runs `work` in one transaction; `work` adds to `changed` the ids of the conversations whose messages
 * it changed, and '' when the conversation list changed.
 */
export type Write = <T>(work: (changed: Set<string>) => T) => T;

export const createWrite =
  (db: Database, emit: (change: HistoryChange) => void): Write =>
  (work) => {
    const changed = new Set<string>();
    const result = inTransaction(db, () => work(changed));
    for (const key of changed) {
      emit(key === '' ? { type: 'conversations' } : { type: 'messages', conversationId: key });
    }
    return result;
  };

export type StoreWrites = Pick<
  HistoryMethods,
  | 'saveConversation'
  | 'saveMessages'
  | 'deleteConversation'
  | 'deleteMessages'
  | 'renameConversation'
  | 'setPinned'
  | 'markInterrupted'
>;

export interface StoreWritesDeps {
  statements: Statements;
  rowids: MessageRowids;
  write: Write;
  now: () => number;
  attachments: Pick<StoreAttachments, 'writeLinks'>;
}

export const createStoreWrites = ({
  statements: { all, one, run },
  rowids,
  write,
  now,
  attachments,
}: StoreWritesDeps): StoreWrites => {
  const requireConversation = (id: string): void => {
    if (!one('SELECT 1 AS found FROM conversations WHERE id = ?', [id])) {
      throw historyError('not-found', `There is no conversation with id "${id}".`);
    }
  };

  return {
    saveConversation: (conversation) =>
      write((changed) => {
        run(upsertConversationSql(false), conversationValues(conversation));
        changed.add('');
      }),

    saveMessages: (messages) =>
      write((changed) => {
        for (const message of messages) {
          requireConversation(message.conversationId);
          run(upsertMessageSql(false), messageValues(message, rowids.next(message.createdAt)));
          attachments.writeLinks([message]);
          changed.add(message.conversationId);
          // A new message moves its conversation to the top of the list.
          if (
            run('UPDATE conversations SET updated_at = ? WHERE id = ? AND updated_at < ?', [
              message.createdAt,
              message.conversationId,
              message.createdAt,
            ])
          ) {
            changed.add('');
          }
        }
      }),

    deleteConversation: (id) =>
      write((changed) => {
        // Messages go with it (ON DELETE CASCADE), and the FTS triggers fire for each of them.
        if (run('DELETE FROM conversations WHERE id = ?', [id])) {
          changed.add('');
          changed.add(id);
        }
      }),

    deleteMessages: (ids) =>
      write((changed) => {
        const list = JSON.stringify(ids);
        for (const row of all(
          'SELECT DISTINCT conversation_id FROM messages WHERE id IN (SELECT value FROM json_each(?))',
          [list],
        )) {
          changed.add(String(row.conversation_id));
        }
        run('DELETE FROM messages WHERE id IN (SELECT value FROM json_each(?))', [list]);
      }),

    renameConversation: (id, title) =>
      write((changed) => {
        requireConversation(id);
        run('UPDATE conversations SET title = ?, title_cjk = ? WHERE id = ?', [
          title,
          cjkSegments(title),
          id,
        ]);
        changed.add('');
      }),

    setPinned: (id, pinned) =>
      write((changed) => {
        requireConversation(id);
        run('UPDATE conversations SET pinned = ? WHERE id = ?', [pinned ? 1 : 0, id]);
        changed.add('');
      }),

    markInterrupted: (liveMessageIds) =>
      write((changed) => {
        const rows = all(
          `UPDATE messages SET status = 'interrupted', updated_at = ?
           WHERE status = 'streaming' AND id NOT IN (SELECT value FROM json_each(?))
           RETURNING id, conversation_id`,
          [now(), JSON.stringify(liveMessageIds)],
        );
        for (const row of rows) changed.add(String(row.conversation_id));
        return rows.map((row) => String(row.id));
      }),
  };
};
