/**
 * Turns a yes/no "is the machine online?" probe (Electron's `net.isOnline()`) into the engine's
 * NetworkStatus plus change notifications. Electron offers no online event in main, so it polls.
 */
import type { NetworkStatus } from '../chat/engine';

export interface ObservableNetworkStatus extends NetworkStatus {
  onChange(listener: (online: boolean) => void): () => void;
  dispose(): void;
}

export function createPolledNetworkStatus(
  probe: () => boolean,
  intervalMs = 2000,
): ObservableNetworkStatus {
  let online = probe();
  const listeners = new Set<(online: boolean) => void>();
  const timer = setInterval(() => {
    const now = probe();
    if (now === online) return;
    online = now;
    for (const listener of listeners) listener(online);
  }, intervalMs);
  timer.unref?.();

  return {
    isOnline: () => online,
    waitUntilOnline: (signal) =>
      new Promise<void>((resolve, reject) => {
        if (online) return resolve();
        const stop = (): void => {
          listeners.delete(onChange);
          signal.removeEventListener('abort', onAbort);
        };
        const onChange = (now: boolean): void => {
          if (!now) return;
          stop();
          resolve();
        };
        const onAbort = (): void => {
          stop();
          reject(signal.reason);
        };
        listeners.add(onChange);
        signal.addEventListener('abort', onAbort, { once: true });
      }),
    onChange: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    dispose: () => clearInterval(timer),
  };
}
