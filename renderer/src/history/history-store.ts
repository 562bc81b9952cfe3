/**
 * Every history operation as SQL over one open, migrated database. Synchronous and free of workers and
 * OPFS, so the same code runs in the history worker and, over an in-memory database, in Node tests.
 */
import type { Database, PreparedStatement, SqlValue } from '@sqlite.org/sqlite-wasm';
import type { ConversationBundle } from './backup-format';
import { toBackup } from './backup-format';
import { cjkColumns, cjkSegments } from './cjk-segments';
import { conversationToMarkdown } from './export-markdown';
import type { QueryTerm } from './fts-query';
import { hasCjkTerm, parseQuery, toMatchExpression } from './fts-query';
import { historyError } from './history-errors';
import type { HistoryMethods } from './history-protocol';
import {
  createFtsTriggersSql,
  dropFtsTriggersSql,
  ftsTables,
  rebuildFtsSql,
  schemaVersion,
} from './migrations';
import { inTransaction } from './transaction';
import { markClose, markOpen, parseMarkedSnippet, snippetAround } from './snippet';
import type {
  ChatGptFile,
  ConversationRecord,
  HistoryChange,
  ImportProgress,
  ImportSummary,
  MessagePage,
  MessageRecord,
  SearchHit,
  SkippedConversation,
} from './types';

export interface HistoryStore extends HistoryMethods {
  importBackup(json: string, onProgress?: (progress: ImportProgress) => void): ImportSummary;
  importChatGpt(
    input: string | ChatGptFile[],
    onProgress?: (progress: ImportProgress) => void,
  ): ImportSummary;
  /**
   * Reads one message of `conversationId` and drops it: the statements, SQLite's code and the pages
   * that reading a conversation needs are then ready when the window opens one.
   */
  warmMessagePages(conversationId: string): void;
  /**
   * One bounded step of merging the search indexes' segments, at most a few tens of ms; true while more
   * remains. A bulk import leaves several segments per index; merged a step at a time while the worker
   * is idle, no later write pays for merging them at once (FTS5's own merging took 0.5-1 s in one write).
   */
  tidyIndexes(): boolean;
  /** Finalizes cached statements; the caller closes the database. */
  dispose(): void;
}

/**
 * Reads each import format into bundles, refusing bad files (import-parsers.ts has the real ones). A
 * ChatGPT export may also name conversations it could not read; the rest imports.
 */
export interface ImportParsers {
  backup(json: string): ConversationBundle[];
  chatGpt(input: string | ChatGptFile[]): {
    bundles: ConversationBundle[];
    skipped: SkippedConversation[];
  };
}

export interface HistoryStoreOptions {
  /**
   * Passed in rather than imported, so the store, and the worker opening it, do not load zod and the
   * formats' schemas before anyone imports anything (that cost ~100 ms of the worker's start).
   */
  parsers: ImportParsers;
  now?: () => number;
  /** Told after every committed change, so the worker can tell every window. */
  onChange?: (change: HistoryChange) => void;
}

type Row = Record<string, SqlValue>;

/**
 * A message's rowid is its createdAt times this, plus a counter for messages of the same millisecond.
 * FTS5 walks its matches in rowid order, so "newest first" is `ORDER BY rowid DESC LIMIT n`: it stops
 * after n matches and computes only n snippets, instead of sorting every match of a common word.
 */
const rowidsPerMs = 1024;

const defaultPageSize = 50;
const maxPageSize = 1000;
const defaultSearchLimit = 50;
/** From this many incoming messages (and at least as many as stored) an import rebuilds the index once. */
const bulkImportThreshold = 2000;
/** FTS5 leaf pages one `tidyIndexes` step writes: about 11 ms at 100,000 messages (Node). */
const tidyPages = 200;
/** Page cache during a bulk import, in KiB (negative, as PRAGMA cache_size takes it). */
const bulkCacheKiB = -262144;

