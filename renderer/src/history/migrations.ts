/**
 * The schema as numbered migrations. `PRAGMA user_version` is the version on disk; each migration runs in
 * its own transaction together with the version bump, so a crash leaves the database at a whole version.
 * Never edit a released migration: add the next one, and a test that opens the previous shape with data.
 */
import type { Database, SqlValue } from '@sqlite.org/sqlite-wasm';
import { cjkSegments, cjkWords } from './cjk-segments';
import { migrateToAssistants } from './migration-8-assistants';
import { messageSearchColumns, readToolActivity } from './tool-activity-record';
import { inTransaction } from './transaction';

export interface Migration {
  version: number;
  /** Why this step exists, in a sentence. */
  purpose: string;
  up(db: Database): void;
}

const conversationsFtsTriggersSql = `
CREATE TRIGGER IF NOT EXISTS conversations_fts_insert AFTER INSERT ON conversations BEGIN
  INSERT INTO conversations_fts (rowid, title, title_cjk) VALUES (new.rowid, new.title, new.title_cjk);
END;
CREATE TRIGGER IF NOT EXISTS conversations_fts_delete AFTER DELETE ON conversations BEGIN
  INSERT INTO conversations_fts (conversations_fts, rowid, title, title_cjk)
    VALUES ('delete', old.rowid, old.title, old.title_cjk);
END;
CREATE TRIGGER IF NOT EXISTS conversations_fts_update AFTER UPDATE OF title, title_cjk ON conversations
  WHEN old.title IS NOT new.title OR old.title_cjk IS NOT new.title_cjk BEGIN
  INSERT INTO conversations_fts (conversations_fts, rowid, title, title_cjk)
    VALUES ('delete', old.rowid, old.title, old.title_cjk);
  INSERT INTO conversations_fts (rowid, title, title_cjk) VALUES (new.rowid, new.title, new.title_cjk);
END;
`;

/** The triggers of schema versions 2 and 3 (one messages_fts over content and content_cjk). */
const ftsTriggersV2Sql = `
CREATE TRIGGER IF NOT EXISTS messages_fts_insert AFTER INSERT ON messages BEGIN
  INSERT INTO messages_fts (rowid, content, content_cjk) VALUES (new.rowid, new.content, new.content_cjk);
END;
CREATE TRIGGER IF NOT EXISTS messages_fts_delete AFTER DELETE ON messages BEGIN
  INSERT INTO messages_fts (messages_fts, rowid, content, content_cjk)
    VALUES ('delete', old.rowid, old.content, old.content_cjk);
END;
CREATE TRIGGER IF NOT EXISTS messages_fts_update AFTER UPDATE OF content, content_cjk ON messages
  WHEN old.content IS NOT new.content OR old.content_cjk IS NOT new.content_cjk BEGIN
  INSERT INTO messages_fts (messages_fts, rowid, content, content_cjk)
    VALUES ('delete', old.rowid, old.content, old.content_cjk);
  INSERT INTO messages_fts (rowid, content, content_cjk) VALUES (new.rowid, new.content, new.content_cjk);
END;
${conversationsFtsTriggersSql}`;

