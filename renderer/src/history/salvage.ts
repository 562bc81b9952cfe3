/**
 * Copies what can still be read out of a damaged history database into a fresh one, the way SQLite's
 * own recovery tools do it when no recovery extension is at hand: table by table, in ranges of rowids,
 * skipping past whatever fails to read. The sqlite-wasm build Runnel ships has no `sqlite3_recover` API
 * nor `sqlite_dbdata` (its wasm exports neither; the extension lives in a separate amalgamation,
 * sqlite3r.c), so the walk is done here over plain SELECTs. Free of workers and OPFS, so Node tests run
 * it over real damaged files.
 */
import type { Database, PreparedStatement, SqlValue } from '@sqlite.org/sqlite-wasm';
import { cjkColumns, cjkSegments } from './cjk-segments';
import {
  chainMessagesSql,
  createFtsTriggersSql,
  dropFtsTriggersSql,
  rebuildFtsSql,
} from './migrations';
import { assistantColumns } from './store-assistants';
import { inTransaction } from './transaction';

export interface SalvagedCount {
  recovered: number;
  /** What the damaged file held, estimated from what of it still reads (its indexes); null if nothing. */
  expected: number | null;
}

export interface SalvageReport {
  conversations: SalvagedCount;
  messages: SalvagedCount;
  /** Conversations made up ("Recovered conversation") for messages whose own was lost. */
  placeholders: number;
  /** Assistants copied from the damaged file (0 when it had none: the shipped ones stay). */
  assistants?: number;
  /** Attached files copied whose messages came back too; absent when there were none. */
  attachments?: number;
}

/** The columns every schema version has had (version 1's); derived columns are computed again. */
const conversationColumns = [
  'id',
  'title',
  'created_at',
  'updated_at',
  'pinned',
  'model',
  'provider_id',
  'tags',
] as const;
const messageColumns = [
  'id',
  'conversation_id',
  'role',
  'content',
  'reasoning',
  'status',
  'finish_reason',
  'usage',
  'error',
  'created_at',
  'updated_at',
] as const;

/**
 * Columns later schemas added (6, 7 and 10), copied where the damaged file has them and the new one does
 * too: which branch is shown, a conversation's model and parameters, each answer's model, what the
 * provider refused and what the answer did with tools. Copied by id after the rows, so a column that
 * does not read costs only itself.
 */
const laterColumns: Record<'conversations' | 'messages', readonly string[]> = {
  conversations: ['current_leaf_id', 'parameters'],
  messages: ['model', 'provider_id', 'dropped_parameters', 'tool_activity'],
};

const columnsOf = (db: Database, table: string): Set<string> => {
  try {
    return new Set(
      db.selectArrays(`PRAGMA table_info(${table})`).map((column) => String(column[1])),
    );
  } catch {
    return new Set();
  }
};

/** Copies the later columns both files have, row by row by id; returns nothing, loses nothing else. */
const copyLaterColumns = (
  source: Database,
  target: Database,
  table: 'conversations' | 'messages',
): void => {
  const inSource = columnsOf(source, table);
  const inTarget = columnsOf(target, table);
  const columns = laterColumns[table].filter((c) => inSource.has(c) && inTarget.has(c));
  if (columns.length === 0) return;
  const update = target.prepare(
    `UPDATE ${table} SET ${columns.map((c) => `${c} = ?`).join(', ')} WHERE id = ?`,
  );
  try {
    readTable(source, table, ['id', ...columns], (row) => {
      const [, id, ...values] = row;
      if (text(id) === null) return;
      try {
        update.bind([...values.map((value) => text(value)), text(id)]).step();
      } catch {
        // A value the new schema refuses stays empty: the row itself is already back.
      } finally {
        update.reset(true);
      }
    });
  } finally {
    update.finalize();
  }
};

/** Whether the damaged file's messages name their parents (schema version 5 on), if that still reads. */
const hasParentLinks = (source: Database): boolean => {
  try {
    return source
      .selectArrays('PRAGMA table_info(messages)')
      .some((column) => column[1] === 'parent_id');
  } catch {
    return false;
  }
};