const conversationColumnList = [
  'id',
  'title',
  'created_at',
  'updated_at',
  'pinned',
  'model',
  'provider_id',
  'tags',
] as const;
const messageColumnList = [
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
const conversationColumns = conversationColumnList.join(', ');
const messageColumns = messageColumnList.join(', ');

const parseJson = <T>(text: SqlValue | undefined): T | null =>
  typeof text === 'string' && text !== '' ? (JSON.parse(text) as T) : null;

/** A conversation from its values in `conversationColumnList` order. */
const conversationFromValues = ([
  id,
  title,
  createdAt,
  updatedAt,
  pinned,
  model,
  providerId,
  tags,
]: SqlValue[]): ConversationRecord => ({
  id: String(id),
  title: String(title),
  createdAt: Number(createdAt),
  updatedAt: Number(updatedAt),
  pinned: Number(pinned) === 1,
  model: model === null || model === undefined ? null : String(model),
  providerId: providerId === null || providerId === undefined ? null : String(providerId),
  tags: tags === '[]' ? [] : (parseJson<string[]>(tags) ?? []),
});

/** The same from a row keyed by column name. */
const toConversation = (row: Row): ConversationRecord =>
  conversationFromValues(conversationColumnList.map((name) => row[name] ?? null));

const toMessage = (row: Row): MessageRecord => ({
  id: String(row.id),
  conversationId: String(row.conversation_id),
  role: String(row.role) as MessageRecord['role'],
  content: String(row.content),
  reasoning: String(row.reasoning),
  status: String(row.status) as MessageRecord['status'],
  finishReason: row.finish_reason === null ? null : String(row.finish_reason),
  usage: parseJson<MessageRecord['usage']>(row.usage),
  error: parseJson<MessageRecord['error']>(row.error),
  createdAt: Number(row.created_at),
  updatedAt: Number(row.updated_at),
});

const upsertConversationSql = (onlyIfNewer: boolean): string => `
  INSERT INTO conversations (id, title, title_cjk, created_at, updated_at, pinned, model, provider_id, tags)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (id) DO UPDATE SET
    title = excluded.title, title_cjk = excluded.title_cjk, created_at = excluded.created_at,
    updated_at = excluded.updated_at, pinned = excluded.pinned, model = excluded.model,
    provider_id = excluded.provider_id, tags = excluded.tags
  ${onlyIfNewer ? 'WHERE excluded.updated_at >= conversations.updated_at' : ''}`;

const upsertMessageSql = (onlyIfNewer: boolean): string => `
  INSERT INTO messages (rowid, id, conversation_id, role, content, content_cjk, content_words,
                        reasoning, status, finish_reason, usage, error, created_at, updated_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (id) DO UPDATE SET
    conversation_id = excluded.conversation_id, role = excluded.role, content = excluded.content,
    content_cjk = excluded.content_cjk, content_words = excluded.content_words,
    reasoning = excluded.reasoning, status = excluded.status,
    finish_reason = excluded.finish_reason, usage = excluded.usage, error = excluded.error,
    created_at = excluded.created_at, updated_at = excluded.updated_at
  ${onlyIfNewer ? 'WHERE excluded.updated_at >= messages.updated_at' : ''}`;

/**
 * The same upsert for many messages in one statement: the rows cross into SQLite as one JSON array and
 * `json_each` unpacks them in C. Binding 14 values per message from JavaScript cost more than SQLite's
 * own work on them (100,000 messages: about 1.3 million calls into wasm).
 */
const upsertMessagesJsonSql = (onlyIfNewer: boolean): string =>
  upsertMessageSql(onlyIfNewer).replace(
    'VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    `SELECT ${Array.from({ length: 14 }, (_, i) => `value ->> ${i}`).join(', ')}
     FROM json_each(?) WHERE true`,
  );
/** Messages per JSON batch: a few MB of text at most. */
const jsonBatchSize = 2000;

const conversationValues = (c: ConversationRecord): SqlValue[] => [
  c.id,
  c.title,
  cjkSegments(c.title),
  c.createdAt,
  c.updatedAt,
  c.pinned ? 1 : 0,
  c.model,
  c.providerId,
  JSON.stringify(c.tags),
];

const messageValues = (m: MessageRecord, rowid: number | null): SqlValue[] => {
  const derived = cjkColumns(m.content);
  return [
    rowid,
    m.id,
    m.conversationId,
    m.role,
    m.content,
    derived.segments,
    derived.words,
    m.reasoning,
    m.status,
    m.finishReason,
    m.usage === null ? null : JSON.stringify(m.usage),
    m.error === null ? null : JSON.stringify(m.error),
    m.createdAt,
    m.updatedAt,
  ];
};

export const createHistoryStore = (db: Database, options: HistoryStoreOptions): HistoryStore => {
  const now = options.now ?? Date.now;
  const emit = options.onChange ?? (() => undefined);
  const cache = new Map<string, PreparedStatement>();

  const statement = (sql: string): PreparedStatement => {
    let prepared = cache.get(sql);
    if (!prepared) {
      prepared = db.prepare(sql);
      cache.set(sql, prepared);
    }
    return prepared;
  };

  const all = (sql: string, bind: SqlValue[] = []): Row[] => {
    const prepared = statement(sql);
    try {
      if (bind.length) prepared.bind(bind);
      const rows: Row[] = [];
      while (prepared.step()) rows.push(prepared.get({}));
      return rows;
    } finally {
      prepared.reset(true);
    }
  };

  const run = (sql: string, bind: SqlValue[] = []): number => {
    const prepared = statement(sql);
    try {
      if (bind.length) prepared.bind(bind);
      prepared.step();
      return Number(db.changes());
    } finally {
      prepared.reset(true);
    }
  };

  const one = (sql: string, bind: SqlValue[] = []): Row | undefined => all(sql, bind)[0];

  /**
   * The rows of `SELECT <columns> FROM <from>` in `orderBy` order, as arrays of values in `columns`
   * order, read through one JSON text that SQLite builds, instead of calls into wasm for every column
   * of every row and its name (the 2,000 conversations listed at start-up have 16,000 values).
   */
  const arraysViaJson = (
    columns: readonly string[],
    from: string,
    orderBy: string,
    bind: SqlValue[] = [],
  ): SqlValue[][] => {
    const text = one(
      `SELECT json_group_array(json_array(${columns.join(', ')}) ORDER BY ${orderBy}) AS rows FROM ${from}`,
      bind,
    )?.rows;
    return typeof text === 'string' ? (JSON.parse(text) as SqlValue[][]) : [];
  };

  /** arraysViaJson's rows as objects keyed by column name. */
  const allViaJson = (
    columns: readonly string[],
    from: string,
    orderBy: string,
    bind: SqlValue[] = [],
  ): Row[] =>
    arraysViaJson(columns, from, orderBy, bind).map((values) =>
      Object.fromEntries(columns.map((name, i) => [name, values[i] ?? null])),
    );

  /** The rowid for a new message: time-ordered; null (any free rowid) if its millisecond is full. */
  const messageRowid = (createdAt: number): number | null => {
    const base = Math.max(0, Math.floor(createdAt)) * rowidsPerMs;
    const top = one('SELECT max(rowid) AS top FROM messages WHERE rowid BETWEEN ? AND ?', [
      base,
      base + rowidsPerMs - 1,
    ])?.top;
    if (top === null || top === undefined) return base;
    return Number(top) < base + rowidsPerMs - 1 ? Number(top) + 1 : null;
  };
  const upsertMessage = (sql: string, message: MessageRecord): void => {
    run(sql, messageValues(message, messageRowid(message.createdAt)));
  };

  /**
   * Rowids for a batch of new messages, as messageRowid gives them one at a time. Into an empty table the
   * counters live here alone; otherwise each millisecond asks the table once. A full millisecond (null:
   * SQLite picks any free rowid) makes every later one ask the table, which then holds that row.
   */
  const rowidAllocator = (tableWasEmpty: boolean): ((createdAt: number) => number | null) => {
    const next = new Map<number, number>();
    let askTable = !tableWasEmpty;
    return (createdAt) => {
      const base = Math.max(0, Math.floor(createdAt)) * rowidsPerMs;
      let candidate = next.get(base);
      if (candidate === undefined || askTable) {
        const stored = askTable ? messageRowid(createdAt) : base;
        candidate = Math.max(candidate ?? base, stored ?? base + rowidsPerMs);
      }
      if (candidate >= base + rowidsPerMs) {
        askTable = true;
        return null;
      }
      next.set(base, candidate + 1);
      return candidate;
    };
  };

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

  /** Runs `work` in one transaction and announces its changes only once it committed. */
  const write = <T>(work: (changed: Set<string>) => T): T => {
    const changed = new Set<string>();
    const result = inTransaction(db, () => work(changed));
    for (const key of changed) {
      emit(key === '' ? { type: 'conversations' } : { type: 'messages', conversationId: key });
    }
    return result;
  };

  const requireConversation = (id: string): void => {
    if (!one('SELECT 1 AS found FROM conversations WHERE id = ?', [id])) {
      throw historyError('not-found', `There is no conversation with id "${id}".`);
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

  const writeBundles = (
    bundles: ConversationBundle[],
    onProgress?: (progress: ImportProgress) => void,
    skipped: SkippedConversation[] = [],
  ): ImportSummary =>
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
      const conversationSql = upsertConversationSql(true);
      const messageSql = upsertMessagesJsonSql(true);
      const rowid = rowidAllocator(stored === 0);
      const total = bundles.length;
      const step = Math.max(1, Math.floor(total / 100));
      try {
        bundles.forEach((bundle, index) => {
          const { conversation, messages } = bundle;
          run(conversationSql, conversationValues(conversation));
          if (stored === 0 || takeMirror(bundle)) upsertMessages(messageSql, messages, rowid);
          changed.add(conversation.id);
          if (onProgress && (index % step === 0 || index === total - 1))
            onProgress({ done: index + 1, total });
        });
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

  const listMessages = (
    conversationId: string,
    page: { before?: number; limit?: number } = {},
  ): MessagePage => {
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

  /**
   * The messages query for `terms` without its LIMIT value: words are answered by messages_fts, CJK
   * runs by messages_cjk_fts, and a query with both by the rows the two have in common. Snippets are
   * computed by FTS5 for the returned rows only (LIMIT applies before them), and only for words alone:
   * a CJK match lives in bigrams, which snippet() would show instead of the message.
   */
  const messageMatchQuery = (
    terms: readonly QueryTerm[],
    byRelevance: boolean,
  ): [string, SqlValue[]] => {
    // bm25 first counts every row that matches each term (its IDF), a pass over whole doclists that
    // newest-first ordering does not need: 4-5 ms of a 3-letter prefix's 6 ms at 100,000 messages.
    const rank = byRelevance ? 'rank' : '0';
    const order = byRelevance ? 'rank' : 'rowid DESC';
    const words = terms.filter((term) => term.kind === 'words');
    const cjk = terms.filter((term) => term.kind === 'cjk');
    const wordsMatch = toMatchExpression(words, { text: 'content', cjk: 'content_words' });
    const cjkMatch = toMatchExpression(cjk, { text: 'content_cjk', cjk: 'content_cjk' });
    if (cjk.length === 0) {
      return [
        `SELECT rowid AS rid, ${rank} AS rank, snippet(messages_fts, 0, ?, ?, '…', 16) AS marked
         FROM messages_fts WHERE messages_fts MATCH ? ORDER BY ${order} LIMIT ?`,
        [markOpen, markClose, wordsMatch],
      ];
    }
    if (words.length === 0) {
      return [
        `SELECT rowid AS rid, ${rank} AS rank, '' AS marked
         FROM messages_cjk_fts WHERE messages_cjk_fts MATCH ? ORDER BY ${order} LIMIT ?`,
        [cjkMatch],
      ];
    }
    if (byRelevance) {
      return [
        `SELECT rowid AS rid, rank, '' AS marked FROM messages_cjk_fts
         WHERE messages_cjk_fts MATCH ?
           AND +rowid IN (SELECT rowid FROM messages_fts WHERE messages_fts MATCH ?)
         ORDER BY rank LIMIT ?`,
        [cjkMatch, wordsMatch],
      ];
    }
    // Both indexes walk their matches newest first and SQLite merges the two walks, stopping at the
    // limit: 0.3-1.1 ms at 100,000 messages, where probing one index for each row of the other took
    // 4-13 ms, or seconds when SQLite chose to run a CJK query for every row the words matched.
    return [
      `SELECT rowid AS rid, 0 AS rank, '' AS marked FROM messages_cjk_fts
       WHERE messages_cjk_fts MATCH ?
       INTERSECT
       SELECT rowid, 0, '' FROM messages_fts WHERE messages_fts MATCH ?
       ORDER BY 1 DESC LIMIT ?`,
      [cjkMatch, wordsMatch],
    ];
  };

  const search = (
    query: string,
    searchOptions: { order?: 'newest' | 'relevance'; limit?: number } = {},
  ): SearchHit[] => {
    const terms = parseQuery(query);
    if (terms.length === 0) return [];
    const limit = Math.min(Math.max(1, Math.floor(searchOptions.limit ?? defaultSearchLimit)), 500);
    const byRelevance = searchOptions.order === 'relevance';
    const ownSnippets = hasCjkTerm(terms);
    const titleMatch = toMatchExpression(terms, { text: 'title', cjk: 'title_cjk' });

    const [messageSql, messageBind] = messageMatchQuery(terms, byRelevance);
    const matched = all(messageSql, [...messageBind, limit]);
    const details = new Map(
      all(
        `SELECT m.rowid AS rid, m.id, m.conversation_id, m.created_at, c.title,
                ${ownSnippets ? 'm.content' : "''"} AS content
         FROM messages AS m JOIN conversations AS c ON c.id = m.conversation_id
         WHERE m.rowid IN (SELECT value FROM json_each(?))`,
        [JSON.stringify(matched.map((row) => Number(row.rid)))],
      ).map((row) => [Number(row.rid), row]),
    );
    const messageRows = matched.flatMap((hit): Row[] => {
      const row = details.get(Number(hit.rid));
      return row ? [{ ...row, rank: hit.rank ?? 0, marked: hit.marked ?? '' }] : [];
    });
    const titleRows = all(
      `SELECT c.id, c.title, c.updated_at, ${byRelevance ? 'conversations_fts.rank' : '0'} AS rank,
              highlight(conversations_fts, 0, ?, ?) AS marked
       FROM conversations_fts JOIN conversations AS c ON c.rowid = conversations_fts.rowid
       WHERE conversations_fts MATCH ? ORDER BY ${byRelevance ? 'conversations_fts.rank' : 'c.updated_at DESC'}
       LIMIT ?`,
      [markOpen, markClose, titleMatch, limit],
    );

    type Ranked = SearchHit & { rank: number };
    const hits: Ranked[] = messageRows.map((row) => {
      const snippet = ownSnippets
        ? snippetAround(String(row.content ?? ''), terms)
        : parseMarkedSnippet(String(row.marked));
      return {
        conversationId: String(row.conversation_id),
        messageId: String(row.id),
        conversationTitle: String(row.title),
        snippet: snippet.text,
        highlights: snippet.highlights,
        createdAt: Number(row.created_at),
        rank: Number(row.rank),
      };
    });
    for (const row of titleRows) {
      const snippet = ownSnippets
        ? snippetAround(String(row.title), terms, 200)
        : parseMarkedSnippet(String(row.marked));
      hits.push({
        conversationId: String(row.id),
        messageId: null,
        conversationTitle: String(row.title),
        snippet: snippet.text,
        highlights: snippet.highlights,
        createdAt: Number(row.updated_at),
        rank: Number(row.rank),
      });
    }
    hits.sort(byRelevance ? (a, b) => a.rank - b.rank : (a, b) => b.createdAt - a.createdAt);
    return hits.slice(0, limit).map(({ rank: _rank, ...hit }) => hit);
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

    saveConversation: (conversation) =>
      write((changed) => {
        run(upsertConversationSql(false), conversationValues(conversation));
        changed.add('');
      }),

    saveMessages: (messages) =>
      write((changed) => {
        for (const message of messages) {
          requireConversation(message.conversationId);
          upsertMessage(upsertMessageSql(false), message);
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

    search,

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

    exportBackup: () => JSON.stringify(toBackup(bundlesInOrder(), now())),

    importBackup: (json, onProgress) => writeBundles(options.parsers.backup(json), onProgress),

    importChatGpt: (input, onProgress) => {
      const { bundles, skipped } = options.parsers.chatGpt(input);
      return writeBundles(bundles, onProgress, skipped);
    },

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

    stats: () => ({
      conversations: Number(one('SELECT count(*) AS n FROM conversations')?.n ?? 0),
      messages: Number(one('SELECT count(*) AS n FROM messages')?.n ?? 0),
      schemaVersion: schemaVersion(db),
    }),

    verify: () => {
      const problems = all('PRAGMA integrity_check')
        .map((row) => String(Object.values(row)[0]))
        .filter((line) => line !== 'ok');
      for (const table of ftsTables) {
        try {
          db.exec(`INSERT INTO ${table} (${table}, rank) VALUES ('integrity-check', 1)`);
        } catch (error) {
          problems.push(`${table}: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
      return { ok: problems.length === 0, problems };
    },

    warmMessagePages: (conversationId) => {
      listMessages(conversationId, { limit: 1 });
    },

    tidyIndexes: () =>
      ftsTables.some((table) => {
        const before = Number(db.changes(true));
        db.exec(`INSERT INTO ${table} (${table}, rank) VALUES ('merge', ${tidyPages})`);
        // FTS5 counts the command itself as one change; merging adds more (its documented test).
        return Number(db.changes(true)) - before >= 2;
      }),

    dispose: () => {
      for (const prepared of cache.values()) prepared.finalize();
      cache.clear();
    },
  };
};