/** The triggers from schema version 4: words in messages_fts, CJK bigrams in messages_cjk_fts. */
const ftsTriggersV4Sql = `
CREATE TRIGGER IF NOT EXISTS messages_fts_insert AFTER INSERT ON messages BEGIN
  INSERT INTO messages_fts (rowid, content, content_words)
    VALUES (new.rowid, new.content, new.content_words);
  INSERT INTO messages_cjk_fts (rowid, content_cjk) VALUES (new.rowid, new.content_cjk);
END;
CREATE TRIGGER IF NOT EXISTS messages_fts_delete AFTER DELETE ON messages BEGIN
  INSERT INTO messages_fts (messages_fts, rowid, content, content_words)
    VALUES ('delete', old.rowid, old.content, old.content_words);
  INSERT INTO messages_cjk_fts (messages_cjk_fts, rowid, content_cjk)
    VALUES ('delete', old.rowid, old.content_cjk);
END;
CREATE TRIGGER IF NOT EXISTS messages_fts_update AFTER UPDATE OF content, content_words ON messages
  WHEN old.content IS NOT new.content OR old.content_words IS NOT new.content_words BEGIN
  INSERT INTO messages_fts (messages_fts, rowid, content, content_words)
    VALUES ('delete', old.rowid, old.content, old.content_words);
  INSERT INTO messages_fts (rowid, content, content_words)
    VALUES (new.rowid, new.content, new.content_words);
END;
CREATE TRIGGER IF NOT EXISTS messages_cjk_fts_update AFTER UPDATE OF content_cjk ON messages
  WHEN old.content_cjk IS NOT new.content_cjk BEGIN
  INSERT INTO messages_cjk_fts (messages_cjk_fts, rowid, content_cjk)
    VALUES ('delete', old.rowid, old.content_cjk);
  INSERT INTO messages_cjk_fts (rowid, content_cjk) VALUES (new.rowid, new.content_cjk);
END;
${conversationsFtsTriggersSql}`;

/**
 * A message's CJK bigrams, from its content and its tool calls' text (store-rows.ts derived them on
 * write and stored them until schema 12). Only messages that have some are in messages_cjk_fts.
 */
const messageCjkSelect = (row: 'new' | ''): string => {
  const at = row === '' ? '' : `${row}.`;
  return `SELECT ${at}rowid AS rowid, message_cjk(${at}content, ${at}tool_activity) AS segments`;
};
/** `LIMIT -1` keeps SQLite from flattening `from` into the WHERE, which would call message_cjk twice. */
const insertCjkSql = (from: string): string =>
  `INSERT INTO messages_cjk_fts (rowid, content_cjk)
    SELECT rowid, segments FROM (${from} LIMIT -1) WHERE segments <> ''`;

/**
 * The triggers from schema version 12: messages_cjk_fts is contentless, so a message is removed from it
 * by rowid alone, and its bigrams are computed by `message_cjk` as it is written.
 */
const ftsTriggersV12Sql = `
CREATE TRIGGER IF NOT EXISTS messages_fts_insert AFTER INSERT ON messages BEGIN
  INSERT INTO messages_fts (rowid, content, content_words)
    VALUES (new.rowid, new.content, new.content_words);
  ${insertCjkSql(messageCjkSelect('new'))};
END;
CREATE TRIGGER IF NOT EXISTS messages_fts_delete AFTER DELETE ON messages BEGIN
  INSERT INTO messages_fts (messages_fts, rowid, content, content_words)
    VALUES ('delete', old.rowid, old.content, old.content_words);
  DELETE FROM messages_cjk_fts WHERE rowid = old.rowid;
END;
CREATE TRIGGER IF NOT EXISTS messages_fts_update AFTER UPDATE OF content, content_words ON messages
  WHEN old.content IS NOT new.content OR old.content_words IS NOT new.content_words BEGIN
  INSERT INTO messages_fts (messages_fts, rowid, content, content_words)
    VALUES ('delete', old.rowid, old.content, old.content_words);
  INSERT INTO messages_fts (rowid, content, content_words)
    VALUES (new.rowid, new.content, new.content_words);
END;
CREATE TRIGGER IF NOT EXISTS messages_cjk_fts_update AFTER UPDATE OF content, tool_activity ON messages
  WHEN old.content IS NOT new.content OR old.tool_activity IS NOT new.tool_activity BEGIN
  DELETE FROM messages_cjk_fts WHERE rowid = old.rowid;
  ${insertCjkSql(messageCjkSelect('new'))};
END;
${conversationsFtsTriggersSql}`;

/** FTS tables are kept in sync with their content by these triggers (re-created after bulk loads). */
export const createFtsTriggersSql = ftsTriggersV12Sql;

export const dropFtsTriggersSql = `
DROP TRIGGER IF EXISTS messages_fts_insert;
DROP TRIGGER IF EXISTS messages_fts_delete;
DROP TRIGGER IF EXISTS messages_fts_update;
DROP TRIGGER IF EXISTS messages_cjk_fts_update;
DROP TRIGGER IF EXISTS conversations_fts_insert;
DROP TRIGGER IF EXISTS conversations_fts_delete;
DROP TRIGGER IF EXISTS conversations_fts_update;
`;

