/**
 * Where the Electron binary is, without triggering its lazy download (which needs GitHub). null when
 * it is not installed, so the suite can skip with a reason instead of hanging on a closed network.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export function findElectronBinary(): string | null {
  const require = createRequire(import.meta.url);
  let packageDir: string;
  try {
    packageDir = path.dirname(require.resolve('electron/package.json'));
  } catch {
    return null;
  }
  const pathFile = path.join(packageDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const relative = readFileSync(pathFile, 'utf8').trim();
  const distDir = process.env.ELECTRON_OVERRIDE_DIST_PATH ?? path.join(packageDir, 'dist');
  const binary = path.join(distDir, relative);
  return existsSync(binary) ? binary : null;
}

export const SKIP_REASON =
  'Electron binary not installed here (it downloads from GitHub on first use): run `npx install-electron --no` where GitHub is reachable to run this suite.';
