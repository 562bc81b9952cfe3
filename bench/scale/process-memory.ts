/**
 * Peak memory of a Chromium's renderer processes, read from /proc while something runs: the history
 * worker is a thread of its page's renderer, so the renderer's resident size bounds the worker's (the
 * page's own share is small and steady in the benchmarks). Linux only; elsewhere it reports null.
 */
import { readdir, readFile } from 'node:fs/promises';

const readText = async (file: string): Promise<string> => {
  try {
    return await readFile(file, 'utf8');
  } catch {
    return '';
  }
};

/** Pids of the renderer processes of the Chromium started with `--user-data-dir=<profile>`. */
const rendererPids = async (profile: string): Promise<number[]> => {
  let entries: string[];
  try {
    entries = await readdir('/proc');
  } catch {
    return [];
  }
  const parents = new Map<number, number>();
  const cmdlines = new Map<number, string>();
  for (const entry of entries) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    const stat = await readText(`/proc/${pid}/stat`);
    // The command name is in parentheses and may hold spaces: the parent pid follows the last ')'.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    parents.set(pid, ppid);
    cmdlines.set(pid, (await readText(`/proc/${pid}/cmdline`)).replaceAll('\0', ' '));
  }
  const browser = [...cmdlines].find(
    ([, cmd]) => cmd.includes(`--user-data-dir=${profile}`) && !cmd.includes('--type='),
  )?.[0];
  if (browser === undefined) return [];
  const descends = (pid: number): boolean => {
    for (let at = parents.get(pid); at !== undefined && at > 1; at = parents.get(at)) {
      if (at === browser) return true;
    }
    return false;
  };
  return [...cmdlines]
    .filter(([pid, cmd]) => cmd.includes('--type=renderer') && descends(pid))
    .map(([pid]) => pid);
};

const residentBytes = async (pid: number): Promise<number> => {
  const match = /VmRSS:\s+(\d+) kB/.exec(await readText(`/proc/${pid}/status`));
  return match ? Number(match[1]) * 1024 : 0;
};

export interface MemoryWatch {
  /** Stops sampling; the largest resident size one renderer reached, in bytes (null: not measurable). */
  stop(): Promise<number | null>;
}

export const watchRendererMemory = (profile: string, everyMs = 250): MemoryWatch => {
  let peak: number | null = null;
  let pids: number[] = [];
  let running = true;
  const loop = (async () => {
    for (let round = 0; running; round++) {
      // The set of renderers changes rarely; look for it now and then.
      if (round % 20 === 0) pids = await rendererPids(profile);
      for (const pid of pids) {
        const bytes = await residentBytes(pid);
        if (bytes > 0) peak = Math.max(peak ?? 0, bytes);
      }
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return peak;
    },
  };
};
