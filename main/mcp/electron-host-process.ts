/**
 * The MCP host in the app: an Electron utilityProcess running host-entry's build, so a server that
 * crashes, hangs or floods takes down only that process, never main. Thin on purpose: the messages and
 * the restarts are host-client.ts's business, tested under plain Node with node-host-process.ts.
 */
import { utilityProcess } from 'electron';
import type { HostOptions } from './host-entry';
import type { HostProcess, StartHost } from './host-process';
import { lowerPriority } from './node-host-process';

export function electronHostStarter(entry: string, options: HostOptions = {}): StartHost {
  return (): HostProcess => {
    const child = utilityProcess.fork(entry, [JSON.stringify(options)], {
      serviceName: 'Runnel MCP host',
      stdio: 'ignore',
    });
    child.once('spawn', () => lowerPriority(child.pid));
    let exited = false;
    child.once('exit', () => {
      exited = true;
    });
    return {
      get pid() {
        return child.pid;
      },
      send: (message) => {
        if (!exited) child.postMessage(message);
      },
      onMessage: (listener) => void child.on('message', listener),
      onExit: (listener) => void child.once('exit', (code) => listener({ code, signal: null })),
      kill: () => void child.kill(),
      close(_graceMs) {
        // kill() sends SIGTERM, which host-entry.ts answers by stopping its servers and exiting;
        // utilityProcess offers nothing stronger, and Electron ends it at quit in any case.
        if (!exited) child.kill();
      },
    };
  };
}