/** Where a count of each table can come from when the table itself does not read to the end. */
const countSources: Record<'conversations' | 'messages', readonly string[]> = {
  conversations: [
    'SELECT count(*) FROM conversations',
    'SELECT count(*) FROM conversations INDEXED BY conversations_by_list_order',
    'SELECT count(*) FROM conversations_fts_docsize',
  ],
  messages: [
    'SELECT count(*) FROM messages',
    'SELECT count(*) FROM messages INDEXED BY messages_by_conversation',
    'SELECT count(*) FROM messages_fts_docsize',
    'SELECT count(*) FROM messages_cjk_fts_docsize',
  ],
};

const rowsPerRead = 500;
const firstRowid = Number.MIN_SAFE_INTEGER;
const lastRowid = Number.MAX_SAFE_INTEGER;

/** The largest count any source still answers, or null when none does. */
const estimate = (db: Database, sources: readonly string[]): number | null => {
  let best: number | null = null;
  for (const sql of sources) {
    try {
      const value = Number(db.selectValue(sql));
      if (Number.isFinite(value)) best = Math.max(best ?? 0, value);
    } catch {
      // That part of the file is damaged too.
    }
  }
  return best;
};

/**
 * Every row of `table` that reads, in rowid order, passed to `take` as [rowid, ...columns]. A read that
 * fails (a damaged page, a damaged row) is stepped over: the next start that reads is found by seeking
 * ever further ahead, then back by halves to the first rowid past the damage.
 */
const readTable = (
  db: Database,
  table: string,
  columns: readonly string[],
  take: (values: SqlValue[]) => void,
): void => {
  let batch: PreparedStatement;
  let first: PreparedStatement;
  try {
    const select = `SELECT rowid, ${columns.join(', ')} FROM ${table} WHERE rowid >= ? ORDER BY rowid`;
    batch = db.prepare(`${select} LIMIT ${rowsPerRead}`);
    first = db.prepare(`${select} LIMIT 1`);
  } catch {
    return; // The schema itself does not read: nothing of this table can be found this way.
  }
  /** Reads from `start`: how many rows, the next start, and whether a read failed. */
  const readFrom = (
    statement: PreparedStatement,
    start: number,
    keep: boolean,
  ): { rows: number; next: number; failed: boolean } => {
    let rows = 0;
    let next = start;
    try {
      statement.bind([start]);
      while (statement.step()) {
        const values = statement.get([]);
        rows++;
        next = Number(values[0]) + 1;
        if (keep) take(values);
      }
      return { rows, next, failed: false };
    } catch {
      return { rows, next, failed: true };
    } finally {
      try {
        statement.reset(true);
      } catch {
        // A statement that hit a damaged page reports it again here; it is reset all the same.
      }
    }
  };
  /** Whether the first row from `start` reads (or there is none): the start is past the damage. */
  const readsAt = (start: number): boolean => !readFrom(first, start, false).failed;
  /** The first start after `bad` whose read gets past the damage; null when nothing further reads. */
  const skipDamage = (bad: number): number | null => {
    let lastBad = bad;
    let good = lastRowid;
    for (let gap = 1; good === lastRowid; gap *= 2) {
      const probe = bad + gap;
      if (probe >= lastRowid) return null;
      if (readsAt(probe)) good = probe;
      else lastBad = probe;
    }
    while (good - lastBad > 1) {
      const middle: number = lastBad + Math.floor((good - lastBad) / 2);
      if (readsAt(middle)) good = middle;
      else lastBad = middle;
    }
    return good;
  };
  try {
    let start: number | null = firstRowid;
    while (start !== null) {
      const read = readFrom(batch, start, true);
      if (read.failed) start = skipDamage(read.next);
      else if (read.rows < rowsPerRead) start = null;
      else start = read.next;
    }
  } finally {
    batch.finalize();
    first.finalize();
  }
};

/**
 * The person's assistants, in place of the shipped ones the fresh file starts with. Only when the
 * damaged file names an assistants table: a file from before schema 8 had none, and keeps the shipped
 * ones. Rows stored by the store read leniently (store-assistants.ts), so they are copied as they are.
 */
