/**
 * A fixed CPU workload timed in this process: the figure every run prints at its top, so a reader
 * sees how loaded the machine was, and a same-run reference the absolute aims are printed beside
 * (issue 28 item 8). On a 2-core machine shared with other work the same code read start-up 2.5 s in
 * one run and 0.47 s in another; this figure moves with that load, the code under test does not.
 */
import { createHash } from 'node:crypto';
import { seededRandom } from '../test/support/seeded-random';

/**
 * The workload's median on this machine when it was quiet (the smallest median of repeated runs on
 * the 2-core Debian machine the benchmarks are kept on, 2026-12-08). A run far above it was loaded.
 */
export const quietCalibrationMs = 100;
/** A run whose figure is this many times the quiet one warns that its absolute figures are inflated. */
export const loadedFactor = 1.5;

/** One pass: JSON out and back, hashing and sorting, the kinds of work the benchmarks time. */
const workload = (): number => {
  const next = seededRandom(20261208);
  const items = Array.from({ length: 60_000 }, (_, i) => ({
    id: `m${i}`,
    text: next().toString(36).repeat(4),
    at: Math.floor(next() * 1e9),
  }));
  const parsed = JSON.parse(JSON.stringify(items)) as typeof items;
  parsed.sort((a, b) => a.at - b.at || a.id.localeCompare(b.id));
  const hash = createHash('sha256');
  for (const item of parsed) hash.update(item.text);
  return hash.digest()[0] ?? 0;
};

/** The workload's median time over `runs` passes, in ms (after one untimed pass to warm the JIT). */
export const calibrate = (runs = 5): number => {
  workload();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    workload();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return Number((times[Math.floor(times.length / 2)] ?? 0).toFixed(1));
};

/** How the figure compares with a quiet machine's, as the run's first line says it. */
export const describeCalibration = (ms: number): { line: string; loaded: boolean } => {
  const factor = quietCalibrationMs > 0 ? ms / quietCalibrationMs : 1;
  const loaded = factor >= loadedFactor;
  return {
    line:
      `calibration: ${ms} ms for the fixed CPU workload (quiet machine: ${quietCalibrationMs} ms, ` +
      `${factor.toFixed(2)}x)` +
      (loaded
        ? `\nWARNING: the machine is ${factor.toFixed(1)}x slower than quiet; absolute figures ` +
          '(start-up, open, switch, import, search) are inflated, read them against their same-run references'
        : ''),
    loaded,
  };
};
