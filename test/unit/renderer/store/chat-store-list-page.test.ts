/**
 * Start-up lists the first page of conversations, then the rest when the window is idle
 * (ConversationListPage): with 20,000 conversations the open reads and renders 200, and the sidebar
 * still ends up with every one of them, in the list's order. Over the in-memory history.
 */
import { describe, expect, it, vi } from 'vitest';
import type { ConversationRecord } from '../../../../renderer/src/history/types';
import { ChatStore } from '../../../../renderer/src/store/chat-store';
import { createMemoryHistory } from '../../../../renderer/src/store/memory-history';
import { silentChat as chat, stillFrames as frames } from '../../../support/chat-store-stand-ins';

const conversations = (count: number): ConversationRecord[] =>
  Array.from({ length: count }, (_, i) => ({
    id: `c${i}`,
    title: `Conversation ${i}`,
    createdAt: i,
    updatedAt: i,
    pinned: i === 7,
    model: null,
    providerId: null,
    tags: [],
    currentLeafId: null,
  }));

/** A history whose list calls are recorded, and a store over it whose idle work waits for `idle()`. */
const started = (count: number) => {
  const history = createMemoryHistory({ conversations: conversations(count) });
  const asked: Array<{ limit?: number } | undefined> = [];
  const listConversations = history.listConversations.bind(history);
  history.listConversations = (page) => {
    asked.push(page);
    return listConversations(page);
  };
  const idle: Array<() => void> = [];
  const store = new ChatStore({
    chat,
    history,
    frameClock: frames,
    whenIdle: (run) => idle.push(run),
  });
  const lengths: number[] = [];
  store.subscribe(() => {
    const { length } = store.getState().conversations;
    if (lengths.at(-1) !== length) lengths.push(length);
  });
  return { store, history, asked, idle, lengths };
};

describe('ChatStore start-up: the conversation list a page first', () => {
  it('shows the first 200 at start-up and every one after the window is idle, in order', async () => {
    const { store, history, asked, idle, lengths } = started(1_000);
    await store.init();
    expect(asked[0]).toEqual({ limit: 200 });
    expect(lengths).toEqual([200]);
    const whole = (await history.listConversations()).map((c) => c.id);
    expect(store.getState().conversations.map((c) => c.id)).toEqual(whole.slice(0, 200));
    expect(store.getState().conversations[0]?.id).toBe('c7');

    for (const run of idle.splice(0)) run();
    await vi.waitFor(() => expect(store.getState().conversations).toHaveLength(1_000));
    expect(store.getState().conversations.map((c) => c.id)).toEqual(whole);
  });

  it('asks for nothing more when the first page held them all', async () => {
    const { store, asked, idle } = started(150);
    await store.init();
    expect(store.getState().conversations).toHaveLength(150);
    expect(idle).toHaveLength(0);
    expect(asked).toEqual([{ limit: 200 }]);
  });

  it('a conversation opened before the rest arrives is read on its own: its title shows', async () => {
    const { store } = started(500);
    await store.init();
    expect(store.getState().conversations.some((c) => c.id === 'c0')).toBe(false);
    await store.openConversation('c0');
    await vi.waitFor(() =>
      expect(store.getState().conversations.find((c) => c.id === 'c0')?.title).toBe(
        'Conversation 0',
      ),
    );
  });

  it('a question sent there before the rest arrives joins that conversation, not a new one', async () => {
    const { store, history } = started(500);
    await store.init();
    await store.openConversation('c1');
    await store.send('A question for an old conversation');
    await store.flush();
    const whole = await history.listConversations();
    expect(whole).toHaveLength(500);
    const { messages } = await history.listMessages('c1', { limit: 10 });
    expect(messages.map((m) => m.content)).toContain('A question for an old conversation');
    expect(whole.find((c) => c.id === 'c1')?.title).toBe('Conversation 1');
  });

  it('a conversation deleted before the rest arrives stays gone', async () => {
    const { store, history, idle } = started(500);
    await store.init();
    const gone = store.getState().conversations[3]?.id ?? '';
    await history.deleteConversation(gone);
    for (const run of idle.splice(0)) run();
    await vi.waitFor(() => expect(store.getState().conversations).toHaveLength(499));
    expect(store.getState().conversations.some((c) => c.id === gone)).toBe(false);
  });
});