const salvageAssistants = (source: Database, target: Database): number => {
  let named: boolean;
  try {
    named =
      Number(source.selectValue(`SELECT count(*) FROM sqlite_schema WHERE name = 'assistants'`)) >
      0;
  } catch {
    return 0;
  }
  if (!named) return 0;
  target.exec('DELETE FROM assistants');
  const insert = target.prepare(
    `INSERT OR IGNORE INTO assistants (rowid, ${assistantColumns.join(', ')})
     VALUES (${Array(assistantColumns.length + 1)
       .fill('?')
       .join(', ')})`,
  );
  let copied = 0;
  try {
    readTable(source, 'assistants', assistantColumns, (row) => {
      try {
        insert.bind(row).step();
        copied += Number(target.changes());
      } catch {
        // A row the schema refuses (a second quick-ask mark, a missing name) is left out.
      } finally {
        insert.reset(true);
      }
    });
  } finally {
    insert.finalize();
  }
  return copied;
};

/** The columns of a stored attachment (schema 9 on), its bytes last as in the table. */
const attachmentColumns = [
  'hash',
  'mime',
  'size',
  'created_at',
  'text',
  'text_words',
  'text_cjk',
  'bytes',
] as const;

/**
 * Attached files and the lists that name them, for the messages that came back. Bytes are copied as
 * stored (a damaged blob is copied damaged: it still has its hash); a list entry whose message or
 * bytes were lost is left out, and then bytes no message lists. The lists table has no rowid, so it
 * is read whole: a damaged page of it loses the lists, not the messages.
 */
const salvageAttachments = (source: Database, target: Database): number => {
  let named: boolean;
  try {
    named =
      Number(source.selectValue(`SELECT count(*) FROM sqlite_schema WHERE name = 'attachments'`)) >
      0;
  } catch {
    return 0;
  }
  if (!named) return 0;
  const insertFile = target.prepare(
    `INSERT OR IGNORE INTO attachments (rowid, ${attachmentColumns.join(', ')})
     VALUES (${Array(attachmentColumns.length + 1)
       .fill('?')
       .join(', ')})`,
  );
  try {
    readTable(source, 'attachments', attachmentColumns, (row) => {
      try {
        insertFile.bind(row).step();
      } catch {
        // A row the schema refuses (no hash, no bytes) is left out.
      } finally {
        insertFile.reset(true);
      }
    });
  } finally {
    insertFile.finalize();
  }
  const insertLink = target.prepare(
    `INSERT OR IGNORE INTO message_attachments
       (message_id, position, hash, kind, name, mime, size, width, height, pages)
     SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10
     WHERE EXISTS (SELECT 1 FROM messages WHERE id = ?1)
       AND EXISTS (SELECT 1 FROM attachments WHERE hash = ?3)`,
  );
  try {
    const links = source.exec({
      sql: `SELECT message_id, position, hash, kind, name, mime, size, width, height, pages
            FROM message_attachments`,
      rowMode: 'array',
      returnValue: 'resultRows',
    }) as SqlValue[][];
    for (const link of links) {
      try {
        insertLink.bind(link).step();
      } catch {
        // A kind or value the schema refuses: that entry is left out.
      } finally {
        insertLink.reset(true);
      }
    }
  } catch {
    // The lists do not read: the files go below with nothing naming them.
  } finally {
    insertLink.finalize();
  }
  target.exec(
    'DELETE FROM attachments WHERE NOT EXISTS (SELECT 1 FROM message_attachments l WHERE l.hash = attachments.hash)',
  );
  return Number(target.selectValue('SELECT count(*) FROM attachments'));
};

const text = (value: SqlValue | undefined): string | null =>
  typeof value === 'string' ? value : null;
const integer = (value: SqlValue | undefined): number | null =>
  typeof value === 'number' || typeof value === 'bigint' ? Number(value) : null;

/**
 * Copies every readable conversation and message of `source` into `target`, which is empty and at the
 * latest schema, then rebuilds the search indexes from what was copied. A row that no longer makes
 * sense (no id, a value of the wrong kind) is left out; a message whose conversation was lost gets a
 * placeholder conversation rather than be dropped.
 */
