import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  mergePaths,
  pathFromShellOutput,
  readLoginShellPath,
} from '../../../../main/mcp/login-shell-path';

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(path.join(tmpdir(), 'runnel-shell-'));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

/** A stand-in login shell: a script that prints what a real one would, banner included. */
async function shell(name: string, body: string): Promise<string> {
  const file = path.join(folder, name);
  await writeFile(file, `#!/bin/sh\n${body}\n`);
  await chmod(file, 0o755);
  return file;
}

describe('the login shell’s PATH', () => {
  it('is read from a real shell run as -ilc, past its banner, and put before our own', async () => {
    const zsh = await shell(
      'zsh',
      'echo "Welcome back, ada"\nPATH=/opt/homebrew/bin:/usr/bin\nexport PATH\nshift\neval "$1"',
    );
    const found = await readLoginShellPath({
      platform: 'darwin',
      shell: zsh,
      fallbackPath: '/usr/bin:/bin',
    });
    expect(found).toEqual({
      ok: true,
      path: '/opt/homebrew/bin:/usr/bin:/bin',
      source: `PATH from ${zsh} -ilc`,
    });
  });

  it('falls back to our own PATH, saying why, when the shell does not answer in time', async () => {
    const stuck = await shell('stuck', 'exec sleep 30');
    const started = Date.now();
    const found = await readLoginShellPath({
      platform: 'linux',
      shell: stuck,
      fallbackPath: '/usr/bin:/bin',
      timeoutMs: 300,
    });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(found).toEqual({
      ok: false,
      path: '/usr/bin:/bin',
      source: `the login shell's PATH could not be read (${stuck} did not answer within 0.3 s), so Runnel's own PATH was used`,
    });
  });

  it('falls back when the shell fails or prints no PATH', async () => {
    const broken = await shell('broken', 'exit 1');
    expect(
      (await readLoginShellPath({ platform: 'linux', shell: broken, fallbackPath: '/bin' })).source,
    ).toContain(`${broken} failed`);
    const quiet = await shell('quiet', 'true');
    expect(
      (await readLoginShellPath({ platform: 'linux', shell: quiet, fallbackPath: '/bin' })).source,
    ).toContain('printed no PATH');
  });

  it('asks no shell on Windows', async () => {
    const found = await readLoginShellPath({
      platform: 'win32',
      shell: undefined,
      fallbackPath: 'C:\\node',
      run: () => Promise.reject(new Error('no shell should be run')),
    });
    expect(found).toEqual({ ok: true, path: 'C:\\node', source: 'PATH from Windows' });
  });

  it('picks the PATH between its marks and merges without repeats', () => {
    expect(pathFromShellOutput('motd\n__RUNNEL_PATH_7f3a__/a:/b__RUNNEL_PATH_7f3a__')).toBe(
      '/a:/b',
    );
    expect(pathFromShellOutput('no marks here')).toBeNull();
    expect(mergePaths('/a:/b', '/b:/c::/a')).toBe('/a:/b:/c');
  });
});
