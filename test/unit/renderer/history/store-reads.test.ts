/**
 * Reading a window of a branch (store-reads.ts `aroundId`, `afterId`): the page a jump to a search
 * hit reads, and the pages read as the person scrolls down from it, on real SQLite (wasm); and the
 * same answers from the in-memory history the store's tests use (memory-history.ts).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { createHistoryStore } from '../../../../renderer/src/history/history-store';
import { importParsers } from '../../../../renderer/src/history/import-parsers';
import type {
  ConversationRecord,
  MessagePage,
  MessageRecord,
} from '../../../../renderer/src/history/types';
import { createMemoryHistory } from '../../../../renderer/src/store/memory-history';
import { conversationRecord } from './conversation-record';
import { openMemoryDatabase } from './sqlite-memory';

const record = (id: string, at: number, parentId: string | null): MessageRecord => ({
  id,
  conversationId: 't',
  parentId,
  role: at % 2 ? 'assistant' : 'user',
  content: `text of ${id}`,
  reasoning: '',
  status: 'complete',
  finishReason: null,
  usage: null,
  error: null,
  createdAt: at,
  updatedAt: at,
});

/** m0 … m19 in a line, and a second version of m12 (m12b) with one answer below it (m13b). */
const line = Array.from({ length: 20 }, (_, i) => record(`m${i}`, i, i ? `m${i - 1}` : null));
const beside = [record('m12b', 100, 'm11'), record('m13b', 101, 'm12b')];
const ids = (page: MessagePage) => page.messages.map((m) => m.id);
const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => `m${from + i}`);

/** What the cases need of a history: the SQLite store's calls, asynchronous as the client's are. */
interface Reads {
  saveConversation(conversation: ConversationRecord): Promise<void>;
  saveMessages(messages: MessageRecord[]): Promise<void>;
  listMessages(
    conversationId: string,
    page: Parameters<HistoryStore['listMessages']>[1],
  ): Promise<MessagePage>;
}
type HistoryStore = ReturnType<typeof createHistoryStore>;

const histories: Array<[string, () => Promise<Reads>]> = [
  [
    'SQLite',
    async () => {
      const store = createHistoryStore(await openMemoryDatabase(), { parsers: importParsers });
      return {
        saveConversation: async (c) => await store.saveConversation(c),
        saveMessages: async (m) => store.saveMessages(m),
        listMessages: async (id, page) => await store.listMessages(id, page),
      };
    },
  ],
  ['memory', async () => createMemoryHistory()],
];

describe.each(histories)('a window of a branch (%s)', (name, open) => {
  let store: Reads;

  beforeEach(async () => {
    store = await open();
    // The line is the branch shown, though the version beside it is newer.
    await store.saveConversation({ ...conversationRecord('t'), currentLeafId: 'm19' });
    await store.saveMessages([...line, ...beside]);
  });

  it('reads the messages around one, it in the middle, and says what lies beyond', async () => {
    const page = await store.listMessages('t', { aroundId: 'm8', limit: 5 });
    expect(ids(page)).toEqual(range(6, 10));
    expect(page).toMatchObject({ hasOlder: true, hasNewer: true });
    // Near either end the window is cut short there, and says nothing lies beyond it.
    const first = await store.listMessages('t', { aroundId: 'm1', limit: 5 });
    expect(ids(first)).toEqual(range(0, 3));
    expect(first).toMatchObject({ hasOlder: false, hasNewer: true });
    const last = await store.listMessages('t', { aroundId: 'm18', limit: 5 });
    expect(ids(last)).toEqual(range(16, 19));
    expect(last).toMatchObject({ hasOlder: true, hasNewer: false });
    // Versions are told as on any page.
    expect((await store.listMessages('t', { aroundId: 'm12', limit: 3 })).siblings).toEqual({
      m12: { index: 1, count: 2, previousId: null, nextId: 'm12b' },
    });
  });

  it('pages from a window up and down to the whole branch, nothing twice and nothing missed', async () => {
    let page = await store.listMessages('t', { aroundId: 'm9', limit: 3 });
    const seen = ids(page);
    while (page.hasNewer) {
      page = await store.listMessages('t', { afterId: seen.at(-1)!, limit: 4 });
      seen.push(...ids(page));
    }
    for (let hasOlder = true; hasOlder;) {
      const older = await store.listMessages('t', { beforeId: seen[0]!, limit: 4 });
      seen.unshift(...ids(older));
      hasOlder = older.hasOlder;
    }
    expect(seen).toEqual(range(0, 19));
  });

  it('finds no window for a message on another branch, unless that branch is asked for', async () => {
    expect(await store.listMessages('t', { aroundId: 'm12b', limit: 5 })).toEqual({
      messages: [],
      hasOlder: false,
      hasNewer: false,
      siblings: {},
    });
    const other = await store.listMessages('t', { aroundId: 'm12b', limit: 5, leafId: 'm13b' });
    expect(ids(other)).toEqual(['m10', 'm11', 'm12b', 'm13b']);
    expect(other).toMatchObject({ hasOlder: true, hasNewer: false });
  });

  it('pages down the newest branch below a message the branch shown no longer runs through', async () => {
    await store.saveConversation({ ...conversationRecord('t'), currentLeafId: 'm13b' });
    const page = await store.listMessages('t', { afterId: 'm15', limit: 10 });
    expect(ids(page)).toEqual(range(16, 19));
    expect(page.hasNewer).toBe(false);
    expect(ids(await store.listMessages('t', { afterId: 'm19', limit: 10 }))).toEqual([]);
  });

  // The in-memory fixture never holds such a thing; storage might, after damage.
  it.runIf(name === 'SQLite')(
    'stays bounded on a circle of parent links written by mistake',
    async () => {
      await store.saveConversation({ ...conversationRecord('loop'), currentLeafId: null });
      const at = (id: string, time: number, parentId: string) => ({
        ...record(id, time, parentId),
        conversationId: 'loop',
      });
      await store.saveMessages([
        at('x', 1, 'z'),
        at('y', 2, 'x'),
        at('z', 3, 'y'),
        at('leaf', 4, 'z'),
      ]);
      expect(ids(await store.listMessages('loop', { aroundId: 'elsewhere', limit: 5 }))).toEqual(
        [],
      );
      expect(ids(await store.listMessages('loop', { aroundId: 'y', limit: 3 }))).toEqual([
        'x',
        'y',
        'z',
      ]);
    },
  );
});
