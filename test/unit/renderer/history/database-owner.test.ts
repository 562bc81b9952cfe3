import { describe, expect, it, vi } from 'vitest';
import { createDatabaseOwner } from '../../../../renderer/src/history/database-owner';
import type { HistoryMethod } from '../../../../renderer/src/history/history-methods';
import type {
  HistoryRequest,
  HistoryResponse,
} from '../../../../renderer/src/history/history-protocol';
import { createLazyParsers } from '../../../../renderer/src/history/lazy-parsers';
import type { OpenDatabase } from '../../../../renderer/src/history/open-database';
import { conversationRecord } from './conversation-record';
import { openMemoryDatabase } from './sqlite-memory';

const conversation = conversationRecord('c1');

/** An owner whose database opens when the test says so, over real in-memory SQLite. */
async function ownerOpeningSlowly() {
  const db = await openMemoryDatabase();
  let released = false;
  let finishOpening: () => void = () => undefined;
  const opening = new Promise<void>((resolve) => (finishOpening = resolve));
  const owner = createDatabaseOwner({
    open: async () => {
      await opening;
      return { db, release: () => (released = true) } as unknown as OpenDatabase;
    },
    repair: () => Promise.reject(new Error('not damaged')),
    announce: () => undefined,
    parsers: createLazyParsers(),
    storageErrors: { reset: () => undefined, last: () => null },
    checkBudgetMs: 0,
  });
  const answers: HistoryResponse[] = [];
  let next = 0;
  const ask = (method: HistoryMethod, params: unknown[]): void =>
    owner.execute(
      { kind: 'request', id: String(next++), method, params } as HistoryRequest,
      (response) => answers.push(response),
      () => undefined,
    );
  return { owner, ask, answers, finishOpening, released: () => released, db };
}

describe('createDatabaseOwner', () => {
  it('keeps requests that arrive while it opens, and runs them in order once open', async () => {
    const { owner, ask, answers, finishOpening, db } = await ownerOpeningSlowly();
    const opened = owner.open();
    ask('saveConversation', [conversation]);
    ask('getConversation', ['c1']);
    expect(answers).toEqual([]);
    expect(owner.serving()).toBe(false);

    finishOpening();
    await opened;
    expect(owner.serving()).toBe(true);
    expect(answers).toMatchObject([
      { id: '0', ok: true },
      { id: '1', ok: true, value: { id: 'c1' } },
    ]);
    owner.close();
    db.close();
  });

  it('closed while opening: lets the file go once it opens, and answers what waited as closed', async () => {
    const { owner, ask, answers, finishOpening, released, db } = await ownerOpeningSlowly();
    const opened = owner.open();
    ask('listConversations', []);
    owner.close();

    finishOpening();
    await opened;
    expect(released()).toBe(true);
    expect(owner.serving()).toBe(false);
    expect(answers).toMatchObject([
      { ok: false, error: { code: 'closed', message: 'History was closed in this window.' } },
    ]);
    db.close();
  });

  it('holds every other request while a streamed import is open; none lands in its transaction', async () => {
    const { owner, ask, answers, finishOpening, db } = await ownerOpeningSlowly();
    finishOpening();
    await owner.open();
    ask('importSessionBegin', []);
    const session = (answers[0] as { value: string }).value;
    ask('saveConversation', [conversation]);
    ask('listConversations', []);
    // Held: not answered, and not written inside the import's transaction.
    expect(answers).toHaveLength(1);
    ask('importSessionAbort', [session]);
    expect(answers.map((answer) => answer.id)).toEqual(['0', '3', '1', '2']);
    expect(answers[3]).toMatchObject({ ok: true, value: [{ id: 'c1' }] });
    owner.close();
    db.close();
  });

  it('rolls back a streamed import whose reader went silent, then runs what waited', async () => {
    vi.useFakeTimers();
    try {
      const { owner, ask, answers, finishOpening, db } = await ownerOpeningSlowly();
      finishOpening();
      await owner.open();
      ask('importSessionBegin', []);
      const session = (answers[0] as { value: string }).value;
      ask('importSessionWrite', [session, { bundles: [{ conversation, messages: [] }] }]);
      ask('listConversations', []);
      expect(answers).toHaveLength(2);
      vi.advanceTimersByTime(60_000);
      expect(answers[2]).toMatchObject({ ok: true, value: [] });
      ask('importSessionFinish', [session]);
      expect(answers[3]).toMatchObject({ ok: false, error: { message: /interrupted/ } });
      owner.close();
      db.close();
    } finally {
      vi.useRealTimers();
    }
  });
});
