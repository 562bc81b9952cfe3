/**
 * Fetches Electron's binary before `npm start`, `npm run dev` and `npm run dist` when it is missing.
 *
 * Electron 45 no longer downloads its binary during `npm install`: it does so lazily on the first
 * `require('electron')`, which electron-vite never calls (it reads node_modules/electron/path.txt itself and
 * throws "Electron uninstall" with a stack trace). Where the download cannot happen (no network, a proxy,
 * a bad mirror), this prints one line that says what failed and what to run, and exits 1.
 *
 * The download goes through Electron's own downloader (@electron/get, into its cache via a temporary
 * folder), and only a complete, checksum-verified zip is handed to Electron's install.js to unpack: a
 * failed or interrupted download leaves nothing in node_modules/electron.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

interface ElectronPackage {
  dir: string;
  version: string;
}

/** What install.js writes to path.txt for each platform (see node_modules/electron/install.js). */
function platformPath(platform: string): string | null {
  switch (platform) {
    case 'mas':
    case 'darwin':
      return 'Electron.app/Contents/MacOS/Electron';
    case 'freebsd':
    case 'openbsd':
    case 'linux':
      return 'electron';
    case 'win32':
      return 'electron.exe';
    default:
      return null;
  }
}

const targetPlatform = (): string =>
  process.env.ELECTRON_INSTALL_PLATFORM || process.env.npm_config_platform || process.platform;
const targetArch = (): string =>
  process.env.ELECTRON_INSTALL_ARCH || process.env.npm_config_arch || process.arch;

function readIfExists(file: string): string | null {
  return existsSync(file) ? readFileSync(file, 'utf8') : null;
}

/** The same test install.js makes before it downloads, so the two never disagree. */
function isInstalled(electron: ElectronPackage, expectedPath: string): boolean {
  const version = readIfExists(path.join(electron.dir, 'dist', 'version'));
  if (version?.replace(/^v/, '') !== electron.version) return false;
  if (readIfExists(path.join(electron.dir, 'path.txt')) !== expectedPath) return false;
  const distDir = process.env.ELECTRON_OVERRIDE_DIST_PATH || path.join(electron.dir, 'dist');
  return existsSync(path.join(distDir, expectedPath));
}

/** The error and its causes, on one line: undici's "fetch failed" says nothing without its cause. */
function describeError(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  while (current !== undefined && current !== null && parts.length < 4) {
    const message =
      current instanceof Error ? current.message : typeof current === 'string' ? current : '';
    const firstLine = (message.split('\n')[0] ?? '').trim();
    if (firstLine && !parts.includes(firstLine)) parts.push(firstLine);
    current = current instanceof Error ? current.cause : undefined;
  }
  return parts.join(': ') || 'unknown error';
}

type DownloadArtifact = (details: Record<string, unknown>) => Promise<string>;

async function loadDownloader(electron: ElectronPackage): Promise<DownloadArtifact> {
  // @electron/get is Electron's dependency, not ours: resolve it from Electron's folder.
  const fromElectron = createRequire(path.join(electron.dir, 'package.json'));
  const entry = fromElectron.resolve('@electron/get');
  const module = (await import(pathToFileURL(entry).href)) as {
    downloadArtifact: DownloadArtifact;
  };
  return module.downloadArtifact;
}

async function ensureElectron(): Promise<number> {
  const require = createRequire(import.meta.url);
  const manifest = require.resolve('electron/package.json');
  const electron: ElectronPackage = {
    dir: path.dirname(manifest),
    version: (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version,
  };
  const platform = targetPlatform();
  const arch = targetArch();
  const expectedPath = platformPath(platform);
  // electron-vite starts ELECTRON_EXEC_PATH when it is set, whatever is in node_modules.
  const chosenBinary = process.env.ELECTRON_EXEC_PATH;
  if (chosenBinary) {
    if (existsSync(chosenBinary)) return 0;
    console.error(
      `ELECTRON_EXEC_PATH is ${chosenBinary}, which does not exist: point it at an Electron binary, or unset it.`,
    );
    return 1;
  }
  if (expectedPath === null) {
    console.error(`Electron has no build for this system (${platform}); Runnel cannot start here.`);
    return 1;
  }
  if (isInstalled(electron, expectedPath)) return 0;

  try {
    const downloadArtifact = await loadDownloader(electron);
    // The same request install.js makes, so it finds the zip in the cache and only unpacks it.
    await downloadArtifact({
      version: electron.version,
      artifactName: 'electron',
      platform,
      arch,
      cacheRoot: process.env.electron_config_cache,
      checksums:
        process.env.electron_use_remote_checksums ||
        process.env.npm_config_electron_use_remote_checksums
          ? undefined
          : JSON.parse(readFileSync(path.join(electron.dir, 'checksums.json'), 'utf8')),
    });
  } catch (error) {
    console.error(
      `Electron ${electron.version} is not installed and its download failed (${describeError(error)}): ` +
        'run `npx install-electron --no` where GitHub is reachable ' +
        '(behind a proxy, set ELECTRON_GET_USE_PROXY=1 and HTTPS_PROXY first), then try again.',
    );
    return 1;
  }

  const unpacked = spawnSync(process.execPath, [path.join(electron.dir, 'install.js')], {
    encoding: 'utf8',
  });
  if (unpacked.status !== 0 || !isInstalled(electron, expectedPath)) {
    // A half-unpacked dist/ would pass for an install on the next start: take it away.
    rmSync(path.join(electron.dir, 'dist'), { recursive: true, force: true });
    rmSync(path.join(electron.dir, 'path.txt'), { force: true });
    const reason =
      unpacked.status === 0
        ? `the archive has no ${expectedPath}`
        : (unpacked.stderr || unpacked.error?.message || '').trim().split('\n')[0];
    console.error(
      `Electron ${electron.version} was downloaded but could not be unpacked (${reason || `exit ${unpacked.status}`}): ` +
        'run `npx install-electron --no` to try again.',
    );
    return 1;
  }
  console.log(`Electron ${electron.version} installed (a one-time download).`);
  return 0;
}

process.exitCode = await ensureElectron();
