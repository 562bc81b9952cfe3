/**
 * Settings at rest: `settings.json` in the user-data folder, written atomically by a `conf` store
 * (electron-store in the app, which is conf plus Electron's folders; conf itself in Node tests, since
 * electron-store imports `electron`).
 *
 * conf refuses to open a damaged file (with `clearInvalidConfig: false` it throws; with `true` it would
 * silently empty it), so the file is read and checked here first: a file that is empty, cut off,
 * NUL-filled or not Runnel's shape is moved aside under a timestamped name, next to the original, and
 * the service starts with defaults and says where the old file went.
 */
import fs from 'node:fs';
import path from 'node:path';
import { isPlainObject, type SettingsData } from './settings-schema';
import type { SettingsPersistence } from './settings-service';
import { errorCode } from './write-failure';

const FILE_NAME = 'settings';

/** The settings file is there but cannot be used; the message says why, as the end of a sentence. */
export class UnreadableSettingsFile extends Error {}

/** What the file holds under `settings`; undefined when there is no file (or an empty store) yet. */
function readSettingsText(text: string): unknown {
  const body = text.replace(/^\uFEFF/, '');
  if (body.trim() === '') {
    throw new UnreadableSettingsFile(text === '' ? 'it is empty' : 'it holds only blank space');
  }
  if (body.includes('\u0000')) {
    throw new UnreadableSettingsFile('it holds NUL bytes, as a file cut short by a crash does');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new UnreadableSettingsFile('it is not valid JSON (it may have been cut short)');
  }
  if (!isPlainObject(parsed)) throw new UnreadableSettingsFile('it does not hold settings');
  if (Object.hasOwn(parsed, 'settings')) return parsed.settings;
  // conf's own bookkeeping alone is an empty store; anything else is some other file.
  const keys = Object.keys(parsed).filter((key) => key !== '__internal__');
  if (keys.length > 0) throw new UnreadableSettingsFile('it does not hold Runnel settings');
  return undefined;
}

/** `settings.damaged-2026-12-07T16-18-31.123Z.json`: sorts by time, and no `:` for Windows. */
const keptName = (at: Date, attempt: number): string =>
  `${FILE_NAME}.damaged-${at.toISOString().replaceAll(':', '-')}${attempt ? `-${attempt}` : ''}.json`;

/** The part of a conf store (electron-store's base class) that writes the file. */
export interface SettingsStore {
  set(key: 'settings', value: SettingsData): void;
}

/** Opens the store on `<dir>/settings.json`, as `new ElectronStore({cwd: dir, name: 'settings'})` does. */
export type OpenSettingsStore = (dir: string, name: string) => SettingsStore;

export interface SettingsFile extends SettingsPersistence {
  /** The full path of `settings.json`. */
  readonly path: string;
}

export function createSettingsFile(options: {
  dir: string;
  openStore: OpenSettingsStore;
  now?: () => Date;
}): SettingsFile {
  const { dir, openStore } = options;
  const now = options.now ?? (() => new Date());
  const filePath = path.join(dir, `${FILE_NAME}.json`);
  // Opened at the first write, once a damaged file is out of the way (conf reads the file as it opens).
  let opened: SettingsStore | null = null;
  const store = (): SettingsStore => (opened ??= openStore(dir, FILE_NAME));

  return {
    path: filePath,

    read(): unknown {
      let text: string;
      try {
        text = fs.readFileSync(filePath, 'utf8');
      } catch (error) {
        if (errorCode(error) === 'ENOENT') return undefined;
        throw new UnreadableSettingsFile(`it could not be opened (${errorCode(error) || 'error'})`);
      }
      return readSettingsText(text);
    },

    write(data: SettingsData): void {
      store().set('settings', data);
    },

    backupUnreadable(): string | null {
      const at = now();
      for (let attempt = 0; attempt < 10; attempt += 1) {
        const target = path.join(dir, keptName(at, attempt));
        if (fs.existsSync(target)) continue;
        try {
          fs.renameSync(filePath, target);
          return target;
        } catch (error) {
          if (errorCode(error) === 'ENOENT') return null;
          // Windows refuses to rename a file another program holds open; a copy keeps it all the same.
          try {
            fs.copyFileSync(filePath, target, fs.constants.COPYFILE_EXCL);
            return target;
          } catch {
            return null;
          }
        }
      }
      return null;
    },
  };
}