/**
 * FTS5 settings while an index is rebuilt in one go: no merging as it fills, and an in-memory buffer of
 * 8 MiB. With the defaults (a 1 MiB buffer, segments merged four at a time as they appear) the same terms
 * are rewritten level after level: at 100,000 messages the rebuild took 13.7 s. A larger buffer is not
 * faster: 32 MiB took 5.0-5.7 s for the two message indexes, 8 MiB 4.4-4.9 s (Node, in memory); of six
 * alternating 100k imports in Chromium, 8 MiB was faster in five (median 9.9 s against 10.5 s, on a
 * machine whose own speed drifted by 20 % over those runs). It leaves more segments (15 and 9 at 100,000
 * messages), which `HistoryStore.tidyIndexes` merges afterwards in small steps while the worker is idle;
 * merging them inside the import instead ('optimize') cost 1.4-2 s of it.
 * Everyday settings come back afterwards, since writes of one message at a time want the incremental
 * merging; with FTS5's crisis merge at 16 segments (its default), the first message saved after a 100k
 * import merged the whole index in that one write (1.4 s in Chromium). At 64, the first 40 writes after
 * the import took at most 34 ms each while the worker's steps merged the segments.
 */
const bulkFtsSettings = { automerge: 0, crisismerge: 2000, hashsize: 8 * 1024 * 1024 };
const defaultFtsSettings = { automerge: 4, crisismerge: 64, hashsize: 1024 * 1024 };
const ftsSettingsSql = (table: string, settings: Record<string, number>): string =>
  Object.entries(settings)
    .map(([key, value]) => `INSERT INTO ${table} (${table}, rank) VALUES ('${key}', ${value});`)
    .join('\n');

const rebuildOneSql = (table: string): string => `
${ftsSettingsSql(table, bulkFtsSettings)}
INSERT INTO ${table} (${table}) VALUES ('rebuild');
${ftsSettingsSql(table, defaultFtsSettings)}
`;

/** Schema versions 2 and 3: one index of messages and one of titles. */
const rebuildFtsV2Sql = rebuildOneSql('messages_fts') + rebuildOneSql('conversations_fts');

/** The full-text indexes of the current schema. */
export const ftsTables = ['messages_fts', 'messages_cjk_fts', 'conversations_fts'] as const;

/**
 * A contentless index has no content table to rebuild from ('rebuild' is refused): it is emptied and
 * filled by the `fill` statement, with the same bulk settings.
 */
const refillContentlessSql = (table: string, fill: string): string => `
${ftsSettingsSql(table, bulkFtsSettings)}
INSERT INTO ${table} (${table}) VALUES ('delete-all');
${fill};
${ftsSettingsSql(table, defaultFtsSettings)}
`;

/** Rebuilds every index from the messages and conversations. */
export const rebuildFtsSql =
  rebuildOneSql('messages_fts') +
  refillContentlessSql('messages_cjk_fts', insertCjkSql(`${messageCjkSelect('')} FROM messages`)) +
  rebuildOneSql('conversations_fts');

/**
 * The SQL function the schema itself uses (from schema 12 the messages' triggers and the CJK index's
 * refill call it), so every connection that writes messages registers it: `migrate` does, on every open.
 */
export const registerSchemaFunctions = (db: Database): void => {
  db.createFunction({
    name: 'message_cjk',
    arity: 2,
    deterministic: true,
    innocuous: true,
    xFunc: (_ctx: number, content: unknown, toolActivity: unknown) =>
      messageSearchColumns(
        typeof content === 'string' ? content : '',
        readToolActivity(toolActivity as SqlValue),
      ).segments,
  });
};

