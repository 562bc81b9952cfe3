/**
 * scripts/ensure-electron.ts, run as `npm start` runs it, with Electron's binary absent (as here) and its
 * download pointed at a loopback mirror that refuses or answers 404: one line, no stack trace, exit 1,
 * and nothing left behind in node_modules/electron, the download cache or the temporary folder.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { strToU8, zipSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import { findElectronBinary } from '../../electron-e2e/electron-binary';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../../..');
const electronDir = path.join(root, 'node_modules', 'electron');
const installed = findElectronBinary() !== null;
const electronVersion = (
  JSON.parse(readFileSync(path.join(electronDir, 'package.json'), 'utf8')) as { version: string }
).version;

interface Outcome {
  code: number;
  lines: string[];
}

/** The environment less anything that could point Electron's downloader elsewhere (npm passes .npmrc keys). */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/electron|proxy/i.test(key)) env[key] = value;
  }
  return { ...env, ...extra };
}

async function runCommand(
  file: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  shell = false,
): Promise<Outcome> {
  try {
    const { stdout, stderr } = await run(file, args, {
      cwd: root,
      env,
      timeout: 60_000,
      shell,
    });
    return { code: 0, lines: (stdout + stderr).split('\n').filter((line) => line.trim() !== '') };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    const lines = (failed.stdout + failed.stderr).split('\n').filter((line) => line.trim() !== '');
    return { code: failed.code, lines };
  }
}

const ensureElectron = (env: NodeJS.ProcessEnv): Promise<Outcome> =>
  runCommand(process.execPath, ['--import', 'tsx', 'scripts/ensure-electron.ts'], env);

/** A port that was just free and is now closed: connecting to it is refused at once. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(
    servers
      .splice(0)
      .map((server) => new Promise<void>((resolve) => server.close(() => resolve()))),
  );
});

/** Fresh cache and temporary folders, to check that a failed download leaves nothing in them. */
function scratch(mirror: string): { env: NodeJS.ProcessEnv; cache: string; temp: string } {
  const base = mkdtempSync(path.join(tmpdir(), 'runnel-ensure-electron-'));
  const cache = path.join(base, 'cache');
  const temp = mkdtempSync(path.join(base, 'tmp-'));
  return {
    cache,
    temp,
    env: cleanEnv({ ELECTRON_MIRROR: mirror, electron_config_cache: cache, TMPDIR: temp }),
  };
}

/** What a run left in a folder, less tsx's own compile cache (the script runs through tsx, like npm start). */
function leftovers(folder: string): string[] {
  try {
    const entries = readdirSync(folder, { recursive: true }) as string[];
    return entries.filter((entry) => !entry.startsWith('tsx-'));
  } catch {
    return [];
  }
}

describe.skipIf(installed)('ensure-electron, with the Electron binary absent', () => {
  const electronFilesBefore = readdirSync(electronDir).sort();

  it('says in one line that the download failed and what to run, when the mirror refuses', async () => {
    const { env, cache, temp } = scratch(`http://127.0.0.1:${await closedPort()}/`);
    const outcome = await ensureElectron(env);

    expect(outcome.code).toBe(1);
    expect(outcome.lines).toHaveLength(1);
    expect(outcome.lines[0]).toMatch(
      /^Electron \d+\.\d+\.\d+ is not installed and its download failed \(fetch failed: connect ECONNREFUSED 127\.0\.0\.1:\d+\): run `npx install-electron --no` where GitHub is reachable/,
    );
    expect(outcome.lines[0]).not.toMatch(/\n|\s+at /);
    expect(readdirSync(electronDir).sort()).toEqual(electronFilesBefore);
    expect(leftovers(cache)).toEqual([]);
    expect(leftovers(temp)).toEqual([]);
  });

  it('names the HTTP status when the mirror does not have the file', async () => {
    const server = createServer((_request, response) => response.writeHead(404).end());
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const { env, temp } = scratch(`http://127.0.0.1:${port}/`);

    const outcome = await ensureElectron(env);

    expect(outcome.code).toBe(1);
    expect(outcome.lines).toHaveLength(1);
    expect(outcome.lines[0]).toMatch(/download failed \(Response code 404 \(Not Found\) for http:/);
    expect(readdirSync(electronDir).sort()).toEqual(electronFilesBefore);
    expect(leftovers(temp)).toEqual([]);
  });

  it('takes away a half-unpacked binary when the download is not a whole Electron', async () => {
    // A mirror that serves a real zip without the Electron binary in it, with a SHASUMS256.txt that
    // vouches for it: Electron's install.js unpacks it into node_modules/electron/dist and writes
    // path.txt, which would pass for an install on the next start if they were left there.
    const archive = Buffer.from(zipSync({ LICENSE: strToU8('not Electron') }));
    const sha256 = createHash('sha256').update(archive).digest('hex');
    const server = createServer((request, response) => {
      if (request.url?.endsWith('/SHASUMS256.txt')) {
        const name = `electron-v${electronVersion}-${process.platform}-${process.arch}.zip`;
        response.end(`${sha256} *${name}\n`);
      } else response.end(archive);
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const { env } = scratch(`http://127.0.0.1:${port}/`);

    const outcome = await ensureElectron({ ...env, electron_use_remote_checksums: '1' });

    expect(outcome.code).toBe(1);
    expect(outcome.lines).toHaveLength(1);
    expect(outcome.lines[0]).toMatch(
      /^Electron \S+ was downloaded but could not be unpacked \(the archive has no \S+\): run `npx install-electron --no` to try again\.$/,
    );
    expect(readdirSync(electronDir).sort()).toEqual(electronFilesBefore);
  });

  it('is what `npm start` runs first: the same line, then npm stops before electron-vite', async () => {
    const { env } = scratch(`http://127.0.0.1:${await closedPort()}/`);
    // npm is npm.cmd on Windows, which only a shell can start.
    const outcome = await runCommand('npm', ['start'], env, process.platform === 'win32');

    expect(outcome.code).not.toBe(0);
    // npm echoes the script it runs ("> runnel@… start", "> node …"); everything else is ours.
    const ours = outcome.lines.filter((line) => !line.startsWith('> '));
    expect(ours).toHaveLength(1);
    expect(ours[0]).toMatch(/^Electron \S+ is not installed and its download failed/);
    expect(outcome.lines.join('\n')).not.toContain('Electron uninstall');
  });
});

describe('ensure-electron, with a binary already in place', () => {
  it('does nothing and says nothing', async () => {
    // ELECTRON_EXEC_PATH is how electron-vite is pointed at a binary; any existing file stands in here.
    const outcome = await ensureElectron(cleanEnv({ ELECTRON_EXEC_PATH: process.execPath }));
    expect(outcome).toEqual({ code: 0, lines: [] });
  });

  it('says so in one line when ELECTRON_EXEC_PATH names a file that is not there', async () => {
    const missing = path.join(tmpdir(), 'runnel-no-such-electron');
    const outcome = await ensureElectron(cleanEnv({ ELECTRON_EXEC_PATH: missing }));
    expect(outcome).toEqual({
      code: 1,
      lines: [
        `ELECTRON_EXEC_PATH is ${missing}, which does not exist: point it at an Electron binary, or unset it.`,
      ],
    });
  });
});