export const salvageInto = (source: Database, target: Database): SalvageReport => {
  const expectedConversations = estimate(source, countSources.conversations);
  const expectedMessages = estimate(source, countSources.messages);
  let conversations = 0;
  let messages = 0;
  let placeholders = 0;
  let assistants = 0;
  let attachments = 0;
  const parentLinks = hasParentLinks(source);
  target.exec('PRAGMA foreign_keys = OFF');
  try {
    inTransaction(target, () => {
      target.exec(dropFtsTriggersSql);
      const insertConversation = target.prepare(
        `INSERT OR IGNORE INTO conversations
           (rowid, id, title, title_cjk, created_at, updated_at, pinned, model, provider_id, tags)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      const insertMessage = target.prepare(
        `INSERT OR IGNORE INTO messages
           (rowid, id, conversation_id, role, content, content_words, reasoning, status,
            finish_reason, usage, error, created_at, updated_at, parent_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      /** 1 if the row went in; 0 if it was a duplicate or held values the schema refuses. */
      const insert = (statement: PreparedStatement, values: SqlValue[]): number => {
        try {
          statement.bind(values).step();
          return Number(target.changes());
        } catch {
          return 0;
        } finally {
          statement.reset(true);
        }
      };
      try {
        readTable(source, 'conversations', conversationColumns, (row) => {
          const [rowid, id, title, createdAt, updatedAt, pinned, model, providerId, tags] = row;
          const name = text(title) ?? '';
          if (text(id) === null || integer(createdAt) === null) return;
          conversations += insert(insertConversation, [
            integer(rowid),
            text(id),
            name,
            cjkSegments(name),
            integer(createdAt),
            integer(updatedAt) ?? integer(createdAt),
            integer(pinned) === 1 ? 1 : 0,
            text(model),
            text(providerId),
            text(tags) ?? '[]',
          ]);
        });
        const readColumns = parentLinks ? [...messageColumns, 'parent_id'] : messageColumns;
        readTable(source, 'messages', readColumns, (row) => {
          const [
            rowid,
            id,
            conversationId,
            role,
            content,
            reasoning,
            status,
            finish,
            usage,
            error,
          ] = row;
          const [createdAt, updatedAt, parentId] = row.slice(10);
          const body = text(content);
          if (text(id) === null || text(conversationId) === null || body === null) return;
          if (integer(createdAt) === null) return;
          const derived = cjkColumns(body);
          messages += insert(insertMessage, [
            integer(rowid),
            text(id),
            text(conversationId),
            text(role),
            body,
            derived.words,
            text(reasoning) ?? '',
            text(status),
            text(finish),
            text(usage),
            text(error),
            integer(createdAt),
            integer(updatedAt) ?? integer(createdAt),
            text(parentId),
          ]);
        });
        // A file from before parent links holds chains; a message whose parent was lost shows as a
        // first message (message-tree.ts).
        if (!parentLinks) target.exec(chainMessagesSql);
        copyLaterColumns(source, target, 'conversations');
        copyLaterColumns(source, target, 'messages');
        assistants = salvageAssistants(source, target);
        attachments = salvageAttachments(source, target);
      } finally {
        insertConversation.finalize();
        insertMessage.finalize();
      }
      target.exec(`
        INSERT INTO conversations (id, title, title_cjk, created_at, updated_at)
        SELECT conversation_id, 'Recovered conversation', '', min(created_at), max(updated_at)
        FROM messages WHERE conversation_id NOT IN (SELECT id FROM conversations)
        GROUP BY conversation_id`);
      placeholders = Number(target.changes());
      target.exec(rebuildFtsSql);
      target.exec(createFtsTriggersSql);
    });
  } finally {
    target.exec('PRAGMA foreign_keys = ON');
  }
  return {
    conversations: {
      recovered: conversations,
      expected:
        expectedConversations === null ? null : Math.max(expectedConversations, conversations),
    },
    messages: {
      recovered: messages,
      expected: expectedMessages === null ? null : Math.max(expectedMessages, messages),
    },
    placeholders,
    assistants,
    ...(attachments > 0 ? { attachments } : {}),
  };
};
