/**
 * The Web Locks API (`navigator.locks`) for Node, which does not have it: exclusive locks by name, one
 * manager per origin, as the history workers of several windows share it. Each window takes its own
 * `client()`, so a test can make one die as a crashed worker does: the browser then releases what it
 * held and drops what it was waiting for.
 */
import type { Locks } from '../../renderer/src/history/history-router';

interface Waiter {
  owner: LockClient;
  grant: () => void;
}

export interface LockClient extends Locks {
  /** The worker died: its held locks pass to the next waiter, its own waits are dropped. */
  die(): void;
}

export const createLockManager = (): { client(): LockClient } => {
  const holders = new Map<string, LockClient>();
  const queues = new Map<string, Waiter[]>();

  const release = (name: string, owner: LockClient): void => {
    if (holders.get(name) !== owner) return;
    holders.delete(name);
    const next = queues.get(name)?.shift();
    next?.grant();
  };

  const client = (): LockClient => {
    let dead = false;
    const self: LockClient = {
      request: (name, options, callback) => {
        const run = (): Promise<unknown> => {
          holders.set(name, self);
          const done = Promise.resolve().then(() => callback({ name, mode: 'exclusive' }));
          void done.then(
            () => release(name, self),
            () => release(name, self),
          );
          return done;
        };
        if (dead) return new Promise(() => undefined);
        if (!holders.has(name)) return run();
        if (options.ifAvailable) return Promise.resolve().then(() => callback(null));
        return new Promise((resolve, reject) => {
          const queue = queues.get(name) ?? [];
          queues.set(name, queue);
          const waiter: Waiter = { owner: self, grant: () => void run().then(resolve, reject) };
          queue.push(waiter);
          options.signal?.addEventListener('abort', () => {
            const at = queue.indexOf(waiter);
            if (at < 0) return;
            queue.splice(at, 1);
            reject(new DOMException('The lock request was aborted.', 'AbortError'));
          });
        });
      },
      die: () => {
        dead = true;
        for (const queue of queues.values()) {
          for (let at = queue.length - 1; at >= 0; at--)
            if (queue[at]?.owner === self) queue.splice(at, 1);
        }
        for (const [name, holder] of [...holders]) if (holder === self) release(name, self);
      },
    };
    return self;
  };

  return { client };
};
