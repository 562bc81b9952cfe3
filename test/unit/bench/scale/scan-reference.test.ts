import { describe, expect, it } from 'vitest';
import { canonicalKeys, createScanReference } from '../../../../bench/scale/scan-reference';
import { parseQuery } from '../../../../renderer/src/history/fts-query';
import { prepareForScan, scanMatches } from '../../../../renderer/src/history/reference-scan';
import { generateHistory, streamHistory } from '../../../../test/history-e2e/generate-history';

const options = { conversations: 40, messages: 2_000, longConversation: 300, seed: 7 };

describe('a history streamed in batches', () => {
  it('is the generated mix, a batch at a time, with queries drawn from its first batch', () => {
    const whole = generateHistory({ ...options, queriesPerKind: 2 });
    const batches = [...streamHistory({ ...options, queriesPerKind: 2, batchMessages: 500 })];
    expect(batches.length).toBeGreaterThan(2);
    const streamed = batches.flatMap((b) => b.backup.conversations);
    expect(streamed.map((c) => c.messages.length)).toEqual(
      whole.backup.conversations.map((c) => c.messages.length),
    );
    // The same numbers drawn until the queries are: then the stream goes its own way, the same mix.
    const first = batches[0]?.backup.conversations ?? [];
    expect(first).toEqual(whole.backup.conversations.slice(0, first.length));
    expect(streamed.slice(first.length)).not.toEqual(
      whole.backup.conversations.slice(first.length),
    );
    const { queries } = batches[0] ?? { queries: [] };
    expect(new Set(queries.map((q) => q.kind))).toEqual(
      new Set(['word', 'and', 'prefix', 'phrase', 'cjk1', 'cjk2', 'cjk3']),
    );
    for (const batch of batches) expect(batch.queries).toBe(queries);
  });
});

describe('the scan a streamed history is checked against', () => {
  it('keeps the newest hits of each query as a scan of the whole history finds them', () => {
    const batches = [...streamHistory({ ...options, queriesPerKind: 3, batchMessages: 400 })];
    const { queries } = batches[0] ?? { queries: [] };
    const limit = 20;
    const scan = createScanReference(
      queries.map((q) => q.query),
      limit,
    );
    for (const batch of batches) scan.add(batch.backup);

    const texts = batches
      .flatMap((b) => b.backup.conversations)
      .flatMap((c) => [
        ...c.messages.map((m) => ({
          key: `${m.createdAt}:${m.id}`,
          at: m.createdAt,
          text: m.content,
        })),
        { key: `${c.updatedAt}:title:${c.id}`, at: c.updatedAt, text: c.title },
      ]);
    texts.sort((a, b) => b.at - a.at);
    let withHits = 0;
    for (const { query } of queries) {
      const terms = parseQuery(query);
      const expected = texts
        .filter((t) => scanMatches(prepareForScan(t.text), terms))
        .slice(0, limit)
        .map((t) => t.key);
      if (expected.length > 0) withHits += 1;
      expect(canonicalKeys(scan.newest(query))).toBe(canonicalKeys(expected));
      expect(scan.scanMs(query)).toBeGreaterThan(0);
    }
    expect(withHits).toBeGreaterThan(queries.length / 2);
    expect(() => scan.newest('not scanned')).toThrow(/not among those scanned/);
  });
});
