/**
 * Owner election and failover between windows, in Node: each "window" is a router and a database owner
 * as history-worker.ts wires them, over a real BroadcastChannel, the Web Locks stand-in, and one real
 * SQLite database (in memory) that plays the OPFS file every owner opens in turn.
 */
import type { Database } from '@sqlite.org/sqlite-wasm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDatabaseOwner } from '../../../../renderer/src/history/database-owner';
import type { HistoryMethod } from '../../../../renderer/src/history/history-methods';
import type {
  ChannelMessage,
  HistoryRequest,
  HistoryResponse,
  WorkerToClient,
} from '../../../../renderer/src/history/history-protocol';
import { createHistoryRouter } from '../../../../renderer/src/history/history-router';
import { createLazyParsers } from '../../../../renderer/src/history/lazy-parsers';
import type { OpenDatabase } from '../../../../renderer/src/history/open-database';
import type { HistoryChange } from '../../../../renderer/src/history/types';
import { createLockManager } from '../../../support/web-locks';
import { conversationRecord as conversation } from './conversation-record';
import { openMemoryDatabase } from './sqlite-memory';

let disk: Database;
let locks: ReturnType<typeof createLockManager>;
let storeName: string;
const opened: Array<{ close: () => void }> = [];

beforeEach(async () => {
  disk = await openMemoryDatabase();
  locks = createLockManager();
  storeName = `history-${Math.random()}`;
});

afterEach(() => {
  for (const window of opened.splice(0)) window.close();
  disk.close();
});

/** The database as the owner opens it from OPFS; here the same file survives every owner. */
const openDisk = async (): Promise<OpenDatabase> =>
  ({ db: disk, release: () => undefined }) as unknown as OpenDatabase;

/** One window's history worker. `open` replaces opening the disk (to make it slow, or fail). */
function openHistoryWindow(name: string, open: () => Promise<OpenDatabase> = openDisk) {
  const channel = new BroadcastChannel(`${storeName}-channel`);
  const lockClient = locks.client();
  const answers = new Map<string, (response: HistoryResponse) => void>();
  const roles: string[] = [];
  const roleWaiters: Array<() => void> = [];
  const changes: HistoryChange[] = [];
  const received: Array<ChannelMessage['kind']> = [];
  let next = 0;
  let alive = true;

  const post = (message: WorkerToClient): void => {
    if (!alive) return;
    if (message.kind === 'response') answers.get(message.id)?.(message);
    if (message.kind === 'change') changes.push(message.change);
    if (message.kind === 'role') {
      roles.push(message.role);
      for (const wake of roleWaiters.splice(0)) wake();
    }
  };
  const broadcast = (message: ChannelMessage): void => {
    if (alive) channel.postMessage(message);
  };
  const owner = createDatabaseOwner({
    open,
    repair: () => Promise.reject(new Error('no repair in these tests')),
    announce: (change) => {
      post({ kind: 'change', change });
      broadcast({ kind: 'change', change });
    },
    parsers: createLazyParsers(),
    storageErrors: { reset: () => undefined, last: () => null },
    checkBudgetMs: 0,
  });
  const router = createHistoryRouter({
    workerId: name,
    post,
    broadcast,
    locks: lockClient,
    lockName: `${storeName}-owner`,
    open: owner.open,
    serving: owner.serving,
    execute: owner.execute,
  });
  channel.addEventListener('message', (event: MessageEvent<ChannelMessage>) => {
    received.push(event.data.kind);
    router.receive(event.data);
  });
  router.start();

  const window = {
    /** Sends a request as the window's client does; resolves with its answer. */
    ask: (method: HistoryMethod, params: unknown[]): Promise<HistoryResponse> =>
      new Promise((resolve) => {
        const id = `${name}-${next++}`;
        answers.set(id, resolve);
        router.accept({ kind: 'request', id, method, params } as HistoryRequest);
      }),
    /** Resolves once this window has been told it has `role`. */
    becomes: async (role: 'owner' | 'follower'): Promise<void> => {
      while (!roles.includes(role)) await new Promise<void>((wake) => roleWaiters.push(wake));
    },
    role: router.role,
    changes,
    /** The kinds of channel message this window's worker has received. */
    received,
    /** The window closes: its worker gives the database and the lock up in order. */
    close: () => {
      if (!alive) return;
      owner.close();
      router.close();
      channel.close();
      alive = false;
    },
    /** The window crashes: nothing more is sent, and the browser releases its lock. */
    crash: () => {
      alive = false;
      channel.close();
      lockClient.die();
    },
  };
  opened.push({ close: () => owner.close() });
  return window;
}