/** SQL functions the migrations use to back-fill derived columns; `migrate` registers them when it runs one. */
export const registerSqlFunctions = (db: Database): void => {
  db.createFunction({
    name: 'cjk_segments',
    arity: 1,
    deterministic: true,
    xFunc: (_ctx: number, text: unknown) => cjkSegments(typeof text === 'string' ? text : ''),
  });
  db.createFunction({
    name: 'cjk_words',
    arity: 1,
    deterministic: true,
    xFunc: (_ctx: number, text: unknown) => cjkWords(typeof text === 'string' ? text : ''),
  });
};

/** Makes every conversation a chain: each message the child of the one before it in time. */
export const chainMessagesSql = `
  WITH chain AS (
    SELECT rowid AS rid,
           LAG(id) OVER (PARTITION BY conversation_id ORDER BY created_at, rowid) AS parent
    FROM messages
  )
  UPDATE messages SET parent_id = chain.parent FROM chain WHERE chain.rid = messages.rowid`;

/**
 * Schema version 9. `bytes` is the last column of `attachments`: reading the columns before it (the
 * search text, the mime) never walks the blob's overflow pages. Links name their message by id, so
 * a message deleted (alone, with its conversation, or by a cascade) takes its links with it, and the
 * triggers then remove bytes no link names any more, inside the same transaction as the delete.
 */
export const attachmentsSchemaSql = `
CREATE TABLE attachments (
  rowid INTEGER PRIMARY KEY,
  hash TEXT NOT NULL UNIQUE CHECK (length(hash) = 64),
  mime TEXT NOT NULL,
  size INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  text TEXT NOT NULL DEFAULT '',
  text_words TEXT NOT NULL DEFAULT '',
  text_cjk TEXT NOT NULL DEFAULT '',
  bytes BLOB NOT NULL
);
CREATE TABLE message_attachments (
  message_id TEXT NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  hash TEXT NOT NULL REFERENCES attachments (hash),
  kind TEXT NOT NULL CHECK (kind IN ('image', 'text', 'pdf')),
  name TEXT NOT NULL,
  mime TEXT NOT NULL,
  size INTEGER NOT NULL,
  width INTEGER,
  height INTEGER,
  pages INTEGER,
  PRIMARY KEY (message_id, position)
) WITHOUT ROWID;
CREATE INDEX message_attachments_by_hash ON message_attachments (hash);
CREATE TRIGGER attachments_release_on_delete AFTER DELETE ON message_attachments
  WHEN NOT EXISTS (SELECT 1 FROM message_attachments WHERE hash = old.hash) BEGIN
  DELETE FROM attachments WHERE hash = old.hash;
END;
CREATE TRIGGER attachments_release_on_update AFTER UPDATE OF hash ON message_attachments
  WHEN old.hash IS NOT new.hash
   AND NOT EXISTS (SELECT 1 FROM message_attachments WHERE hash = old.hash) BEGIN
  DELETE FROM attachments WHERE hash = old.hash;
END;
CREATE VIRTUAL TABLE attachments_fts USING fts5 (
  text, text_words, text_cjk,
  content = 'attachments', content_rowid = 'rowid',
  tokenize = 'unicode61 remove_diacritics 2', prefix = '1 3'
);
CREATE TRIGGER attachments_fts_insert AFTER INSERT ON attachments BEGIN
  INSERT INTO attachments_fts (rowid, text, text_words, text_cjk)
    VALUES (new.rowid, new.text, new.text_words, new.text_cjk);
END;
CREATE TRIGGER attachments_fts_delete AFTER DELETE ON attachments BEGIN
  INSERT INTO attachments_fts (attachments_fts, rowid, text, text_words, text_cjk)
    VALUES ('delete', old.rowid, old.text, old.text_words, old.text_cjk);
END;
CREATE TRIGGER attachments_fts_update AFTER UPDATE OF text, text_words, text_cjk ON attachments BEGIN
  INSERT INTO attachments_fts (attachments_fts, rowid, text, text_words, text_cjk)
    VALUES ('delete', old.rowid, old.text, old.text_words, old.text_cjk);
  INSERT INTO attachments_fts (rowid, text, text_words, text_cjk)
    VALUES (new.rowid, new.text, new.text_words, new.text_cjk);
END;
`;

