/**
 * The scale benchmarks (issue 28): each part one benchmark whose rows are named `scale: …`.
 * `npm run bench -- --only scale` runs every part here and writes their rows to
 * bench-results-scale.json; a full run (`npm run bench`) runs them too; `--quick` runs them at smaller
 * sizes. Add a part with one line: its key (also `--only scale:<key>`) and its loader.
 */
import type { Benchmark } from '../types';

export interface ScalePart {
  key: string;
  load: () => Promise<Benchmark>;
}

export const scaleParts: ScalePart[] = [
  { key: 'million', load: async () => (await import('./million.bench')).default },
  { key: 'long-answer', load: async () => (await import('./long-answer.bench')).default },
  { key: 'startup', load: async () => (await import('./startup.bench')).default },
  { key: 'chatgpt', load: async () => (await import('./chatgpt-import.bench')).default },
  { key: 'thread', load: async () => (await import('./thread.bench')).default },
];
