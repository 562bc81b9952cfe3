/**
 * Opens a file of a message with the system's app, through a copy: the bytes history keeps are
 * written to a private temp folder (one per open, inside one made for this run, both readable by
 * this user only) under a name made here, never the name as given, and handed to the system's
 * opener. Program and script types are refused, since "open" runs them on some systems; the window
 * offers Save instead. Electron-free: the opener and the file system arrive as parameters
 * (electron-open-path.ts passes `shell.openPath`).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export interface FileToOpen {
  /** The name the file was attached with (any text: it is never used as a path). */
  name: string;
  /**
   * How history keeps it: an image's bytes, the text a text file or PDF became, or (from a backup
   * or an import) a PDF's own bytes.
   */
  kind: 'text' | 'pdf' | 'image';
  mime: 'text/plain' | 'application/pdf' | 'image/jpeg' | 'image/png' | 'image/webp' | 'image/gif';
  bytes: Uint8Array;
}

export type OpenFailure =
  /** A program or script type: opening could run it. */
  | { code: 'unsafe_type'; message: string }
  /** The copy could not be written. */
  | { code: 'write_failed'; message: string }
  /** The system has no app for it, or the opener failed. */
  | { code: 'open_failed'; message: string };

export type OpenResult = { ok: true; path: string } | { ok: false; error: OpenFailure };

export interface AttachmentOpenerDeps {
  /** The system's opener: resolves '' when it opened, else why not (Electron's `shell.openPath`). */
  openPath: (file: string) => Promise<string>;
  /** Where this run's private folder goes; the system temp folder by default. */
  tempRoot?: string;
}

export interface AttachmentOpener {
  open(file: FileToOpen): Promise<OpenResult>;
  /** Removes this run's copies (at quit). */
  dispose(): Promise<void>;
}

/**
 * Extensions that run, install or script something when opened on Windows, macOS or Linux desktops,
 * or open in a browser with scripts: refused rather than handed to the system's opener.
 */
const PROGRAM_EXTENSIONS = new Set([
  // Windows programs, installers, scripts and shortcuts
  'exe', 'com', 'bat', 'cmd', 'pif', 'scr', 'cpl', 'msi', 'msp', 'msc', 'dll', 'sys', 'ocx',
  'ps1', 'psm1', 'psd1', 'ps1xml', 'vbs', 'vbe', 'js', 'jse', 'mjs', 'cjs', 'wsf', 'wsh', 'ws',
  'wsc', 'hta', 'lnk', 'url', 'reg', 'inf', 'scf', 'gadget', 'application', 'appref-ms',
  'appx', 'msix', 'xbap', 'jar', 'jnlp', 'library-ms', 'settingcontent-ms', 'chm', 'vb', 'sct',
  // macOS
  'app', 'command', 'tool', 'scpt', 'scptd', 'applescript', 'workflow', 'action', 'pkg',
  'mpkg', 'dmg', 'terminal', 'webloc', 'inetloc', 'fileloc',
  // Linux and Unix
  'sh', 'bash', 'zsh', 'csh', 'ksh', 'fish', 'run', 'bin', 'out', 'elf', 'so', 'appimage',
  'desktop', 'deb', 'rpm', 'snap', 'flatpakref',
  // Interpreted scripts a double click may run
  'py', 'pyw', 'pyz', 'pl', 'rb', 'php', 'lua', 'tcl',
  // Pages that run scripts in a browser
  'html', 'htm', 'xhtml', 'shtml', 'mht', 'mhtml', 'svg', 'xsl', 'xslt',
]); // prettier-ignore

/** The last extension of a name, lower case, without its dot; '' when it has none. */
const extensionOf = (name: string): string => {
  const base = name.trim().replace(/[. ]+$/, '');
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
};

const IMAGE_EXTENSIONS: Readonly<Record<string, string>> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/gif': 'gif',
};

/** Device names Windows will not create a file under, whatever their extension. */
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)$/i;

/**
 * The copy's name: the attached name's letters, digits, spaces and `._-()` only (no path, no
 * leading dot, no control or bidirectional characters), at most 80 characters before an extension
 * chosen from what the bytes are: an image's from its type; a PDF kept as its text, `.txt`.
 */
export function safeFileName(file: Pick<FileToOpen, 'name' | 'kind' | 'mime'>): string {
  const given = file.name.normalize('NFC');
  const extension =
    file.kind === 'image'
      ? (IMAGE_EXTENSIONS[file.mime] ?? 'bin')
      : file.kind === 'pdf'
        ? file.mime === 'application/pdf'
          ? 'pdf'
          : 'txt'
        : /^[a-z0-9]{1,10}$/.test(extensionOf(given))
          ? extensionOf(given)
          : 'txt';
  const dot = given.lastIndexOf('.');
  const stem = (dot > 0 ? given.slice(0, dot) : given)
    .replace(/[^\p{L}\p{N} ._()-]+/gu, '_')
    .replace(/_{2,}/g, '_')
    .replace(/^[. _-]+/, '')
    .replace(/[. ]+$/, '')
    .slice(0, 80)
    .trim();
  const named =
    stem === '' || WINDOWS_RESERVED.test(stem) ? `attachment${stem ? `-${stem}` : ''}` : stem;
  return `${named}.${extension}`;
}

/** Why this file is not opened, in words; null when it may be. */
export function unsafeTypeProblem(file: Pick<FileToOpen, 'name' | 'kind'>): string | null {
  if (file.kind !== 'text') return null;
  const extension = extensionOf(file.name);
  if (!PROGRAM_EXTENSIONS.has(extension)) return null;
  return `“${file.name.slice(0, 200)}” is a .${extension} file, which your system may run rather than show. Runnel does not open it; use Save and open it in an editor.`;
}

export function createAttachmentOpener(deps: AttachmentOpenerDeps): AttachmentOpener {
  let runFolder: Promise<string> | null = null;
  const folder = (): Promise<string> =>
    // mkdtemp makes the folder readable by this user only (0700).
    (runFolder ??= mkdtemp(path.join(deps.tempRoot ?? os.tmpdir(), 'runnel-open-')));

  return {
    async open(file) {
      const unsafe = unsafeTypeProblem(file);
      if (unsafe) return { ok: false, error: { code: 'unsafe_type', message: unsafe } };
      const name = safeFileName(file);
      let target: string;
      try {
        // A folder per open: two files of the same name never overwrite each other.
        const own = await mkdtemp(path.join(await folder(), 'f-'));
        target = path.join(own, name);
        await writeFile(target, file.bytes, { mode: 0o600, flag: 'wx' });
      } catch (error) {
        runFolder = null;
        const why = (error as NodeJS.ErrnoException).code ?? 'error';
        return {
          ok: false,
          error: {
            code: 'write_failed',
            message: `Runnel could not write a copy of “${file.name.slice(0, 200)}” to open (${why}). Use Save instead.`,
          },
        };
      }
      const problem = await deps
        .openPath(target)
        .catch((error: unknown) => (error instanceof Error ? error.message : String(error)));
      if (problem !== '') {
        return {
          ok: false,
          error: {
            code: 'open_failed',
            message: `Your system could not open “${file.name.slice(0, 200)}” (${problem}). Use Save and open it yourself.`,
          },
        };
      }
      return { ok: true, path: target };
    },
    async dispose() {
      const made = runFolder;
      runFolder = null;
      if (made) await rm(await made, { recursive: true, force: true }).catch(() => undefined);
    },
  };
}
