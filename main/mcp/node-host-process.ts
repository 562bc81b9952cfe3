/**
 * The MCP host under plain Node: `child_process.fork` of host-entry, speaking over Node's IPC channel.
 * Used by the tests and the CLI; the app uses electron-host-process.ts with the same messages.
 */
import { fork } from 'node:child_process';
import { setPriority } from 'node:os';
import type { HostOptions } from './host-entry';
import type { HostProcess, StartHost } from './host-process';

export interface NodeHostOptions {
  /** host-entry.ts (run with `--import tsx`) or its built .js. */
  entry: string;
  execArgv?: string[];
  options?: HostOptions;
  /** The host's own stderr (not the servers'): its crash report, if it has one. */
  onStderr?: (text: string) => void;
}

/**
 * The host and the servers it starts (which inherit it) run below main's priority: on a busy machine a
 * server that spins (a 50 MB answer, a stderr flood) then waits for main, not main for it.
 */
export const HOST_NICENESS = 10;

export function lowerPriority(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    setPriority(pid, HOST_NICENESS);
  } catch {
    // Not allowed here (some sandboxes): the host still works, at the same priority as main.
  }
}

export function nodeHostStarter({
  entry,
  execArgv = [],
  options = {},
  onStderr,
}: NodeHostOptions): StartHost {
  return (): HostProcess => {
    const child = fork(entry, [JSON.stringify(options)], {
      execArgv,
      serialization: 'json',
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    lowerPriority(child.pid);
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (text: string) => onStderr?.(text));
    // A send to a host that just died fails asynchronously; the exit listener reports it.
    child.on('error', () => undefined);
    return {
      pid: child.pid,
      send(message) {
        if (child.connected) child.send(message as object, (error) => void error);
      },
      onMessage(listener) {
        child.on('message', listener);
      },
      onExit(listener) {
        child.once('exit', (code, signal) => listener({ code, signal }));
      },
      kill() {
        child.kill('SIGKILL');
      },
      close(graceMs) {
        if (child.exitCode !== null || child.signalCode !== null) return;
        const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
        child.once('exit', () => clearTimeout(timer));
        // Closing the channel is the host's cue to stop its servers and exit (host-entry.ts).
        if (child.connected) child.disconnect();
        else child.kill('SIGTERM');
      },
    };
  };
}
