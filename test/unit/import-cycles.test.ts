/**
 * No module of the app imports itself through others, type-only imports included: a cycle makes
 * two files one room in practice (neither can be read, moved or tested without the other).
 */
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = process.cwd();
const sourceFolders = ['main', 'preload', 'renderer/src'];

const sourceFiles = (folder: string): string[] =>
  readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });

/** The files a module imports or re-exports by a relative path; packages are not ours. */
const localImports = (file: string): string[] =>
  ts
    .preProcessFile(readFileSync(file, 'utf8'), true, true)
    .importedFiles.map((imported) => imported.fileName)
    .filter((specifier) => specifier.startsWith('.'))
    .flatMap((specifier) => {
      const base = resolve(dirname(file), specifier.replace(/\?.*$/, ''));
      const found = [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts')].find(
        (candidate) => existsSync(candidate) && statSync(candidate).isFile(),
      );
      return found && /\.tsx?$/.test(found) ? [found] : [];
    });

/** Every cycle, each as the files it passes through, found by a depth-first walk. */
function importCycles(files: string[]): string[][] {
  const graph = new Map(files.map((file) => [file, localImports(file)]));
  const cycles: string[][] = [];
  const done = new Set<string>();
  const path: string[] = [];
  const visit = (file: string): void => {
    const at = path.indexOf(file);
    if (at >= 0) {
      cycles.push([...path.slice(at), file].map((step) => relative(root, step)));
      return;
    }
    if (done.has(file)) return;
    path.push(file);
    for (const next of graph.get(file) ?? []) visit(next);
    path.pop();
    done.add(file);
  };
  for (const file of files) visit(file);
  return cycles;
}

describe('import cycles', () => {
  it('the app has none, type-only imports included', () => {
    const files = sourceFolders.flatMap((folder) => sourceFiles(resolve(root, folder)));
    expect(files.length).toBeGreaterThan(50);
    expect(importCycles(files)).toEqual([]);
  });

  it('finds a cycle that passes only through type imports', () => {
    const folder = mkdtempSync(join(tmpdir(), 'runnel-cycles-'));
    try {
      writeFileSync(join(folder, 'a.ts'), "import type { B } from './b';\nexport type A = B[];\n");
      writeFileSync(join(folder, 'b.ts'), "export type { A as B } from './a';\n");
      writeFileSync(join(folder, 'c.ts'), "import type { A } from './a';\nexport type C = A;\n");
      expect(importCycles(sourceFiles(folder)).map((cycle) => cycle.length)).toEqual([3]);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
