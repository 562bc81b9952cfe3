/**
 * The benchmark table in docs/performance.md, generated from bench-results.json so it is never copied by hand.
 * `npm run bench:readme` rewrites that file between its two markers from the committed results;
 * `npm run bench` does the same after a run of every benchmark (not after `--only`, whose rows are a
 * part of the set).
 *
 * Which rows a reader sees:
 * - only rows with an aim the run judges: rows marked "peer, for comparison" (another renderer's
 *   figures), "reference" (the floor a figure is measured against) and "report" (shown, never judged)
 *   stay in bench-results.json and the run's log;
 * - checks of correctness rather than speed (the whole answer shown, the streamed DOM equal to a cold
 *   render: unit `equal` or `ok`, or an aim of `100%`) only when they failed;
 * - one figure measured several ways (`history: search p95, word (ms)`, `…, prefix (ms)`: the same name
 *   up to its last comma, the same aim and unit) as one row with the range of its values, met only if
 *   every one was.
 * docs/performance.md says what each benchmark measures.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchRow } from './types';

export const tableStart = '<!-- bench-table:start -->';
export const tableEnd = '<!-- bench-table:end -->';

const unjudged = ['peer, for comparison', 'reference', 'report'];

/** Whether the run holds this row to an aim (rather than showing it for comparison). */
export const isJudged = (row: BenchRow): boolean =>
  !unjudged.some((word) => row.aim === word || row.aim.startsWith(`${word} `));

const isCheck = (row: BenchRow): boolean =>
  row.unit === 'equal' || row.unit === 'ok' || row.aim === '100%';

/** Whether the README shows this row (on its own or within a figure measured several ways). */
export const isShown = (row: BenchRow): boolean => isJudged(row) && !(isCheck(row) && row.met);

/** One row of the README's table. */
export interface Figure {
  name: string;
  runnel: string;
  baseline: string;
  aim: string;
  met: boolean;
}

/** Three significant digits, whole numbers from 100 up, no trailing zeros: 2.67, 0.496, 856. */
const number = (value: number): string =>
  Math.abs(value) >= 100 ? String(Math.round(value)) : String(Number(value.toPrecision(3)));

const range = (values: readonly number[], unit: string): string => {
  const low = Math.min(...values);
  const high = Math.max(...values);
  return low === high ? `${number(low)} ${unit}` : `${number(low)}–${number(high)} ${unit}`;
};

const figureOf = (row: BenchRow): Figure => ({
  name: row.name,
  runnel: `${number(row.value)} ${row.unit}`,
  baseline:
    row.baseline === null
      ? ''
      : `${number(row.baseline)} ${row.unit}${row.ratio === null ? '' : ` (ratio ${number(row.ratio)})`}`,
  aim: row.aim,
  met: row.met,
});

/** `history: search p95, word (ms)` → the figure `history: search p95`, the kind `word`, the note ` (ms)`. */
const kindOf = (name: string): { figure: string; kind: string; note: string } | null => {
  const match = /^(.+), ([^,]+?)( \([^()]*\))?$/.exec(name);
  return match ? { figure: match[1] ?? '', kind: match[2] ?? '', note: match[3] ?? '' } : null;
};

/** The figures the README shows, in the order of the results. */
export function readmeFigures(rows: readonly BenchRow[]): Figure[] {
  const shown = rows.filter(isShown);
  const keyOf = (row: BenchRow): string | null => {
    const parts = kindOf(row.name);
    return parts ? JSON.stringify([parts.figure, parts.note, row.aim, row.unit]) : null;
  };
  const groups = new Map<string, BenchRow[]>();
  for (const row of shown) {
    const key = keyOf(row);
    if (key !== null) groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  const figures: Figure[] = [];
  const done = new Set<string>();
  for (const row of shown) {
    const key = keyOf(row);
    const group = key === null ? undefined : groups.get(key);
    if (key === null || !group || group.length < 2) {
      figures.push(figureOf(row));
      continue;
    }
    if (done.has(key)) continue;
    done.add(key);
    const parts = group.map((member) => kindOf(member.name));
    const baselines = group.map((member) => member.baseline);
    figures.push({
      name: `${parts[0]?.figure ?? ''}, ${parts.map((p) => p?.kind).join(' / ')}${parts[0]?.note ?? ''}`,
      runnel: range(
        group.map((member) => member.value),
        row.unit,
      ),
      baseline: baselines.every((b) => b !== null) ? range(baselines, row.unit) : '',
      aim: row.aim,
      met: group.every((member) => member.met),
    });
  }
  return figures;
}

// A cell is one line of a Markdown table: a `|` would end it.
const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\s+/g, ' ').trim();

