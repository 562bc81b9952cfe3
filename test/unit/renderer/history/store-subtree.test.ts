import { beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '@sqlite.org/sqlite-wasm';
import type { ChatHistory } from '../../../../renderer/src/store/chat-store';
import { createHistoryStore } from '../../../../renderer/src/history/history-store';
import { importParsers } from '../../../../renderer/src/history/import-parsers';
import type { MessageRecord } from '../../../../renderer/src/history/types';
import { createMemoryHistory } from '../../../../renderer/src/store/memory-history';
import { conversationRecord } from './conversation-record';
import { openMemoryDatabase } from './sqlite-memory';

const record = (
  id: string,
  at: number,
  parentId: string | null,
  content = `text of ${id}`,
): MessageRecord => ({
  id,
  conversationId: 't',
  parentId,
  role: id.startsWith('a') ? 'assistant' : 'user',
  content,
  reasoning: '',
  status: 'complete',
  finishReason: null,
  usage: null,
  error: null,
  createdAt: at,
  updatedAt: at,
});

// q1 ─ a1 ─ q2 ─ a2 ─ q3 ─ a3     the first branch
//    │         └ a2b               q2's answer regenerated
//    └ a1b ─ q2c ─ a2c             q1's answer regenerated, and asked on
// q1e ─ a1e                        q1 edited
const tree = [
  record('q1', 1, null),
  record('a1', 2, 'q1', 'about wild yeast'),
  record('q2', 3, 'a1'),
  record('a2', 4, 'q2'),
  record('q3', 5, 'a2'),
  record('a3', 6, 'q3'),
  record('a2b', 7, 'q2'),
  record('a1b', 8, 'q1'),
  record('q2c', 9, 'a1b'),
  record('a2c', 10, 'q2c'),
  record('q1e', 11, null),
  record('a1e', 12, 'q1e'),
];

/** The SQLite store (in memory, in Node) and the in-memory stand-in keep the same contract. */
const stores: Array<[string, () => Promise<{ history: ChatHistory; db?: Database }>]> = [
  [
    'SQLite store',
    async () => {
      const db = await openMemoryDatabase();
      const store = createHistoryStore(db, { parsers: importParsers });
      const history = new Proxy(store, {
        get: (target, key) => {
          const value = target[key as keyof typeof target];
          return typeof value === 'function' && key !== 'onChange'
            ? async (...args: unknown[]) => (value as (...a: unknown[]) => unknown)(...args)
            : value;
        },
      }) as unknown as ChatHistory;
      return { history: { ...history, onChange: () => () => undefined }, db };
    },
  ],
  ['in-memory stand-in', async () => ({ history: createMemoryHistory() })],
];

describe.each(stores)('deleting a message with everything below it (%s)', (_name, open) => {
  let history: ChatHistory;
  let db: Database | undefined;

  const shown = async () => (await history.listMessages('t')).messages.map((m) => m.id);
  const showing = async (leaf: string | null) => {
    const conversation = await history.getConversation('t');
    await history.saveConversation({ ...conversation!, currentLeafId: leaf });
  };

  beforeEach(async () => {
    ({ history, db } = await open());
    await history.saveConversation({ ...conversationRecord('t'), currentLeafId: null });
    await history.saveMessages(tree);
  });

  it('counts the message and everything below it, on every branch', async () => {
    expect(await history.subtreeSize('a1')).toBe(6);
    expect(await history.subtreeSize('q1')).toBe(10);
    expect(await history.subtreeSize('a3')).toBe(1);
    expect(await history.subtreeSize('nowhere')).toBe(0);
  });

  it('removes the subtree, shows the version before it, and recounts the pager', async () => {
    await showing('a3');
    expect(await shown()).toEqual(['q1', 'a1', 'q2', 'a2', 'q3', 'a3']);
    const deleted = await history.deleteSubtree('a2');
    expect(deleted.messages.map((m) => m.id)).toEqual(['a2', 'q3', 'a3']);
    expect(deleted.previousLeafId).toBe('a3');
    // a2 was version 1 of 2: its sibling a2b is shown, and has no other version left.
    expect(deleted.currentLeafId).toBe('a2b');
    const page = await history.listMessages('t');
    expect(page.messages.map((m) => m.id)).toEqual(['q1', 'a1', 'q2', 'a2b']);
    expect(page.siblings['a2b']).toBeUndefined();
    expect(page.siblings['a1']).toMatchObject({ index: 1, count: 2 });
    expect((await history.getConversation('t'))?.currentLeafId).toBe('a2b');
    expect(await history.subtreeSize('a3')).toBe(0);
  });

  it('with no sibling left, shows the parent; the first version goes to the next one', async () => {
    await showing('a2c');
    // q2c has no sibling: its parent a1b ends the branch shown.
    expect((await history.deleteSubtree('q2c')).currentLeafId).toBe('a1b');
    expect(await shown()).toEqual(['q1', 'a1b']);
    // a1b was the later version: a1's branch (its newest leaf) is shown.
    expect((await history.deleteSubtree('a1b')).currentLeafId).toBe('a2b');
    // q1 is the first of two first messages: the next one, q1e, is shown.
    expect((await history.deleteSubtree('q1')).currentLeafId).toBe('a1e');
    expect(await shown()).toEqual(['q1e', 'a1e']);
    // The last message of all: nothing is left to show.
    const last = await history.deleteSubtree('q1e');
    expect(last.currentLeafId).toBeNull();
    expect(await shown()).toEqual([]);
  });

  it('leaves the branch shown alone when the delete is on another branch', async () => {
    await showing('a3');
    expect((await history.deleteSubtree('a1b')).currentLeafId).toBe('a3');
    expect(await shown()).toEqual(['q1', 'a1', 'q2', 'a2', 'q3', 'a3']);
    expect((await history.listMessages('t')).siblings['a1']).toBeUndefined();
  });

  it('is undone by saving what it returned and remembering the leaf again', async () => {
    await showing('a3');
    const before = await history.listMessages('t');
    const deleted = await history.deleteSubtree('q2');
    await history.saveMessages(deleted.messages);
    await showing(deleted.previousLeafId);
    expect(await history.listMessages('t')).toEqual(before);
    expect((await history.search('wild yeast')).map((h) => h.messageId)).toEqual(['a1']);
  });

  it('keeps search in step: deleted text is not found, other branches still are', async () => {
    await history.saveMessages([record('a4', 13, 'a1e', 'rye flour starter')]);
    expect((await history.search('starter')).map((h) => h.messageId)).toEqual(['a4']);
    await history.deleteSubtree('q1e');
    expect(await history.search('starter')).toEqual([]);
    expect((await history.search('wild yeast')).map((h) => h.messageId)).toEqual(['a1']);
    if (db) {
      for (const table of ['messages_fts', 'messages_cjk_fts']) {
        expect(
          db.selectValue(`INSERT INTO ${table}(${table}, rank) VALUES('integrity-check', 1)`),
        ).toBeUndefined();
      }
    }
  });

  it('refuses while an answer below is streaming, in words, and deletes nothing', async () => {
    await history.saveMessages([{ ...record('a3', 6, 'q3'), status: 'streaming' }]);
    await expect(history.deleteSubtree('q2')).rejects.toMatchObject({
      code: 'bad-request',
      message:
        'An answer below this message is still being written. Stop it or let it finish, then delete.',
    });
    expect(await history.subtreeSize('q1')).toBe(10);
  });

  it('says when the message is already gone', async () => {
    await history.deleteSubtree('q2');
    await expect(history.deleteSubtree('q2')).rejects.toMatchObject({
      code: 'not-found',
      message: 'That message is no longer there to delete.',
    });
  });
});
