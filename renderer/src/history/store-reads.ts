/**
 * Reading history: the conversation list, one conversation, its messages a page at a time, and the
 * whole of it or one conversation as an export.
 */
import type { BackupAttachment, ConversationBundle } from './backup-format';
import { toBase64, writeBackup } from './backup-format';
import { conversationToMarkdown, conversationTreeToMarkdown } from './export-markdown';
import { historyError } from './history-errors';
import { createBranchQueries } from './store-branches';
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
import type { StoreAttachments } from './store-attachments';
import { readAssistants } from './store-assistants';
import type { Statements } from './store-statements';
import { compareSiblings, positionAmong, type TreeLink } from './message-tree';
import type { MessagePage, MessageRecord } from './types';

const defaultPageSize = 50;
const maxPageSize = 1000;
/** More messages than any branch holds: LIMIT takes a 32-bit count. */
const wholeBranch = 2 ** 31 - 1;
/**
 * The longest walk from a leaf looking for a message (a window's reads): far beyond any real branch,
 * and it bounds the walk should a cycle of parent links (which imports refuse) ever be stored.
 */
const longestWalk = 500_000;

export type StoreReads = Pick<
  HistoryMethods,
  | 'listConversations'
  | 'getConversation'
  | 'listMessages'
  | 'branchLeaf'
  | 'exportBackup'
  | 'exportBackupFile'
  | 'exportMarkdown'
>;

/** Text of a backup gathered into Blob parts of about this size, so pieces do not pile up as strings. */
const blobBatchChars = 4 * 1024 * 1024;

/** The conversation list's order: pinned first, then newest first (ConversationListPage). */
const listOrder = 'pinned DESC, updated_at DESC, rowid DESC';

/** Messages with their attachment lists, for those that have any. */
const withAttachments = (
  messages: MessageRecord[],
  refs: Map<string, MessageRecord['attachments']>,
): MessageRecord[] =>
  refs.size === 0
    ? messages
    : messages.map((message) => {
        const attachments = refs.get(message.id);
        return attachments ? { ...message, attachments } : message;
      });

