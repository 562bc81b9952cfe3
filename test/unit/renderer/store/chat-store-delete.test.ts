/**
 * The chat store's delete of a message with everything below it, over the in-memory history: the
 * branch shown moves to another version, Undo puts everything back, and a streaming answer stops it.
 */
import { describe, expect, it } from 'vitest';
import type { MessageRecord } from '../../../../renderer/src/history/types';
import { messagesOf } from '../../../../renderer/src/store/chat-state';
import { ChatStore } from '../../../../renderer/src/store/chat-store';
import { createMemoryHistory } from '../../../../renderer/src/store/memory-history';
import { silentChat as chat, stillFrames as frames } from '../../../support/chat-store-stand-ins';

const record = (id: string, at: number, parentId: string | null): MessageRecord => ({
  id,
  conversationId: 't',
  parentId,
  role: id.startsWith('a') ? 'assistant' : 'user',
  content: `text of ${id}`,
  reasoning: '',
  status: 'complete',
  finishReason: null,
  usage: null,
  error: null,
  createdAt: at,
  updatedAt: at,
});

const started = async () => {
  const history = createMemoryHistory({
    conversations: [
      {
        id: 't',
        title: 'Tree',
        createdAt: 0,
        updatedAt: 0,
        pinned: false,
        model: null,
        providerId: null,
        tags: [],
        currentLeafId: 'a2',
      },
    ],
    // q1 ─ a1 ─ q2 ─ a2, and q2e beside q2 with its answer a2e.
    messages: [
      record('q1', 1, null),
      record('a1', 2, 'q1'),
      record('q2', 3, 'a1'),
      record('a2', 4, 'q2'),
      record('q2e', 5, 'a1'),
      record('a2e', 6, 'q2e'),
    ],
  });
  const store = new ChatStore({ chat, history, frameClock: frames });
  await store.init();
  await store.openConversation('t');
  return { store, history };
};
const shown = (store: ChatStore) => messagesOf(store.getState(), 't').map((m) => m.id);

describe('ChatStore.deleteBranch', () => {
  it('counts, deletes, shows the other version with its pager gone, and Undo restores all', async () => {
    const { store, history } = await started();
    expect(shown(store)).toEqual(['q1', 'a1', 'q2', 'a2']);
    expect(store.getState().siblings['q2']).toMatchObject({ index: 1, count: 2 });
    expect(await store.countBelow('q2')).toBe(2);

    const result = await store.deleteBranch('q2');
    if (!result.ok) throw new Error(result.message);
    expect(shown(store)).toEqual(['q1', 'a1', 'q2e', 'a2e']);
    expect(store.getState().siblings['q2e']).toBeUndefined();
    expect(store.getState().conversations[0]?.currentLeafId).toBe('a2e');
    expect(await history.branchLeaf('q2')).toBeNull();

    await store.restoreBranch(result.deleted);
    expect(shown(store)).toEqual(['q1', 'a1', 'q2', 'a2']);
    expect(store.getState().siblings['q2']).toMatchObject({ index: 1, count: 2 });
    expect((await history.getConversation('t'))?.currentLeafId).toBe('a2');
  });

  it('refuses in words while an answer of the conversation streams', async () => {
    const { store } = await started();
    await store.regenerate('a2');
    const result = await store.deleteBranch('q1');
    expect(result).toEqual({
      ok: false,
      message: 'An answer is still being written. Stop it or let it finish, then delete.',
    });
    expect(shown(store)).toHaveLength(4);
  });
});