export const migrations: readonly Migration[] = [
  {
    version: 1,
    purpose: 'Conversations and their messages, listed newest first and paged by time.',
    up: (db) =>
      db.exec(`
        CREATE TABLE conversations (
          rowid INTEGER PRIMARY KEY,
          id TEXT NOT NULL UNIQUE,
          title TEXT NOT NULL,
          created_at INTEGER NOT NULL,
          updated_at INTEGER NOT NULL,
          pinned INTEGER NOT NULL DEFAULT 0 CHECK (pinned IN (0, 1)),
          model TEXT,
          provider_id TEXT,
          tags TEXT NOT NULL DEFAULT '[]'
        );
        CREATE INDEX conversations_by_list_order ON conversations (pinned DESC, updated_at DESC);
        CREATE TABLE messages (
          rowid INTEGER PRIMARY KEY,
          id TEXT NOT NULL UNIQUE,
          conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
          role TEXT NOT NULL CHECK (role IN ('system', 'user', 'assistant')),
          content TEXT NOT NULL,
          reasoning TEXT NOT NULL DEFAULT '',
          status TEXT NOT NULL
            CHECK (status IN ('complete', 'streaming', 'interrupted', 'cancelled', 'error')),
          finish_reason TEXT,
          usage TEXT,
          error TEXT,
          created_at INTEGER NOT NULL,
          updated_at INTEGER NOT NULL
        );
        CREATE INDEX messages_by_conversation ON messages (conversation_id, created_at);
        CREATE INDEX messages_streaming ON messages (status) WHERE status = 'streaming';
      `),
  },
  {
    version: 2,
    purpose:
      'Full-text search over messages and titles: FTS5 external-content tables kept by triggers, ' +
      'with CJK runs indexed as bigrams in their own column.',
    up: (db) => {
      db.exec(`
        ALTER TABLE conversations ADD COLUMN title_cjk TEXT NOT NULL DEFAULT '';
        ALTER TABLE messages ADD COLUMN content_cjk TEXT NOT NULL DEFAULT '';
        UPDATE conversations SET title_cjk = cjk_segments(title);
        UPDATE messages SET content_cjk = cjk_segments(content);
        CREATE VIRTUAL TABLE messages_fts USING fts5 (
          content, content_cjk,
          content = 'messages', content_rowid = 'rowid',
          tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
        );
        CREATE VIRTUAL TABLE conversations_fts USING fts5 (
          title, title_cjk,
          content = 'conversations', content_rowid = 'rowid',
          tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
        );
      `);
      db.exec(rebuildFtsV2Sql);
      db.exec(ftsTriggersV2Sql);
    },
  },
  {
    version: 3,
    purpose:
      'Prefix indexes of 1 and 3 characters instead of 2 and 3. A one-character CJK query (and a ' +
      'one-letter prefix) reads one entry of the 1-index instead of merging every token that starts ' +
      'with that character (112 ms at 100,000 messages before); a 2-letter prefix reads the 3-index; ' +
      'and CJK bigrams are no longer stored twice (the 2-index held each of them again), so the index ' +
      'is smaller than before.',
    up: (db) => {
      db.exec(dropFtsTriggersSql);
      db.exec(`
        DROP TABLE messages_fts;
        DROP TABLE conversations_fts;
        CREATE VIRTUAL TABLE messages_fts USING fts5 (
          content, content_cjk,
          content = 'messages', content_rowid = 'rowid',
          tokenize = 'unicode61 remove_diacritics 2', prefix = '1 3'
        );
        CREATE VIRTUAL TABLE conversations_fts USING fts5 (
          title, title_cjk,
          content = 'conversations', content_rowid = 'rowid',
          tokenize = 'unicode61 remove_diacritics 2', prefix = '1 3'
        );
      `);
      db.exec(rebuildFtsV2Sql);
      db.exec(ftsTriggersV2Sql);
    },
  },
  {
    version: 4,
    purpose:
      'Messages indexed in two FTS5 tables: words (content, and the latin fragments glued to CJK, ' +
      'now in their own content_words column) with prefix indexes of 1 and 3 characters, and CJK ' +
      'bigrams with the 1-character prefix index alone. In one table every bigram sat in the words ' +
      "index's tokens and prefix indexes too: at 100,000 messages the rebuild took 6.0 s, and 4.6 s " +
      'like this (Node, in memory).',
    up: (db) => {
      db.exec(dropFtsTriggersSql);
      db.exec(`
        ALTER TABLE messages ADD COLUMN content_words TEXT NOT NULL DEFAULT '';
        UPDATE messages SET content_words = cjk_words(content) WHERE content_cjk <> '';
        DROP TABLE messages_fts;
        CREATE VIRTUAL TABLE messages_fts USING fts5 (
          content, content_words,
          content = 'messages', content_rowid = 'rowid',
          tokenize = 'unicode61 remove_diacritics 2', prefix = '1 3'
        );
        CREATE VIRTUAL TABLE messages_cjk_fts USING fts5 (
          content_cjk,
          content = 'messages', content_rowid = 'rowid',
          tokenize = 'unicode61 remove_diacritics 2', prefix = '1'
        );
      `);
      db.exec(rebuildOneSql('messages_fts') + rebuildOneSql('messages_cjk_fts'));
      db.exec(ftsTriggersV4Sql);
    },
  },
  {
    version: 5,
    purpose:
      'Conversations become trees: each message names its parent (null for a first message). Every ' +
      'stored conversation becomes a chain, each message the child of the one before it in time.',
    up: (db) => {
      db.exec('ALTER TABLE messages ADD COLUMN parent_id TEXT');
      db.exec(chainMessagesSql);
      db.exec('CREATE INDEX messages_by_parent ON messages (parent_id)');
    },
  },
  {
    version: 6,
    purpose:
      'Each conversation remembers the branch shown last: its current leaf (null: the newest leaf).',
    up: (db) =>
      db.exec(`
        ALTER TABLE conversations ADD COLUMN current_leaf_id TEXT;
        CREATE INDEX messages_roots ON messages (conversation_id) WHERE parent_id IS NULL;
      `),
  },
  {
    version: 7,
    purpose:
      'Each conversation keeps its own parameters (JSON, null for none), and each answer the model ' +
      'and provider that wrote it and the parameters the provider refused (JSON); null in older rows.',
    up: (db) =>
      db.exec(`
        ALTER TABLE conversations ADD COLUMN parameters TEXT;
        ALTER TABLE messages ADD COLUMN model TEXT;
        ALTER TABLE messages ADD COLUMN provider_id TEXT;
        ALTER TABLE messages ADD COLUMN dropped_parameters TEXT;
      `),
  },
  {
    version: 8,
    purpose:
      'Assistants: named presets of system prompt, model, parameters and opening messages, in list ' +
      'order; the shipped ones are written here, once, so one the person deleted stays deleted.',
    up: migrateToAssistants,
  },
  {
    version: 9,
    purpose:
      'Attachments: their bytes stored once per SHA-256 (in the database, so a message and its ' +
      'files commit or roll back together), each message listing its files in order, an ' +
      'attachment removed with the last message that lists it, and the text of text files and ' +
      'PDFs searchable.',
    up: (db) => db.exec(attachmentsSchemaSql),
  },
  {
    version: 10,
    purpose:
      'Each answer keeps its tool calls and their results, and the step limit it hit, as one JSON ' +
      'text (null without any): both are read only with the answer, never queried apart. Their text ' +
      "is searched through the message's content_words and content_cjk columns, which the store " +
      'derives on write, so the indexes and their triggers stay as they are and older rows, which ' +
      'have no calls, need no rebuild.',
    up: (db) => db.exec('ALTER TABLE messages ADD COLUMN tool_activity TEXT'),
  },
  {
    version: 11,
    purpose:
      'Prefix searches of four characters answered from a prefix index of their own (prefixes of ' +
      '1, 3 and 4 characters): at a million messages a 4-character prefix merged every term that ' +
      'starts with it, the slowest search (p95 61 ms); with the index every prefix tried answered ' +
      'in under 5 ms at 300,000 messages. The words index grows by about a third ' +
      '(the decision note on a million messages).',
    up: (db) => {
      db.exec(dropFtsTriggersSql);
      db.exec(`
        DROP TABLE messages_fts;
        CREATE VIRTUAL TABLE messages_fts USING fts5 (
          content, content_words,
          content = 'messages', content_rowid = 'rowid',
          tokenize = 'unicode61 remove_diacritics 2', prefix = '1 3 4'
        );
      `);
      db.exec(rebuildOneSql('messages_fts'));
      db.exec(ftsTriggersV4Sql);
    },
  },
  {
    version: 12,
    purpose:
      "Messages no longer store their CJK bigrams (content_cjk, half the text's size again): the " +
      'CJK index becomes contentless, filled by its triggers through message_cjk() from the content ' +
      'and the tool calls, and a message leaves it by rowid. It is filled here from the stored ' +
      'column before the column is dropped (the decision note on a million messages).',
    up: (db) => {
      db.exec(dropFtsTriggersSql);
      db.exec(`
        DROP TABLE messages_cjk_fts;
        CREATE VIRTUAL TABLE messages_cjk_fts USING fts5 (
          content_cjk,
          content = '', contentless_delete = 1,
          tokenize = 'unicode61 remove_diacritics 2', prefix = '1'
        );
      `);
      db.exec(
        refillContentlessSql(
          'messages_cjk_fts',
          insertCjkSql(
            "SELECT rowid, content_cjk AS segments FROM messages WHERE content_cjk <> ''",
          ),
        ),
      );
      db.exec('ALTER TABLE messages DROP COLUMN content_cjk');
      db.exec(ftsTriggersV12Sql);
    },
  },
];