/**
 * The figures as a Markdown table (figure | Runnel | baseline in the same run | aim | met), laid
 * out as Prettier lays out a table, so formatting the README leaves it unchanged.
 */
export function readmeTable(rows: readonly BenchRow[]): string {
  const header = ['figure', 'Runnel', 'baseline in the same run', 'aim', 'met'];
  const body = readmeFigures(rows).map((figure) =>
    [figure.name, figure.runnel, figure.baseline, figure.aim, figure.met ? 'yes' : '**no**'].map(
      cell,
    ),
  );
  const width = (text: string): number => [...text].length;
  const widths = header.map((title, column) =>
    Math.max(3, width(title), ...body.map((cells) => width(cells[column] ?? ''))),
  );
  const line = (cells: readonly string[]): string =>
    `| ${cells.map((text, column) => text.padEnd((widths[column] ?? 0) + text.length - width(text))).join(' | ')} |`;
  const rule = `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`;
  return [line(header), rule, ...body.map(line)].join('\n');
}

export type TableInReadme =
  { ok: true; table: string } | { ok: false; code: 'markers_missing'; message: string };

/** The table between the README's markers, as it stands. */
export function tableInReadme(readme: string): TableInReadme {
  const start = readme.indexOf(tableStart);
  const end = readme.indexOf(tableEnd);
  if (start < 0 || end < start) {
    return {
      ok: false,
      code: 'markers_missing',
      message: `The README has no ${tableStart} … ${tableEnd} pair to put the benchmark table between.`,
    };
  }
  return { ok: true, table: readme.slice(start + tableStart.length, end).trim() };
}

/** The README with `table` between its markers (a blank line either side, as Prettier keeps it). */
export function withTable(readme: string, table: string): string {
  const found = tableInReadme(readme);
  if (!found.ok) throw new Error(found.message);
  const start = readme.indexOf(tableStart) + tableStart.length;
  const end = readme.indexOf(tableEnd);
  return `${readme.slice(0, start)}\n\n${table}\n\n${readme.slice(end)}`;
}

/**
 * After `npm run bench`: the README quotes a whole set, so a part (`--only`) leaves it alone rather than
 * mix two runs in one table. Says whether it rewrote the table.
 */
export async function updateReadmeAfterRun(
  rows: readonly BenchRow[],
  run: { only: readonly string[] | null },
  readme = readmePath,
): Promise<boolean> {
  if (run.only !== null) return false;
  await writeReadmeTable(rows, readme);
  return true;
}

/** Rewrites the README's table from `rows`. */
export async function writeReadmeTable(
  rows: readonly BenchRow[],
  readmePath: string,
): Promise<void> {
  const readme = await readFile(readmePath, 'utf8');
  const next = withTable(readme, readmeTable(rows));
  if (next !== readme) await writeFile(readmePath, next);
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Where the table lives: docs/performance.md, so the README stays for the people who use Runnel. */
export const readmePath = path.join(root, 'docs/performance.md');
export const resultsPath = path.join(root, 'bench-results.json');

// `node --import tsx bench/readme-table.ts --write`: the README's table from the committed results.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const write = process.argv.includes('--write');
  const rows = JSON.parse(await readFile(resultsPath, 'utf8')) as BenchRow[];
  if (write) {
    await writeReadmeTable(rows, readmePath);
    console.log(`docs/performance.md: the benchmark table from ${path.basename(resultsPath)}`);
  } else {
    console.log(readmeTable(rows));
  }
}