/** An open that waits for the test to let it finish, as a slow OPFS does. */
function heldOpen() {
  let finish: () => void = () => undefined;
  const until = new Promise<void>((resolve) => (finish = resolve));
  return { open: () => until.then(openDisk), finish };
}

describe('history routing between windows', () => {
  it('makes the first window the owner and answers another window through it', async () => {
    const first = openHistoryWindow('first');
    await first.becomes('owner');
    const second = openHistoryWindow('second');
    await second.becomes('follower');

    expect(await second.ask('saveConversation', [conversation('c1')])).toMatchObject({ ok: true });
    expect(await first.ask('listConversations', [])).toMatchObject({
      ok: true,
      value: [{ id: 'c1' }],
    });
    expect(await second.ask('getConversation', ['c1'])).toMatchObject({
      ok: true,
      value: { id: 'c1' },
    });
    // Both windows heard of the change, the owner's own and the follower through the channel.
    await expect.poll(() => second.changes).toContainEqual({ type: 'conversations' });
    expect(first.changes).toContainEqual({ type: 'conversations' });
  });

  it('hands history to a waiting window when the owner closes, and answers what was in flight', async () => {
    const slow = heldOpen();
    const first = openHistoryWindow('first', slow.open);
    await first.becomes('owner');
    const second = openHistoryWindow('second');
    await second.becomes('follower');

    // Forwarded to the owner, which is still opening: in flight when its window closes.
    const saving = second.ask('saveConversation', [conversation('c1')]);
    await expect.poll(() => first.received).toContain('forward');
    first.close();

    await second.becomes('owner');
    expect(await saving).toMatchObject({ ok: true });
    expect(await second.ask('listConversations', [])).toMatchObject({
      value: [{ id: 'c1' }],
    });
  });

  it('after an owner crashes, answers every follower from the new owner', async () => {
    const slow = heldOpen();
    const first = openHistoryWindow('first', slow.open);
    await first.becomes('owner');
    const second = openHistoryWindow('second');
    await second.becomes('follower');
    const third = openHistoryWindow('third');
    await third.becomes('follower');

    const fromSecond = second.ask('saveConversation', [conversation('c2')]);
    const fromThird = third.ask('saveConversation', [conversation('c3')]);
    await expect.poll(() => first.received.filter((kind) => kind === 'forward')).toHaveLength(2);
    first.crash();

    // The second window queued for the lock first; the third re-sends when it announces itself.
    await second.becomes('owner');
    expect(await fromSecond).toMatchObject({ ok: true });
    expect(await fromThird).toMatchObject({ ok: true });
    expect(third.role()).toBe('follower');
    expect(await third.ask('listConversations', [])).toMatchObject({
      value: expect.arrayContaining([
        expect.objectContaining({ id: 'c2' }),
        expect.objectContaining({ id: 'c3' }),
      ]),
    });
  });

  it('answers every window with why when the database cannot open, instead of waiting', async () => {
    const broken = () => Promise.reject(new Error('no origin-private file system'));
    const first = openHistoryWindow('first', broken);
    await first.becomes('owner');
    const second = openHistoryWindow('second');
    await second.becomes('follower');

    const failure = {
      ok: false,
      error: {
        code: 'storage-unavailable',
        message:
          'History could not be opened (no origin-private file system). Nothing was changed.',
      },
    };
    expect(await first.ask('listConversations', [])).toMatchObject(failure);
    expect(await second.ask('saveConversation', [conversation('c1')])).toMatchObject(failure);
  });

  it('tells a window that starts late who owns history, and answers it', async () => {
    const first = openHistoryWindow('first');
    await first.becomes('owner');
    await first.ask('saveConversation', [conversation('c1')]);

    const late = openHistoryWindow('late');
    await late.becomes('follower');
    expect(await late.ask('getConversation', ['c1'])).toMatchObject({ value: { id: 'c1' } });
  });
});