export const createStoreReads = (
  { all, one, arraysViaJson }: Statements,
  now: () => number,
  attachments: StoreAttachments,
): StoreReads => {
  const { branchLeaf, shownLeaf } = createBranchQueries({ one });

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

  /**
   * The branch ending at `leafId` below `stopId`: `stopId` first (as `depth` = `stop_depth`), then up
   * to `count + 1` messages after it, oldest first. Empty when `stopId` is not on that branch. Walks
   * ids only from the leaf to `stopId`; columns are read for the rows returned alone.
   */
  const below = (conversationId: string, leafId: string, stopId: string, count: number): Row[] =>
    all(
      `WITH RECURSIVE up(rid, id, parent_id, depth) AS (
         SELECT rowid, id, parent_id, 0 FROM messages WHERE id = ? AND conversation_id = ?
         UNION ALL
         SELECT m.rowid, m.id, m.parent_id, up.depth + 1 FROM messages m JOIN up ON m.id = up.parent_id
         WHERE up.id <> ? AND m.conversation_id = ?
         LIMIT ?),
       stop(depth) AS (SELECT depth FROM up WHERE id = ?)
       SELECT up.depth, stop.depth AS stop_depth, ${messageColumnList.map((c) => `m.${c}`).join(', ')}
       FROM up JOIN stop JOIN messages m ON m.rowid = up.rid
       WHERE up.depth <= stop.depth AND up.depth >= stop.depth - ?
       ORDER BY up.depth DESC`,
      [leafId, conversationId, stopId, conversationId, longestWalk, stopId, count + 1],
    );

  /** A page of records with their attachments and sibling positions. */
  const pageOf = (
    rows: Row[],
    conversationId: string,
    more: { hasOlder: boolean; hasNewer: boolean },
  ): MessagePage => {
    const plain = rows.map(toMessage);
    const messages = withAttachments(plain, attachments.refsOf(plain.map((m) => m.id)));
    return { messages, ...more, siblings: siblingsOf(conversationId, messages) };
  };

  /** `count` messages after `afterId`: on the branch shown, else on the newest branch below it. */
  const newerPage = (
    conversationId: string,
    afterId: string,
    count: number,
    leafId: string | undefined,
  ): MessagePage => {
    const leaf = leafId ?? shownLeaf(conversationId);
    let rows = leaf === null ? [] : below(conversationId, leaf, afterId, count);
    if (rows.length === 0 && leafId === undefined) {
      const newest = branchLeaf(afterId);
      rows = newest === null ? [] : below(conversationId, newest, afterId, count);
    }
    const newer = rows.slice(1);
    const hasNewer = newer.length > count;
    return pageOf(hasNewer ? newer.slice(0, count) : newer, conversationId, {
      hasOlder: rows.length > 0,
      hasNewer,
    });
  };

  /** About `count` messages with `aroundId` in the middle, on the branch shown or ending at `leafId`. */
  const windowPage = (
    conversationId: string,
    aroundId: string,
    count: number,
    leafId: string | undefined,
  ): MessagePage => {
    const leaf = leafId ?? shownLeaf(conversationId);
    const after = Math.floor((count - 1) / 2);
    const newer = leaf === null ? [] : below(conversationId, leaf, aroundId, after);
    if (newer.length === 0) return { messages: [], hasOlder: false, hasNewer: false, siblings: {} };
    const before = count - 1 - after;
    // The message itself (depth 0) and one more than the page above it, to tell if there are more.
    const older = ancestors(conversationId, aroundId, before + 2).filter(
      (row) => Number(row.depth) >= 1,
    );
    const hasOlder = older.length > before;
    const hasNewer = newer.length > after + 1;
    return pageOf(
      [...older.slice(hasOlder ? 1 : 0), ...newer.slice(0, after + 1)],
      conversationId,
      { hasOlder, hasNewer },
    );
  };

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
    if (page.aroundId !== undefined)
      return windowPage(conversationId, page.aroundId, limit, page.leafId);
    if (page.afterId !== undefined)
      return newerPage(conversationId, page.afterId, limit, page.leafId);
    const from = page.beforeId ?? page.leafId ?? shownLeaf(conversationId);
    if (from === null) return { messages: [], hasOlder: false, siblings: {} };
    // One more than the page tells whether there is an older one; with beforeId, that message
    // itself (depth 0) is read too and left out.
    const skip = page.beforeId === undefined ? 0 : 1;
    const rows = ancestors(conversationId, from, limit + 1 + skip).filter(
      (row) => Number(row.depth) >= skip,
    );
    const hasOlder = rows.length > limit;
    const plain = rows.slice(hasOlder ? 1 : 0).map(toMessage);
    const messages = withAttachments(plain, attachments.refsOf(plain.map((m) => m.id)));
    return { messages, hasOlder, siblings: siblingsOf(conversationId, messages) };
  };

  const bundlesInOrder = (): ConversationBundle[] => {
    const byConversation = new Map<string, MessageRecord[]>();
    const refs = attachments.allRefs();
    for (const row of all(
      `SELECT ${messageColumns} FROM messages ORDER BY conversation_id, created_at, rowid`,
    )) {
      const plain = toMessage(row);
      const listed = refs.get(plain.id);
      const message = listed ? { ...plain, attachments: listed } : plain;
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

  /** One attachment as a backup holds it, read when the writer reaches it. */
  const backupAttachment = (hash: string): BackupAttachment | null => {
    const data = attachments.readAttachment(hash);
    if (!data) return null;
    const text = attachments.textOf(hash);
    return { hash, mime: data.mime, ...(text === '' ? {} : { text }), data: toBase64(data.bytes) };
  };

  const writeBackupPieces = (write: (piece: string) => void): void =>
    writeBackup(
      bundlesInOrder(),
      attachments.listedHashes(),
      backupAttachment,
      now(),
      write,
      readAssistants(all),
    );

  return {
    // Straight from the arrays: the list is read at every start. ConversationListPage: a window asks
    // for its first screen or so first, which walks the list-order index and stops at the limit.
    listConversations: (page = {}) =>
      arraysViaJson(
        conversationColumnList,
        page.limit === undefined
          ? 'conversations'
          : `(SELECT ${conversationColumns}, rowid FROM conversations ORDER BY ${listOrder} LIMIT ?)`,
        listOrder,
        page.limit === undefined ? [] : [Math.max(0, Math.floor(page.limit))],
      ).map(conversationFromValues),

    getConversation: (id) => {
      const row = one(`SELECT ${conversationColumns} FROM conversations WHERE id = ?`, [id]);
      return row ? toConversation(row) : null;
    },

    listMessages,
    branchLeaf,

    exportBackup: () => {
      const pieces: string[] = [];
      writeBackupPieces((piece) => pieces.push(piece));
      return pieces.join('');
    },

    // The same text, gathered into a Blob a few MB at a time: a Blob made of Blobs refers to them
    // rather than copying, so 1 GB of attachments is held once (by the Blob), never twice.
    exportBackupFile: () => {
      let blob = new Blob([], { type: 'application/json' });
      let batch: string[] = [];
      let batchChars = 0;
      const flush = (): void => {
        blob = new Blob([blob, ...batch], { type: 'application/json' });
        batch = [];
        batchChars = 0;
      };
      writeBackupPieces((piece) => {
        batch.push(piece);
        batchChars += piece.length;
        if (batchChars >= blobBatchChars) flush();
      });
      flush();
      return blob;
    },

    exportMarkdown: (conversationId, options = {}) => {
      const row = one(`SELECT ${conversationColumns} FROM conversations WHERE id = ?`, [
        conversationId,
      ]);
      if (!row)
        throw historyError('not-found', `There is no conversation with id "${conversationId}".`);
      const leaf = shownLeaf(conversationId);
      if (options.branches === 'all') {
        const messages = all(
          `SELECT ${messageColumns} FROM messages WHERE conversation_id = ? ORDER BY created_at, rowid`,
          [conversationId],
        ).map(toMessage);
        return conversationTreeToMarkdown(toConversation(row), messages, leaf);
      }
      const messages = leaf ? ancestors(conversationId, leaf, wholeBranch).map(toMessage) : [];
      return conversationToMarkdown(toConversation(row), messages);
    },
  };
};
