/**
 * Which worker owns history, and how every window's requests reach it.
 *
 * opfs-sahpool allows one connection per pool, so the first worker to get the Web Lock `<lockName>`
 * opens SQLite and serves everyone: its own window directly, the other windows' workers over a
 * same-origin BroadcastChannel. The lock is held for the worker's whole life, so when the owning window
 * closes (or crashes) the browser releases it and a waiting worker takes over. Followers re-send what is
 * still unanswered when a new owner announces itself; that is safe because every write is an idempotent
 * upsert or delete by id.
 *
 * Everything it talks to is passed in, so failover runs in Node tests as in the browser.
 */
import type {
  ChannelMessage,
  HistoryRequest,
  HistoryResponse,
  HistoryRole,
  WorkerToClient,
} from './history-protocol';
import type { ImportProgress } from './types';

/** The part of the Web Locks API election needs (`navigator.locks` in a worker). */
export interface Locks {
  request(
    name: string,
    options: { ifAvailable?: boolean; signal?: AbortSignal },
    callback: (lock: unknown) => Promise<void>,
  ): Promise<unknown>;
}

export interface HistoryRouterDeps {
  /** This worker's id on the channel. */
  workerId: string;
  /** To this worker's window. */
  post: (message: WorkerToClient) => void;
  /** To every other window's worker, over the channel. */
  broadcast: (message: ChannelMessage) => void;
  locks: Locks;
  /** The owner lock's name: one per store. */
  lockName: string;
  /** Opens the database once this worker owns it; settles when requests can be answered. */
  open: () => Promise<void>;
  /** Whether the database is open and answering (an owner says so to a worker that asks). */
  serving: () => boolean;
  /** Runs a request on the database (owner only), answering through `respond`. */
  execute: (
    request: HistoryRequest,
    respond: (response: HistoryResponse) => void,
    progress: (progress: ImportProgress) => void,
  ) => void;
}

export interface HistoryRouter {
  /** Tries for the owner lock at once, else follows and queues for it. */
  start(): void;
  /** A request from this worker's window. */
  accept(request: HistoryRequest): void;
  /** A message from another window's worker. */
  receive(message: ChannelMessage): void;
  /** Gives up ownership (or the place in the queue for it); nothing is routed afterwards. */
  close(): void;
  role(): HistoryRole;
}

export const createHistoryRouter = (deps: HistoryRouterDeps): HistoryRouter => {
  const { workerId, post, broadcast } = deps;
  let role: HistoryRole = 'starting';
  /** This window's requests not answered yet, kept to re-send to a new owner. */
  const unanswered = new Map<string, HistoryRequest>();
  /** The owner whose announcement we last answered by re-sending. */
  let knownOwner: string | null = null;
  const lockAbort = new AbortController();
  let closed = false;
  let releaseOwnership: () => void = () => undefined;
  /** Settles when this worker closes: the owner lock is held until then, even while still opening. */
  const closing = new Promise<void>((resolve) => (releaseOwnership = resolve));

  const setRole = (next: HistoryRole): void => {
    role = next;
    if (next !== 'starting') post({ kind: 'role', role: next });
  };

  const answerOwnClient = (response: HistoryResponse): void => {
    if (!unanswered.delete(response.id)) return;
    post(response);
  };

  const route = (request: HistoryRequest): void => {
    if (role === 'owner') {
      deps.execute(request, answerOwnClient, (progress) =>
        post({ kind: 'progress', id: request.id, progress }),
      );
    } else {
      broadcast({ kind: 'forward', from: workerId, request });
    }
  };

  const becomeOwner = async (): Promise<void> => {
    setRole('owner');
    // What we forwarded as a follower may have died with the previous owner: it runs here, first.
    for (const request of [...unanswered.values()]) route(request);
    await deps.open();
    broadcast({ kind: 'owner-ready', owner: workerId });
  };

  const holdAsOwner = async (): Promise<void> => {
    if (closed) return;
    void becomeOwner();
    // Held until this worker closes or dies; then a waiting window takes over.
    await closing;
  };

  const receive = (message: ChannelMessage): void => {
    if (closed) return;
    switch (message.kind) {
      case 'forward':
        if (role === 'owner') {
          deps.execute(
            message.request,
            (response) => broadcast({ kind: 'answer', to: message.from, response }),
            (progress) =>
              broadcast({
                kind: 'forward-progress',
                to: message.from,
                id: message.request.id,
                progress,
              }),
          );
        }
        return;
      case 'answer':
        if (message.to === workerId) answerOwnClient(message.response);
        return;
      case 'forward-progress':
        if (message.to === workerId && unanswered.has(message.id)) {
          post({ kind: 'progress', id: message.id, progress: message.progress });
        }
        return;
      case 'change':
        post({ kind: 'change', change: message.change });
        return;
      case 'owner-ready':
        // A new owner may not have seen what we sent before it opened; an owner we know already has.
        if (message.owner !== workerId && message.owner !== knownOwner) {
          knownOwner = message.owner;
          for (const request of unanswered.values())
            broadcast({ kind: 'forward', from: workerId, request });
        }
        return;
      case 'who-owns':
        if (role === 'owner' && deps.serving()) broadcast({ kind: 'owner-ready', owner: workerId });
        return;
    }
  };

  return {
    start: () => {
      // Try once without waiting, so the window learns its role at once; then queue for the lock.
      deps.locks
        .request(deps.lockName, { ifAvailable: true }, async (lock) => {
          if (lock) return holdAsOwner();
          setRole('follower');
          broadcast({ kind: 'who-owns' });
          void deps.locks
            .request(deps.lockName, { signal: lockAbort.signal }, holdAsOwner)
            .catch(() => undefined);
        })
        .catch(() => undefined);
    },
    accept: (request) => {
      unanswered.set(request.id, request);
      route(request);
    },
    receive,
    close: () => {
      closed = true;
      lockAbort.abort();
      releaseOwnership();
    },
    role: () => role,
  };
};
