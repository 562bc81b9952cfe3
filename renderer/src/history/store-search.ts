/**
 * Full-text search over messages and conversation titles, newest first or by relevance, with the
 * snippets that show each match (docs/decisions/2026-11-25-history-search-index-shape.md).
 */
import type { SqlValue } from '@sqlite.org/sqlite-wasm';
import type { QueryTerm } from './fts-query';
import { hasCjkTerm, parseQuery, toMatchExpression } from './fts-query';
import type { HistoryMethods } from './history-protocol';
import { markClose, markOpen, parseMarkedSnippet, snippetAround } from './snippet';
import type { Row } from './store-rows';
import type { Statements } from './store-statements';
import { readToolActivity, toolActivityText } from './tool-activity-record';
import type { SearchHit } from './types';

const defaultSearchLimit = 50;

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
  // Newest first asks for no rank: bm25 would first count every row that matches each term, a pass
  // over whole doclists that this order does not need.
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
  // limit, rather than probing one index for each row of the other.
  return [
    `SELECT rowid AS rid, 0 AS rank, '' AS marked FROM messages_cjk_fts
     WHERE messages_cjk_fts MATCH ?
     INTERSECT
     SELECT rowid, 0, '' FROM messages_fts WHERE messages_fts MATCH ?
     ORDER BY 1 DESC LIMIT ?`,
    [cjkMatch, wordsMatch],
  ];
};

/**
 * Attachments whose text matches, for `terms`: words against the text and the latin fragments glued
 * to CJK, CJK runs against the bigrams, all in the one attachments_fts table (attachments are few
 * beside messages, so one table's three columns serve where messages need two tables).
 */
const attachmentMatchQuery = (
  terms: readonly QueryTerm[],
  byRelevance: boolean,
  ownSnippets: boolean,
): [string, SqlValue[]] => {
  const words = terms.filter((term) => term.kind === 'words');
  const cjk = terms.filter((term) => term.kind === 'cjk');
  const match = [
    toMatchExpression(words, { text: 'text', cjk: 'text_words' }),
    toMatchExpression(cjk, { text: 'text_cjk', cjk: 'text_cjk' }),
  ]
    .filter((part) => part !== '')
    .join(' AND ');
  return [
    `SELECT a.hash, ${byRelevance ? 'attachments_fts.rank' : '0'} AS rank,
            ${ownSnippets ? "a.text, '' AS marked" : "'' AS text, snippet(attachments_fts, 0, ?, ?, '…', 16) AS marked"}
     FROM attachments_fts JOIN attachments AS a ON a.rowid = attachments_fts.rowid
     WHERE attachments_fts MATCH ? ORDER BY ${byRelevance ? 'attachments_fts.rank' : 'a.rowid DESC'}
     LIMIT ?`,
    ownSnippets ? [match] : [markOpen, markClose, match],
  ];
};

export const createStoreSearch = ({
  all,
  one,
}: Pick<Statements, 'all' | 'one'>): Pick<HistoryMethods, 'search'> => {
  /**
   * A message found by the text of its tool calls (in content_words and the CJK index, schema 10) has
   * nothing to show in its content: the snippet comes from the calls. Read for those hits alone, since
   * a call's result can be long.
   */
  const toolSnippet = (rowid: number, terms: readonly QueryTerm[]) => {
    const text = toolActivityText(
      readToolActivity(
        one('SELECT tool_activity FROM messages WHERE rowid = ?', [rowid])?.tool_activity,
      ),
    );
    const found = text === '' ? null : snippetAround(text, terms);
    // A match in the latin fragments of CJK content has no highlight either: then the content shows.
    return found && found.highlights.length > 0 ? found : null;
  };
  // Asked once: a store opened on a shape from before schema version 10 (the migration tests) has none.
  let toolColumn: boolean | null = null;
  const hasToolColumn = (): boolean =>
    (toolColumn ??=
      all("SELECT 1 FROM pragma_table_info('messages') WHERE name = 'tool_activity'").length > 0);
  // Asked once: a store opened on a shape from before schema version 9 (the migration tests) has none.
  let attachmentIndex: boolean | null = null;
  const hasAttachmentIndex = (): boolean =>
    (attachmentIndex ??=
      all("SELECT 1 FROM sqlite_schema WHERE name = 'attachments_fts'").length > 0);
  return {
    search: (query, searchOptions = {}) => {
      const terms = parseQuery(query);
      if (terms.length === 0) return [];
      const limit = Math.min(
        Math.max(1, Math.floor(searchOptions.limit ?? defaultSearchLimit)),
        500,
      );
      const byRelevance = searchOptions.order === 'relevance';
      const ownSnippets = hasCjkTerm(terms);
      const titleMatch = toMatchExpression(terms, { text: 'title', cjk: 'title_cjk' });

      const [messageSql, messageBind] = messageMatchQuery(terms, byRelevance);
      const matched = all(messageSql, [...messageBind, limit]);
      const details = new Map(
        all(
          `SELECT m.rowid AS rid, m.id, m.conversation_id, m.created_at, c.title,
                ${ownSnippets ? 'm.content' : "''"} AS content,
                ${hasToolColumn() ? 'm.tool_activity IS NOT NULL' : '0'} AS tools
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

      // A file's text that matches makes a hit of each message it is attached to, named by the file.
      const [attachmentSql, attachmentBind] = attachmentMatchQuery(terms, byRelevance, ownSnippets);
      const attachmentRows = hasAttachmentIndex()
        ? all(attachmentSql, [...attachmentBind, limit])
        : [];
      const byHash = new Map(attachmentRows.map((row) => [String(row.hash), row]));
      const linkRows =
        byHash.size === 0
          ? []
          : all(
              `SELECT l.hash, l.name, m.id, m.conversation_id, m.created_at, c.title
             FROM message_attachments AS l
             JOIN messages AS m ON m.id = l.message_id
             JOIN conversations AS c ON c.id = m.conversation_id
             WHERE l.hash IN (SELECT value FROM json_each(?))
             ORDER BY m.created_at DESC, l.position
             LIMIT ?`,
              [JSON.stringify([...byHash.keys()]), limit],
            );

      type Ranked = SearchHit & { rank: number };
      const hits: Ranked[] = messageRows.map((row) => {
        const own = ownSnippets
          ? snippetAround(String(row.content ?? ''), terms)
          : parseMarkedSnippet(String(row.marked));
        const snippet =
          own.highlights.length === 0 && Number(row.tools) === 1
            ? (toolSnippet(Number(row.rid), terms) ?? own)
            : own;
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
      const hitMessages = new Set(hits.map((hit) => hit.messageId));
      for (const link of linkRows) {
        // One hit per message: its own text first, else its first file that matches.
        if (hitMessages.has(String(link.id))) continue;
        hitMessages.add(String(link.id));
        const file = byHash.get(String(link.hash));
        const snippet = ownSnippets
          ? snippetAround(String(file?.text ?? ''), terms)
          : parseMarkedSnippet(String(file?.marked ?? ''));
        hits.push({
          conversationId: String(link.conversation_id),
          messageId: String(link.id),
          conversationTitle: String(link.title),
          snippet: snippet.text,
          highlights: snippet.highlights,
          createdAt: Number(link.created_at),
          rank: Number(file?.rank ?? 0),
          attachmentName: String(link.name),
        });
      }
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
    },
  };
};
