/**
 * The host process as main's client sees it, whatever started it: `child_process.fork` (tests, CLI;
 * node-host-process.ts) or Electron's utilityProcess (the app; electron-host-process.ts).
 */
export interface HostProcess {
  readonly pid: number | undefined;
  send(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
  /** Once, however it ended: a crash, a kill, or an exit of its own. */
  onExit(listener: (exit: { code: number | null; signal: string | null }) => void): void;
  kill(): void;
  /** Asks the host to stop its servers and exit; kills it if it has not after `graceMs`. */
  close(graceMs: number): void;
}

export type StartHost = () => HostProcess;
