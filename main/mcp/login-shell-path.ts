/**
 * The PATH a person's terminal has. An app started from the macOS dock or a Linux desktop launcher gets a
 * bare PATH (`/usr/bin:/bin:…`) without Homebrew, nvm or Volta, so `npx` is "not found" although it works
 * in every terminal: the most common reason MCP servers fail to start in other chat apps. We ask the
 * login shell once, with a time limit, and fall back to our own PATH, saying so.
 */
import { execFile } from 'node:child_process';

export type LoginShellPath =
  { ok: true; path: string; source: string } | { ok: false; path: string; source: string };

/** Interactive shells print banners and prompts; the PATH is read between these marks only. */
const MARK = '__RUNNEL_PATH_7f3a__';
export const LOGIN_SHELL_TIMEOUT_MS = 5_000;

export interface LoginShellOptions {
  platform: NodeJS.Platform;
  /** `$SHELL`; when unset, /bin/zsh on macOS and /bin/sh elsewhere. */
  shell: string | undefined;
  /** Our own PATH, used as it is when the shell cannot be asked. */
  fallbackPath: string;
  timeoutMs?: number;
  /** Runs the shell and returns what it printed; the real one is `execFile` with a timeout. */
  run?: (shell: string, args: string[], timeoutMs: number) => Promise<string>;
}

function runShell(shell: string, args: string[], timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      shell,
      args,
      {
        timeout: timeoutMs,
        killSignal: 'SIGKILL',
        maxBuffer: 1024 * 1024,
        env: process.env,
        windowsHide: true,
      },
      (error, stdout) => (error ? reject(error) : resolve(stdout)),
    );
  });
}

/** Picks the PATH out of what the shell printed; null when the marks are not there. */
export function pathFromShellOutput(output: string): string | null {
  const start = output.indexOf(MARK);
  const end = output.indexOf(MARK, start + MARK.length);
  if (start === -1 || end === -1) return null;
  const found = output.slice(start + MARK.length, end).trim();
  return found.length > 0 ? found : null;
}

/** Folders of `first`, then those of `second` not already there. */
export function mergePaths(first: string, second: string, separator = ':'): string {
  const seen = new Set<string>();
  const folders: string[] = [];
  for (const folder of [...first.split(separator), ...second.split(separator)]) {
    if (folder && !seen.has(folder)) {
      seen.add(folder);
      folders.push(folder);
    }
  }
  return folders.join(separator);
}

export async function readLoginShellPath(options: LoginShellOptions): Promise<LoginShellPath> {
  const fallback = (why: string): LoginShellPath => ({
    ok: false,
    path: options.fallbackPath,
    source: `the login shell's PATH could not be read (${why}), so Runnel's own PATH was used`,
  });
  // Windows keeps PATH in the registry, which every process inherits; there is no login shell to ask.
  if (options.platform === 'win32')
    return { ok: true, path: options.fallbackPath, source: 'PATH from Windows' };
  const shell = options.shell || (options.platform === 'darwin' ? '/bin/zsh' : '/bin/sh');
  const timeoutMs = options.timeoutMs ?? LOGIN_SHELL_TIMEOUT_MS;
  const run = options.run ?? runShell;
  let output: string;
  try {
    output = await run(shell, ['-ilc', `printf '%s%s%s' '${MARK}' "$PATH" '${MARK}'`], timeoutMs);
  } catch (error) {
    const killed = (error as { killed?: boolean }).killed === true;
    return fallback(
      killed ? `${shell} did not answer within ${timeoutMs / 1000} s` : `${shell} failed`,
    );
  }
  const found = pathFromShellOutput(output);
  if (found === null) return fallback(`${shell} printed no PATH`);
  return {
    ok: true,
    path: mergePaths(found, options.fallbackPath),
    source: `PATH from ${shell} -ilc`,
  };
}
