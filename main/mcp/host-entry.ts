/**
 * The MCP host process's entry: wires host-service.ts to whichever parent started it. In the app that is
 * an Electron utilityProcess (messages on `process.parentPort`); in tests and the CLI it is
 * `child_process.fork` (messages on `process.send` / `'message'`). Same messages both ways. When the
 * parent goes away the host stops its servers and exits, so no server outlives the app.
 */
import { access, stat } from 'node:fs/promises';
import { constants } from 'node:fs';
import { homedir } from 'node:os';
import { z } from 'zod';
import { resolveCommand } from './command-resolution';
import type { FromHostMessage } from './host-protocol';
import { createHostService } from './host-service';
import { readLoginShellPath, type LoginShellPath } from './login-shell-path';

/** What main may tune when it starts the host (tests shorten the waits); JSON in argv[2]. */
export const hostOptionsSchema = z.object({
  restartDelaysMs: z
    .array(z.number().int().min(0).max(600_000))
    .max(10)
    .default([1_000, 5_000, 15_000]),
  /** Skip asking the login shell (tests, and a CLI started from a terminal that already has the PATH). */
  useLoginShell: z.boolean().default(true),
});
export type HostOptions = z.input<typeof hostOptionsSchema>;

interface ParentPort {
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}

const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;

function send(message: FromHostMessage): void {
  if (parentPort) parentPort.postMessage(message);
  else if (process.connected) process.send?.(message);
}

const parsedOptions = hostOptionsSchema.safeParse(JSON.parse(process.argv[2] ?? '{}'));
const options = parsedOptions.success ? parsedOptions.data : hostOptionsSchema.parse({});

let loginPath: Promise<LoginShellPath> | null = null;
function serverPath(): Promise<LoginShellPath> {
  loginPath ??= options.useLoginShell
    ? readLoginShellPath({
        platform: process.platform,
        shell: process.env.SHELL,
        fallbackPath: process.env.PATH ?? '',
      })
    : Promise.resolve({ ok: true, path: process.env.PATH ?? '', source: "Runnel's own PATH" });
  return loginPath;
}

async function isRunnableFile(fullPath: string): Promise<boolean> {
  try {
    if (!(await stat(fullPath)).isFile()) return false;
    if (process.platform !== 'win32') await access(fullPath, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

const service = createHostService({
  send,
  restartDelaysMs: options.restartDelaysMs,
  serverPath: async () => (await serverPath()).path,
  async resolveCommand(transport) {
    const found = await serverPath();
    return resolveCommand(transport.command, {
      platform: process.platform,
      searchPath: found.path,
      pathExt: process.env.PATHEXT,
      cwd: transport.cwd ?? homedir(),
      isFile: isRunnableFile,
      pathSource: found.source,
    });
  },
});

let closing = false;
function closeAndExit(): void {
  if (closing) return;
  closing = true;
  void service.shutdown().finally(() => process.exit(0));
}

if (parentPort) {
  parentPort.on('message', (event) => service.handle(event.data));
} else {
  process.on('message', (message) => service.handle(message));
  process.on('disconnect', closeAndExit);
}
process.on('SIGTERM', closeAndExit);
send({ kind: 'event', event: { type: 'hostReady', pid: process.pid } });
