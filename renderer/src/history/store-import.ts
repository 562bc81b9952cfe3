/**
 * Writing many conversations at once, for the imports: all in one transaction, messages crossing into
 * SQLite in JSON batches, and a large import rebuilding the search indexes once instead of keeping them
 * up row by row (docs/decisions/2026-11-26-fts5-rebuild-buffer-and-crisis-merge.md).
 */
import type { Database } from '@sqlite.org/sqlite-wasm';
import type { ConversationBundle } from './backup-format';
import type { MessageRowids } from './message-rowids';
import { createFtsTriggersSql, dropFtsTriggersSql, rebuildFtsSql } from './migrations';
import {
  conversationValues,
  messagePlaceholders,
  messageValueCount,
  messageValues,
  upsertConversationSql,
  upsertMessageSql,
} from './store-rows';
import type { StoreAttachments } from './store-attachments';
import type { Statements } from './store-statements';
import type { Write } from './store-writes';
import type { ImportProgress, ImportSummary, MessageRecord, SkippedConversation } from './types';

/** From this many incoming messages (and at least as many as stored) an import rebuilds the index once. */
export const bulkImportThreshold = 2000;
/** Page cache during a bulk import, in KiB (negative, as PRAGMA cache_size takes it). */
const bulkCacheKiB = -262144;

/**
 * The message upsert for many messages in one statement: the rows cross into SQLite as one JSON array
 * and `json_each` unpacks them in C, since binding each message's values one by one from JavaScript cost more than
 * SQLite's own work on them.
 */
const upsertMessagesJsonSql = (onlyIfNewer: boolean): string =>
  upsertMessageSql(onlyIfNewer).replace(
    messagePlaceholders,
    `SELECT ${Array.from({ length: messageValueCount }, (_, i) => `value ->> ${i}`).join(', ')}
     FROM json_each(?) WHERE true`,
  );
/** Messages per JSON batch: a few MB of text at most. */
const jsonBatchSize = 2000;

export type ImportBundles = (
  bundles: ConversationBundle[],
  onProgress?: (progress: ImportProgress) => void,
  skipped?: SkippedConversation[],
  /** More to write in the same transaction, after the conversations (a backup's assistants). */
  alsoWrite?: () => void,
) => ImportSummary;

export interface StoreImportDeps {
  db: Database;
  statements: Statements;
  rowids: MessageRowids;
  write: Write;
  attachments: Pick<StoreAttachments, 'putAttachment' | 'writeLinks'>;
}

/**
 * Writes one conversation of an import: its row, its files, and its messages (for a conversation
 * mirrored from another app, only when the import is at least as new as what is stored). Shared by the
 * one-call imports below and the streamed import's session (store-import-session.ts).
 */
export const createBundleWriter = ({
  statements: { one, run },
  attachments,
}: Pick<StoreImportDeps, 'statements' | 'attachments'>) => {
  const upsertMessages = (
    sql: string,
    messages: readonly MessageRecord[],
    rowid: (createdAt: number) => number | null,
  ): void => {
    for (let start = 0; start < messages.length; start += jsonBatchSize) {
      const rows = messages
        .slice(start, start + jsonBatchSize)
        .map((message) => messageValues(message, rowid(message.createdAt)));
      run(sql, [JSON.stringify(rows)]);
    }
  };

  /**
   * For a conversation mirrored from another app: whether this import is at least as new as the
   * messages stored from that app. If so, those it no longer has (an older branch, or an id from before
   * ids were per conversation) are removed; if not, the import's messages are to be left out.
   */
  const takeMirror = ({
    conversation,
    messages,
    mirroredIdPrefix: prefix,
  }: ConversationBundle): boolean => {
    if (prefix === undefined) return true;
    const fromMirror = 'conversation_id = ?1 AND substr(id, 1, length(?2)) = ?2';
    const storedNewest = one(`SELECT max(updated_at) AS newest FROM messages WHERE ${fromMirror}`, [
      conversation.id,
      prefix,
    ])?.newest;
    if (storedNewest === null || storedNewest === undefined) return true;
    const incomingNewest = messages.reduce((newest, m) => Math.max(newest, m.updatedAt), 0);
    if (incomingNewest < Number(storedNewest)) return false;
    run(
      `DELETE FROM messages WHERE ${fromMirror} AND id NOT IN (SELECT value FROM json_each(?3))`,
      [conversation.id, prefix, JSON.stringify(messages.map((m) => m.id))],
    );
    return true;
  };

  const conversationSql = upsertConversationSql(true);
  const messageSql = upsertMessagesJsonSql(true);

  /** `fresh`: nothing of this conversation can be stored yet (the table was empty at the start). */
  return (
    bundle: ConversationBundle,
    fresh: boolean,
    rowid: (createdAt: number) => number | null,
  ): void => {
    run(conversationSql, conversationValues(bundle.conversation));
    for (const upload of bundle.attachments ?? []) attachments.putAttachment(upload);
    if (fresh || takeMirror(bundle)) {
      upsertMessages(messageSql, bundle.messages, rowid);
      attachments.writeLinks(bundle.messages, true);
    }
  };
};

export const createImportBundles = ({
  db,
  statements,
  rowids,
  write,
  attachments,
}: StoreImportDeps): ImportBundles => {
  const { one } = statements;
  const writeBundle = createBundleWriter({ statements, attachments });

  return (bundles, onProgress, skipped = [], alsoWrite) =>
    write((changed) => {
      const incoming = bundles.reduce((sum, bundle) => sum + bundle.messages.length, 0);
      const stored = Number(one('SELECT count(*) AS n FROM messages')?.n ?? 0);
      // Plain inserts and one rebuild beat per-row trigger upkeep by far for large imports.
      const bulk = incoming >= bulkImportThreshold && incoming >= stored;
      const cacheSize = Number(one('PRAGMA cache_size')?.cache_size ?? -2000);
      if (bulk) {
        db.exec(dropFtsTriggersSql);
        // A cache that holds the whole import keeps SQLite from spilling dirty pages to OPFS mid-way.
        db.exec(`PRAGMA cache_size = ${bulkCacheKiB}`);
      }
      const rowid = rowids.allocator(stored === 0);
      const total = bundles.length;
      const step = Math.max(1, Math.floor(total / 100));
      try {
        bundles.forEach((bundle, index) => {
          writeBundle(bundle, stored === 0, rowid);
          changed.add(bundle.conversation.id);
          if (onProgress && (index % step === 0 || index === total - 1))
            onProgress({ done: index + 1, total });
        });
        alsoWrite?.();
        if (bulk) {
          db.exec(rebuildFtsSql);
          db.exec(createFtsTriggersSql);
        }
      } finally {
        if (bulk) db.exec(`PRAGMA cache_size = ${cacheSize}`);
      }
      changed.add('');
      return { conversations: bundles.length, messages: incoming, skipped };
    });
};
