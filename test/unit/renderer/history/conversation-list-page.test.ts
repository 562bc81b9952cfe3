/**
 * The first page of the conversation list (`listConversations({ limit })`): what a window asks for at
 * open, so a million messages in 20,000 conversations cost what 200 do before the first one is shown.
 * On real SQLite (wasm) and the in-memory history the store's tests use: the page is the head of the
 * whole list, in the same order (pinned first, then newest first).
 */
import { describe, expect, it } from 'vitest';
import { createHistoryStore } from '../../../../renderer/src/history/history-store';
import { importParsers } from '../../../../renderer/src/history/import-parsers';
import type { ConversationRecord } from '../../../../renderer/src/history/types';
import { createMemoryHistory } from '../../../../renderer/src/store/memory-history';
import { conversationRecord } from './conversation-record';
import { openMemoryDatabase } from './sqlite-memory';

interface Lists {
  saveConversation(conversation: ConversationRecord): Promise<void>;
  listConversations(page?: { limit?: number }): Promise<ConversationRecord[]>;
}

const histories: Array<[string, () => Promise<Lists>]> = [
  [
    'SQLite',
    async () => {
      const store = createHistoryStore(await openMemoryDatabase(), { parsers: importParsers });
      return {
        saveConversation: async (c) => store.saveConversation(c),
        listConversations: async (page) => store.listConversations(page),
      };
    },
  ],
  ['memory', async () => createMemoryHistory()],
];

/** Ten conversations, c0 oldest … c9 newest, c3 and c5 pinned; c7 and c8 updated at the same time. */
const seed = async (history: Lists): Promise<void> => {
  for (let i = 0; i < 10; i += 1)
    await history.saveConversation({
      ...conversationRecord(`c${i}`),
      currentLeafId: null,
      updatedAt: i === 8 ? 7 : i,
      pinned: i === 3 || i === 5,
    });
};
const ids = (list: ConversationRecord[]) => list.map((c) => c.id);

describe.each(histories)('the first page of conversations (%s)', (_name, open) => {
  it('is the head of the whole list, pinned first, then newest first', async () => {
    const history = await open();
    await seed(history);
    const whole = await history.listConversations();
    expect(ids(whole).slice(0, 2).sort()).toEqual(['c3', 'c5']);
    expect(whole).toHaveLength(10);
    for (const limit of [1, 2, 3, 4, 9])
      expect(ids(await history.listConversations({ limit }))).toEqual(ids(whole).slice(0, limit));
  });

  it('is the whole list when the limit is past its end, and every field comes with it', async () => {
    const history = await open();
    await seed(history);
    expect(await history.listConversations({ limit: 50 })).toEqual(
      await history.listConversations(),
    );
  });
});
