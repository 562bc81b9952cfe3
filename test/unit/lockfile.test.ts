/**
 * `npm audit` needs an advisory service this machine cannot reach; `npm run lint:lockfile` is the check
 * that works offline: every package comes from the npm registry over https, under its own name, with a
 * sha512 integrity. Run here against the real lockfile and against tampered copies, so the check can fail.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');

interface LockEntry {
  version?: string;
  resolved?: string;
  integrity?: string;
  link?: boolean;
}
interface Lockfile {
  packages: Record<string, LockEntry>;
}

const lockfile = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as Lockfile;
const scripts = (
  JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  }
).scripts;

/** Runs the package.json script's own command line, pointed at another lockfile. */
async function lintLockfile(file: string): Promise<{ passed: boolean; output: string }> {
  const command = scripts['lint:lockfile'];
  expect(command, 'package.json has a lint:lockfile script').toBeDefined();
  const args = command!
    .split(/\s+/)
    .slice(1)
    .map((arg) => (arg === 'package-lock.json' ? file : arg));
  // The package's own script through node: node_modules/.bin holds a shell script on Windows.
  const bin = path.join(root, 'node_modules', 'lockfile-lint', 'bin', 'lockfile-lint.js');
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], { cwd: root });
    return { passed: true, output: stdout + stderr };
  } catch (error) {
    const failed = error as { stdout: string; stderr: string };
    return { passed: false, output: failed.stdout + failed.stderr };
  }
}

function tampered(change: (lock: Lockfile) => void): string {
  const copy = structuredClone(lockfile);
  change(copy);
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'runnel-lockfile-')), 'package-lock.json');
  writeFileSync(file, JSON.stringify(copy));
  return file;
}

describe('npm run lint:lockfile', () => {
  it('passes on the lockfile as committed', async () => {
    const result = await lintLockfile(path.join(root, 'package-lock.json'));
    expect(result.output).toContain('No issues detected');
    expect(result.passed).toBe(true);
  });

  it.each([
    ['another host', 'https://evil.example/zod/-/zod-4.6.7.tgz', 'invalid host'],
    ['plain http', 'http://registry.npmjs.org/zod/-/zod-4.6.7.tgz', 'invalid protocol'],
    ['another package', 'https://registry.npmjs.org/zodd/-/zodd-4.6.7.tgz', 'different name'],
  ])('fails when a package is fetched from %s', async (_case, resolved, complaint) => {
    const file = tampered((lock) => {
      lock.packages['node_modules/zod']!.resolved = resolved;
    });
    const result = await lintLockfile(file);
    expect(result.passed).toBe(false);
    expect(result.output).toContain(complaint);
  });

  it('fails on an integrity weaker than sha512', async () => {
    const file = tampered((lock) => {
      lock.packages['node_modules/zod']!.integrity = 'sha1-2jmJD+zO7ZrSjbgDEiKH9yTWhnU=';
    });
    const result = await lintLockfile(file);
    expect(result.passed).toBe(false);
    expect(result.output).toContain('invalid integrity hash type');
  });
});

describe('package-lock.json', () => {
  // lockfile-lint skips an entry with no integrity at all; without one npm installs whatever it is given.
  it('carries an integrity for every installed package', () => {
    const missing = Object.entries(lockfile.packages)
      .filter(([key, entry]) => key !== '' && !entry.link && entry.integrity === undefined)
      .map(([key]) => key);
    expect(missing).toEqual([]);
  });
});
