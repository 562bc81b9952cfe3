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

export const createStoreSearch = ({
  all,
}: Pick<Statements, 'all'>): Pick<HistoryMethods, 'search'> => ({
  search: (query, searchOptions = {}) => {
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
  },
});
