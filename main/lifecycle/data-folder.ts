/**
 * Where Runnel keeps its data: one folder named `Runnel` under the system's application-data folder,
 * whether it runs installed or from a checkout. Electron names the folder after package.json (`runnel`
 * in a development run, `Runnel` once electron-builder has set the product name), and the two differ
 * on a case-sensitive file system, so the folder is chosen here instead. Electron-free.
 */
import { existsSync, renameSync, statSync } from 'node:fs';
import path from 'node:path';

export const PRODUCT_NAME = 'Runnel';

/** The folder development runs used before the name was fixed (package.json's `name`). */
const EARLIER_FOLDER = 'runnel';

export interface DataFolder {
  path: string;
  /** What was done about an earlier folder, for the log; null when there was nothing to do. */
  note: string | null;
}

export interface FolderFs {
  exists(folder: string): boolean;
  /** Whether two names are one folder, as `runnel` and `Runnel` are on a case-insensitive system. */
  same(a: string, b: string): boolean;
  rename(from: string, to: string): void;
}

const nodeFs: FolderFs = {
  exists: existsSync,
  same: (a, b) => {
    const [first, second] = [statSync(a), statSync(b)];
    return first.dev === second.dev && first.ino === second.ino;
  },
  rename: renameSync,
};

/**
 * The data folder under `appDataDir`. A `runnel` folder of an earlier development run is moved to
 * `Runnel` when there is no `Runnel` yet, so settings and history carry over; a rename is atomic and
 * keeps Chromium's storage intact. When both exist, `Runnel` (the installed app's) wins and `runnel`
 * is left as it is. Where the rename fails, the earlier folder is used as it is rather than starting
 * empty. On a case-insensitive file system both names are one folder, which then exists, so nothing moves.
 */
export function chooseDataFolder(appDataDir: string, fs: FolderFs = nodeFs): DataFolder {
  const target = path.join(appDataDir, PRODUCT_NAME);
  const earlier = path.join(appDataDir, EARLIER_FOLDER);
  if (fs.exists(target)) {
    const left = fs.exists(earlier) && !fs.same(earlier, target);
    return {
      path: target,
      note: left ? `Using ${target}; the earlier ${earlier} was left as it is.` : null,
    };
  }
  if (!fs.exists(earlier)) return { path: target, note: null };
  try {
    fs.rename(earlier, target);
    return { path: target, note: `Moved the data folder ${earlier} to ${target}.` };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return {
      path: earlier,
      note: `Could not move ${earlier} to ${target} (${reason}); using it as it is.`,
    };
  }
}
