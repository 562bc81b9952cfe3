/** One row of `npm run bench`: a figure next to its side-by-side baseline from the same run. */
export interface BenchRow {
  /** For example `engine: parse+coalesce 1 KB reads (MB/s)`. */
  name: string;
  value: number;
  unit: string;
  /** The baseline measured in the same run (for example bare JSON.parse), or null where none applies. */
  baseline: number | null;
  /** value / baseline, or null without a baseline. */
  ratio: number | null;
  /** The aim in words, for example `ratio <= 2`. */
  aim: string;
  met: boolean;
}

export interface BenchContext {
  /** `npm run bench -- --quick`: smaller data, the whole run under ten minutes on 2 cores. */
  quick: boolean;
  log: (line: string) => void;
}

export interface Benchmark {
  name: string;
  run(context: BenchContext): Promise<BenchRow[]>;
}

export const row = (fields: Omit<BenchRow, 'ratio'> & { ratio?: number | null }): BenchRow => ({
  ...fields,
  ratio:
    fields.ratio !== undefined
      ? fields.ratio
      : fields.baseline
        ? Number((fields.value / fields.baseline).toFixed(3))
        : null,
});
