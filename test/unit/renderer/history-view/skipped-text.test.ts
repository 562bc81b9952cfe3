import { describe, expect, it } from 'vitest';
import { skippedLine, skippedReport } from '../../../../renderer/src/history-view/skipped-text';

const entry = (title: string | null, id: string | null) => ({
  title,
  id,
  where: 'conversations.json item 3',
  reason: 'it has no messages in the export (its "mapping" is missing or empty)',
});

describe('skipped conversations in the import summary', () => {
  it('are named by title, else id, else where they are, with why', () => {
    expect(skippedLine(entry('Trip to Kyoto', 'c1'))).toBe(
      '“Trip to Kyoto” (conversations.json item 3) was not imported: it has no messages in the export (its "mapping" is missing or empty).',
    );
    expect(skippedLine(entry(null, 'c1'))).toMatch(/^The conversation with id c1 \(conversations/);
    expect(skippedLine(entry(null, null))).toMatch(/^An entry \(conversations\.json item 3\)/);
  });

  it('copy as one line each under a heading', () => {
    expect(skippedReport('export.zip', [entry('A', null), entry('B', null)]).split('\n')).toEqual([
      'Not imported from “export.zip” (2 conversations):',
      expect.stringMatching(/^“A”/),
      expect.stringMatching(/^“B”/),
    ]);
  });
});
