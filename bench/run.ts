/**
 * `npm run bench [-- --quick] [-- --only engine,renderer]`: runs every benchmark, prints one table and
 * writes bench-results.json. Benchmarks never fail the build for being slow; they report.
 * `--only scale` (or `scale:<part>`) runs the scale parts (bench/scale/parts.ts) and writes their rows
 * to bench-results-scale.json instead; a full run includes them, a quick run of everything leaves them
 * out (`--only scale --quick` runs them at smaller sizes). Every run prints a CPU calibration figure
 * first and last (bench/calibration.ts) and warns when the machine is far slower than quiet.
 */
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import { calibrate, describeCalibration } from './calibration';
import { updateReadmeAfterRun } from './readme-table';
import { scaleParts } from './scale/parts';
import { row, type Benchmark, type BenchRow } from './types';

const registry: Record<string, () => Promise<Benchmark>> = {
  engine: async () => (await import('./engine.bench')).default,
  renderer: async () => (await import('./renderer/renderer.bench')).default,
  'renderer-hostile': async () => (await import('./renderer/hostile.bench')).default,
  history: async () => (await import('./history.bench')).default,
  'history-tree': async () => (await import('./history.bench')).branchTreeBenchmark,
  'history-images': async () => (await import('./history.bench')).imageHistoryBenchmark,
  attachments: async () => (await import('./attachments.bench')).default,
  ipc: async () => (await import('./ipc.bench')).default,
  memory: async () => (await import('./memory.bench')).default,
  startup: async () => (await import('./startup.bench')).default,
  'long-stream': async () => (await import('./long-stream.bench')).default,
  'tool-calls': async () => (await import('./tool-calls.bench')).default,
  mcp: async () => (await import('./mcp.bench')).default,
};

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const onlyIndex = args.indexOf('--only');
/** `scale` stands for every scale part, `scale:<key>` for one (their rows go to their own file). */
const scaleKeys = scaleParts.map((part) => `scale:${part.key}`);
for (const part of scaleParts) registry[`scale:${part.key}`] = part.load;
const only = (
  onlyIndex >= 0
    ? (args[onlyIndex + 1] ?? '').split(',')
    : [
        ...Object.keys(registry).filter((key) => !key.startsWith('scale:')),
        ...(quick ? [] : ['scale']),
      ]
).flatMap((key) => (key === 'scale' ? scaleKeys : [key]));
const onlyScale = only.length > 0 && only.every((key) => scaleKeys.includes(key));

const machine = `${os.cpus()[0]?.model ?? 'unknown CPU'} x${os.cpus().length}, ${Math.round(
  os.totalmem() / 2 ** 30,
)} GiB, ${os.platform()} ${os.release()}, Node ${process.version}`;

const format = (value: number | null): string =>
  value === null ? '-' : Math.abs(value) >= 100 ? value.toFixed(0) : value.toFixed(2);

async function main(): Promise<void> {
  console.log(`Runnel benchmarks${quick ? ' (quick)' : ''} on ${machine}`);
  const started = performance.now();
  const before = describeCalibration(calibrate());
  console.log(`${before.line}\n`);
  const rows: BenchRow[] = [];
  const scaleRows: BenchRow[] = [];
  for (const key of only) {
    const load = registry[key];
    if (!load)
      throw new Error(`Unknown benchmark "${key}"; known: ${Object.keys(registry).join(', ')}`);
    const bench = await load();
    console.log(`== ${bench.name}`);
    const into = scaleKeys.includes(key) ? scaleRows : rows;
    try {
      into.push(...(await bench.run({ quick, log: (line) => console.log(`   ${line}`) })));
    } catch (error) {
      // One broken benchmark must not cost the others' figures: it gets a row that says so.
      console.error(error);
      const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
      into.push(
        row({
          name: `${key}: failed to run (${message})`,
          value: 0,
          unit: '-',
          baseline: null,
          aim: 'runs',
          met: false,
        }),
      );
      process.exitCode = 1;
    }
  }
  const table = [...rows, ...scaleRows].map((r) => ({
    name: r.name,
    value: `${format(r.value)} ${r.unit}`,
    baseline: r.baseline === null ? '-' : `${format(r.baseline)} ${r.unit}`,
    ratio: format(r.ratio),
    aim: r.aim,
    met: r.met ? 'yes' : 'NO',
  }));
  console.log('');
  console.table(table);
  // The machine's load can change over a long run: the figure again, at its end.
  console.log(`\nat the end, ${describeCalibration(calibrate()).line}`);
  console.log(`the run took ${((performance.now() - started) / 60_000).toFixed(1)} min`);
  if (scaleRows.length > 0) {
    await writeFile('bench-results-scale.json', `${JSON.stringify(scaleRows, null, 2)}\n`);
    console.log('Wrote bench-results-scale.json');
  }
  if (onlyScale) return;
  // A full run's results hold every row, the scale ones too (docs/performance.md is made from them).
  const all = [...rows, ...scaleRows];
  await writeFile('bench-results.json', `${JSON.stringify(all, null, 2)}\n`);
  console.log('Wrote bench-results.json');
  if (await updateReadmeAfterRun(all, { only: onlyIndex >= 0 ? only : null })) {
    console.log('Rewrote the benchmark table in docs/performance.md');
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
