/**
 * The plain answer to each checked query over a history too large to hold: every batch is scanned as
 * it streams past (reference-scan.ts, the semantics the index must give), keeping each query's newest
 * `limit` hits. The generator's clock only moves forward and a conversation's title carries its last
 * message's time, so adding messages then the title keeps each list in time order.
 */
import type { Backup } from '../../renderer/src/history/backup';
import type { QueryTerm } from '../../renderer/src/history/fts-query';
import { parseQuery } from '../../renderer/src/history/fts-query';
import { prepareForScan, scanMatches } from '../../renderer/src/history/reference-scan';

export interface ScanReference {
  add(backup: Backup): void;
  /** The newest hits of `query` as `createdAt:messageId` (`createdAt:title:<id>` for titles). */
  newest(query: string): string[];
  /** The time the plain scan of the whole data took for `query`, in ms. */
  scanMs(query: string): number;
}

export const createScanReference = (queries: readonly string[], limit: number): ScanReference => {
  const checked = queries.map((query) => ({
    query,
    terms: parseQuery(query) as readonly QueryTerm[],
    hits: [] as string[],
    ms: 0,
  }));
  const consider = (text: string, key: string): void => {
    const prepared = prepareForScan(text);
    for (const entry of checked) {
      const started = performance.now();
      if (scanMatches(prepared, entry.terms)) {
        entry.hits.push(key);
        // Older hits fall off in blocks, not one shift per hit.
        if (entry.hits.length >= limit * 4) entry.hits = entry.hits.slice(-limit);
      }
      entry.ms += performance.now() - started;
    }
  };
  const find = (query: string) => {
    const entry = checked.find((e) => e.query === query);
    if (!entry) throw new Error(`query "${query}" is not among those scanned`);
    return entry;
  };
  return {
    add: (backup) => {
      for (const conversation of backup.conversations) {
        for (const message of conversation.messages) {
          consider(message.content, `${message.createdAt}:${message.id}`);
        }
        consider(conversation.title, `${conversation.updatedAt}:title:${conversation.id}`);
      }
    },
    newest: (query) => find(query).hits.slice(-limit).reverse(),
    scanMs: (query) => find(query).ms,
  };
};

/** Keys in the order a newest-first search gives them; a title and a message of one millisecond may swap. */
export const canonicalKeys = (keys: readonly string[]): string =>
  [...keys]
    .sort((a, b) => Number.parseInt(b, 10) - Number.parseInt(a, 10) || a.localeCompare(b))
    .join();
