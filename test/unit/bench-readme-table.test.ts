import { readFile } from 'node:fs/promises';
import { format } from 'prettier';
import { describe, expect, it } from 'vitest';
import {
  isJudged,
  readmePath,
  readmeTable,
  resultsPath,
  tableInReadme,
  withTable,
} from '../../bench/readme-table';
import { row, type BenchRow } from '../../bench/types';

const committedRows = async (): Promise<BenchRow[]> =>
  JSON.parse(await readFile(resultsPath, 'utf8')) as BenchRow[];

const sample: BenchRow[] = [
  row({
    name: 'parse vs bare JSON.parse',
    value: 2.67,
    unit: 'ms',
    baseline: 1.6,
    aim: 'ratio <= 2',
    met: true,
  }),
  row({
    name: 'floor busy',
    value: 0.31,
    unit: 's',
    baseline: null,
    aim: 'reference',
    met: true,
  }),
  row({
    name: 'streamdown busy',
    value: 1.33,
    unit: 's',
    baseline: null,
    aim: 'peer, for comparison',
    met: true,
  }),
  row({
    name: 'arrival to frame p50',
    value: 44,
    unit: 'ms',
    baseline: 16.7,
    aim: 'report (baseline: one frame)',
    met: true,
  }),
  row({
    name: 'import | 100k',
    value: 10_512.4,
    unit: 'ms',
    baseline: null,
    aim: '<= 10000',
    met: false,
  }),
];

describe('the README benchmark table', () => {
  it('is the table readmeTable() makes of the committed bench-results.json', async () => {
    const readme = await readFile(readmePath, 'utf8');
    const found = tableInReadme(readme);
    expect(found).toMatchObject({ ok: true });
    if (!found.ok) return;
    expect(found.table).toBe(readmeTable(await committedRows()));
  });

  it('has a row for every judged row of the results, and only those', async () => {
    const rows = await committedRows();
    const table = readmeTable(rows).split('\n').slice(2);
    expect(table).toHaveLength(rows.filter(isJudged).length);
    expect(rows.some((r) => !isJudged(r))).toBe(true);
  });
});

describe('readmeTable', () => {
  it('keeps judged rows and leaves out peers, references and reports', () => {
    const table = readmeTable(sample);
    expect(table).toContain('parse vs bare JSON.parse');
    expect(table).toContain('import \\| 100k');
    expect(table).not.toContain('floor busy');
    expect(table).not.toContain('streamdown busy');
    expect(table).not.toContain('arrival to frame');
  });

  it('shows the figure, the baseline with its ratio, the aim and whether it was met', () => {
    const lines = readmeTable(sample).split('\n');
    const cells = (line: string | undefined): string[] =>
      (line ?? '')
        .split(/(?<!\\)\|/)
        .slice(1, -1)
        .map((c) => c.trim());
    expect(cells(lines[0])).toEqual(['figure', 'Runnel', 'baseline in the same run', 'aim', 'met']);
    expect(cells(lines[2])).toEqual([
      'parse vs bare JSON.parse',
      '2.67 ms',
      '1.6 ms (ratio 1.67)',
      'ratio <= 2',
      'yes',
    ]);
    expect(cells(lines[3])).toEqual(['import \\| 100k', '10512 ms', '', '<= 10000', '**no**']);
  });

  it('is laid out as Prettier lays out a Markdown table, so formatting leaves it alone', async () => {
    for (const rows of [sample, await committedRows()]) {
      const table = readmeTable(rows);
      expect(await format(`${table}\n`, { parser: 'markdown' })).toBe(`${table}\n`);
    }
  });
});

describe('withTable', () => {
  it('replaces what lies between the markers and nothing else', () => {
    const readme = 'before\n\n<!-- bench-table:start -->\nold\n<!-- bench-table:end -->\n\nafter\n';
    expect(withTable(readme, '| a |')).toBe(
      'before\n\n<!-- bench-table:start -->\n\n| a |\n\n<!-- bench-table:end -->\n\nafter\n',
    );
  });

  it('refuses a README without the markers, saying what is missing', () => {
    expect(tableInReadme('no markers here')).toMatchObject({
      ok: false,
      code: 'markers_missing',
    });
    expect(() => withTable('no markers here', '| a |')).toThrow(/bench-table:start/);
  });
});
