import { describe, expect, it } from 'vitest';
import { createImportProgress } from '../../../../renderer/src/history/import-progress';
import type { ImportProgress } from '../../../../renderer/src/history/types';

describe('createImportProgress', () => {
  it('reports at most once an interval, estimating the total from the bytes left', () => {
    const seen: ImportProgress[] = [];
    let clock = 0;
    const progress = createImportProgress({
      onProgress: (p) => seen.push(p),
      totalBytes: () => 1000,
      everyMs: 100,
      now: () => clock,
    });
    progress.read(250);
    progress.conversation('First');
    progress.conversation('Second'); // same instant: not reported
    expect(seen).toEqual([{ done: 1, total: 4, title: 'First' }]);
    clock = 150;
    progress.read(250);
    progress.conversation('Third');
    expect(seen.at(-1)).toEqual({ done: 3, total: 6, title: 'Third' });
    progress.finishing();
    expect(seen.at(-1)).toEqual({ done: 3, total: 3, title: 'Third', finishing: true });
    expect(progress.done).toBe(3);
  });

  it('never estimates fewer than are done, even past the expected size', () => {
    const seen: ImportProgress[] = [];
    const progress = createImportProgress({
      onProgress: (p) => seen.push(p),
      totalBytes: () => 10,
      everyMs: 0,
      now: () => 0,
    });
    progress.conversation('Before any byte');
    progress.read(40);
    progress.report(true);
    expect(seen).toEqual([
      { done: 1, total: 1, title: 'Before any byte' },
      { done: 1, total: 1, title: 'Before any byte' },
    ]);
  });
});