export const latestVersion = migrations[migrations.length - 1]?.version ?? 0;

export const schemaVersion = (db: Database): number =>
  Number(db.selectValue('PRAGMA user_version') ?? 0);

/**
 * Brings the database up to `target` (the latest by default; tests stop earlier to build an old shape).
 * A database newer than this build is refused rather than guessed at.
 */
export const migrate = (db: Database, target = latestVersion): number => {
  const from = schemaVersion(db);
  if (from > latestVersion) {
    throw new Error(
      `The history database is at schema version ${from}, newer than this app knows (${latestVersion}).`,
    );
  }
  const pending = migrations.filter((m) => m.version > from && m.version <= target);
  registerSchemaFunctions(db);
  // Only migrations use these; creating a JS function in SQLite costs a few ms of every cold open.
  if (pending.length > 0) registerSqlFunctions(db);
  // Files are created in incremental auto-vacuum mode from schema 12 on (see freePagesAfterSchema12);
  // set before the first table exists, it needs no VACUUM.
  if (from === 0 && target >= 12) db.exec('PRAGMA auto_vacuum = INCREMENTAL');
  for (const migration of pending) {
    inTransaction(db, () => {
      migration.up(db);
      db.exec(`PRAGMA user_version = ${migration.version}`);
    });
  }
  if (from > 0 && from < 12 && schemaVersion(db) >= 12) freePagesAfterSchema12(db);
  return schemaVersion(db);
};

/** The largest file `freePagesAfterSchema12` rewrites: about 40,000 messages, a few seconds of it. */
export const vacuumOnceLimitBytes = 256 * 1024 * 1024;

/**
 * A file from before schema 12 keeps the pages content_cjk held (the file never shrinks by itself):
 * one VACUUM gives them back and switches the file to incremental auto-vacuum, after which the idle
 * upkeep hands freed pages back a step at a time (store-maintenance.ts). VACUUM rewrites the whole
 * file in one go and cannot be paused, so a larger file is left as it is: its free pages are reused
 * by the messages written next.
 */
const freePagesAfterSchema12 = (db: Database): void => {
  const pageSize = Number(db.selectValue('PRAGMA page_size'));
  const pages = Number(db.selectValue('PRAGMA page_count'));
  if (Number(db.selectValue('PRAGMA auto_vacuum')) !== 0) return;
  if (pages * pageSize > vacuumOnceLimitBytes) return;
  db.exec('PRAGMA auto_vacuum = INCREMENTAL');
  db.exec('VACUUM');
};
