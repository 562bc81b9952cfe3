/**
 * Finding the program a stdio server names, as a person's shell would, before anything is started. Pure
 * over what it is given (the PATH, PATHEXT, the platform and a way to ask whether a file exists), so the
 * Windows rules are tested here on Linux with a made-up listing. The found path goes to the SDK's
 * transport, whose `cross-spawn` runs `.cmd` / `.bat` shims such as `npx.cmd` through cmd.exe with the
 * arguments escaped; Node alone refuses to spawn them without a shell since its 2024 security fix.
 */
import path from 'node:path';

export interface CommandLookup {
  platform: NodeJS.Platform;
  /** The PATH to search, in the platform's own form (`:` or `;` between folders). */
  searchPath: string;
  /** Windows only: which endings make a file runnable; `.COM;.EXE;.BAT;.CMD` when unset. */
  pathExt?: string;
  /** Where a relative command (`./server.sh`, `bin\\server.cmd`) is looked for. */
  cwd: string;
  /** Whether a runnable file is there (a folder is not). */
  isFile: (fullPath: string) => Promise<boolean>;
  /** Said in the message when the command is not found: where `searchPath` came from. */
  pathSource?: string;
}

export type CommandResolution =
  | { ok: true; path: string }
  | { ok: false; code: 'command-not-found'; message: string; searched: string[] };

const DEFAULT_PATHEXT = '.COM;.EXE;.BAT;.CMD';
const SHOWN_FOLDERS = 6;

function pathApi(platform: NodeJS.Platform): typeof path.posix {
  return platform === 'win32' ? path.win32 : path.posix;
}

/** The names to try for one command: on Windows, each PATHEXT ending unless it already has one. */
function candidates(command: string, lookup: CommandLookup): string[] {
  if (lookup.platform !== 'win32') return [command];
  const endings = (lookup.pathExt || DEFAULT_PATHEXT)
    .split(';')
    .map((ending) => ending.trim())
    .filter((ending) => ending.startsWith('.'));
  const own = pathApi('win32').extname(command).toUpperCase();
  if (own && endings.some((ending) => ending.toUpperCase() === own)) return [command];
  return endings.map((ending) => `${command}${ending.toLowerCase()}`);
}

export async function resolveCommand(
  command: string,
  lookup: CommandLookup,
): Promise<CommandResolution> {
  const api = pathApi(lookup.platform);
  const hasFolder = lookup.platform === 'win32' ? /[\\/]/.test(command) : command.includes('/');
  const folders = hasFolder
    ? [api.dirname(api.resolve(lookup.cwd, command))]
    : lookup.searchPath
        .split(lookup.platform === 'win32' ? ';' : ':')
        .map((folder) => folder.replace(/^"(.*)"$/, '$1'))
        .filter((folder) => folder.length > 0);
  const base = hasFolder ? api.basename(command) : command;
  for (const folder of folders) {
    for (const name of candidates(base, lookup)) {
      const full = api.join(folder, name);
      if (await lookup.isFile(full)) return { ok: true, path: full };
    }
  }
  return {
    ok: false,
    code: 'command-not-found',
    searched: folders,
    message: notFoundMessage(command, folders, hasFolder, lookup),
  };
}

function notFoundMessage(
  command: string,
  folders: string[],
  hasFolder: boolean,
  lookup: CommandLookup,
): string {
  if (hasFolder) {
    return `Could not start “${command}”: there is no such file (looked for ${folders[0] ?? command}). Check the path in the server's command.`;
  }
  const shown = folders.slice(0, SHOWN_FOLDERS).join(lookup.platform === 'win32' ? '; ' : ', ');
  const more = folders.length > SHOWN_FOLDERS ? ` and ${folders.length - SHOWN_FOLDERS} more` : '';
  const where = folders.length === 0 ? 'PATH is empty' : `searched ${shown}${more}`;
  const source = lookup.pathSource ? `; ${lookup.pathSource}` : '';
  return `Could not start “${command}”: command not found on PATH (${where}${source}). Install it, or give its full path as the command.`;
}
