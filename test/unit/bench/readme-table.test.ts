import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { format } from 'prettier';
import { describe, expect, it } from 'vitest';
import {
  isShown,
  readmeFigures,
  readmePath,
  readmeTable,
  resultsPath,
  tableInReadme,
  updateReadmeAfterRun,
  withTable,
} from '../../../bench/readme-table';
import { row, type BenchRow } from '../../../bench/types';

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

  it('has a row for each figure of the results, and leaves some rows out', async () => {
    const rows = await committedRows();
    const table = readmeTable(rows).split('\n').slice(2);
    expect(table).toHaveLength(readmeFigures(rows).length);
    expect(rows.filter((r) => !isShown(r)).length).toBeGreaterThan(0);
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

describe('readmeFigures', () => {
  const check = (met: boolean): BenchRow =>
    row({
      name: 'streamed DOM equals cold render',
      value: met ? 1 : 0,
      unit: 'equal',
      baseline: null,
      aim: '1 (equal)',
      met,
    });
  const search = (kind: string, value: number, baseline: number, met = true): BenchRow =>
    row({
      name: `history: search p95, ${kind} (ms)`,
      value,
      unit: 'ms',
      baseline,
      aim: '<= 20 and equal to scan',
      met,
    });

  it('shows a correctness check only when it failed', () => {
    expect(readmeFigures([check(true)])).toEqual([]);
    expect(readmeFigures([check(false)])).toMatchObject([
      { name: 'streamed DOM equals cold render', met: false },
    ]);
  });

  it('shows one figure measured several ways as one row with the range, met only if all were', () => {
    const figures = readmeFigures([
      sample[0] as BenchRow,
      search('word', 3.2, 5),
      search('cjk1', 2.8, 0.4),
      search('phrase', 6.2, 9.7),
    ]);
    expect(figures).toHaveLength(2);
    expect(figures[1]).toEqual({
      name: 'history: search p95, word / cjk1 / phrase (ms)',
      runnel: '2.8–6.2 ms',
      baseline: '0.4–9.7 ms',
      aim: '<= 20 and equal to scan',
      met: true,
    });
    expect(readmeFigures([search('word', 3.2, 5), search('and', 25, 9, false)])[0]?.met).toBe(
      false,
    );
  });

  it('keeps rows apart that share a name up to a comma but not their aim', () => {
    const other = row({
      name: 'history: search p95, word (ms)',
      value: 1,
      unit: 'ms',
      baseline: null,
      aim: '<= 5',
      met: true,
    });
    expect(readmeFigures([search('and', 3, 4), other])).toHaveLength(2);
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

describe('updateReadmeAfterRun', () => {
  const withReadme = async (test: (file: string) => Promise<void>): Promise<void> => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'runnel-readme-'));
    const file = path.join(dir, 'README.md');
    await writeFile(file, '# x\n\n<!-- bench-table:start -->\n<!-- bench-table:end -->\n');
    try {
      await test(file);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  };

  it('rewrites the table after a run of the whole set', async () => {
    await withReadme(async (file) => {
      expect(await updateReadmeAfterRun(sample, { only: null }, file)).toBe(true);
      const found = tableInReadme(await readFile(file, 'utf8'));
      expect(found).toEqual({ ok: true, table: readmeTable(sample) });
    });
  });

  it('leaves the README alone after a part of the set (--only)', async () => {
    await withReadme(async (file) => {
      const before = await readFile(file, 'utf8');
      expect(await updateReadmeAfterRun(sample, { only: ['engine'] }, file)).toBe(false);
      expect(await readFile(file, 'utf8')).toBe(before);
    });
  });
});
