/**
 * `npm run bench [-- --quick] [-- --only engine,renderer]`: runs every benchmark, prints one table and
 * writes bench-results.json. Benchmarks never fail the build for being slow; they report.
 */
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import { updateReadmeAfterRun } from './readme-table';
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
const only = onlyIndex >= 0 ? (args[onlyIndex + 1] ?? '').split(',') : Object.keys(registry);

const machine = `${os.cpus()[0]?.model ?? 'unknown CPU'} x${os.cpus().length}, ${Math.round(
  os.totalmem() / 2 ** 30,
)} GiB, ${os.platform()} ${os.release()}, Node ${process.version}`;

const format = (value: number | null): string =>
  value === null ? '-' : Math.abs(value) >= 100 ? value.toFixed(0) : value.toFixed(2);

async function main(): Promise<void> {
  console.log(`Runnel benchmarks${quick ? ' (quick)' : ''} on ${machine}\n`);
  const rows: BenchRow[] = [];
  for (const key of only) {
    const load = registry[key];
    if (!load)
      throw new Error(`Unknown benchmark "${key}"; known: ${Object.keys(registry).join(', ')}`);
    const bench = await load();
    console.log(`== ${bench.name}`);
    try {
      rows.push(...(await bench.run({ quick, log: (line) => console.log(`   ${line}`) })));
    } catch (error) {
      // One broken benchmark must not cost the others' figures: it gets a row that says so.
      console.error(error);
      const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
      rows.push(
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
  const table = rows.map((r) => ({
    name: r.name,
    value: `${format(r.value)} ${r.unit}`,
    baseline: r.baseline === null ? '-' : `${format(r.baseline)} ${r.unit}`,
    ratio: format(r.ratio),
    aim: r.aim,
    met: r.met ? 'yes' : 'NO',
  }));
  console.log('');
  console.table(table);
  await writeFile('bench-results.json', `${JSON.stringify(rows, null, 2)}\n`);
  console.log('\nWrote bench-results.json');
  if (await updateReadmeAfterRun(rows, { only: onlyIndex >= 0 ? only : null })) {
    console.log('Rewrote the benchmark table in docs/performance.md');
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
