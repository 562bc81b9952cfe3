/**
 * The chat store jumping into a long conversation (issue 28 item 3), over the in-memory history: a
 * jump reads one window around the message, not every page between the end and it; scrolling up and
 * down from it reads the gap, nothing twice and nothing missed; a hit on another branch shows that
 * branch; and a question asked from a window still follows the conversation's last message.
 */
import { describe, expect, it } from 'vitest';
import type { MessagePage, MessageRecord } from '../../../../renderer/src/history/types';
import { messagesOf } from '../../../../renderer/src/store/chat-state';
import { ChatStore, type ChatHistory } from '../../../../renderer/src/store/chat-store';
import { createMemoryHistory } from '../../../../renderer/src/store/memory-history';
import { silentChat as chat, stillFrames as frames } from '../../../support/chat-store-stand-ins';

const TOTAL = 600;
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
const id = (i: number) => `m${i}`;
const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => id(from + i));

/** Every page the store asks history for, and a gate that holds pages above the loaded ones. */
function readsOf(history: ChatHistory) {
  const pages: Array<{ request: Parameters<ChatHistory['listMessages']>[1]; read: number }> = [];
  let hold: Promise<void> | null = null;
  const listMessages = history.listMessages.bind(history);
  history.listMessages = async (conversationId, request) => {
    const page: MessagePage = await listMessages(conversationId, request);
    if (request?.beforeId && hold) await hold;
    pages.push({ request, read: page.messages.length });
    return page;
  };
  return {
    pages,
    holdOlder() {
      let release: () => void = () => undefined;
      hold = new Promise<void>((resolve) => {
        release = resolve;
      });
      return () => {
        hold = null;
        release();
      };
    },
  };
}

/** m0 … m599 in a line (the branch shown); m301b, an edit of m301, with its answer m302b. */
const started = async () => {
  const line = Array.from({ length: TOTAL }, (_, i) => record(id(i), i, i ? id(i - 1) : null));
  const history = createMemoryHistory({
    conversations: [
      {
        id: 't',
        title: 'Long',
        createdAt: 0,
        updatedAt: 0,
        pinned: false,
        model: null,
        providerId: null,
        tags: [],
        currentLeafId: id(TOTAL - 1),
      },
      {
        id: 'short',
        title: 'Short',
        createdAt: 0,
        updatedAt: 0,
        pinned: false,
        model: null,
        providerId: null,
        tags: [],
        currentLeafId: null,
      },
    ],
    messages: [
      ...line,
      record('m301b', 1_000, 'm300'),
      record('m302b', 1_001, 'm301b'),
      { ...record('s0', 2_000, null), conversationId: 'short' },
    ],
  });
  const reads = readsOf(history);
  const store = new ChatStore({ chat, history, frameClock: frames, now: () => 10_000 });
  await store.init();
  return { store, history, reads };
};
const shown = (store: ChatStore) => messagesOf(store.getState(), 't').map((m) => m.id);
const more = (store: ChatStore) => ({
  hasOlder: store.getState().hasOlder['t'] ?? false,
  hasNewer: store.getState().hasNewer['t'] ?? false,
});

describe('ChatStore jumping into a long conversation', () => {
  it('opens on its last screen, and reads one window around a message deep in it', async () => {
    const { store, reads } = await started();
    await store.openConversation('t');
    expect(shown(store)).toEqual(range(TOTAL - 24, TOTAL - 1));
    expect(more(store)).toEqual({ hasOlder: true, hasNewer: false });

    reads.pages.length = 0;
    expect(await store.openAround('t', 'm100')).toBe(true);
    // One read of 60 around it, not the 476 between the end and it.
    expect(reads.pages).toEqual([{ request: { aroundId: 'm100', limit: 60 }, read: 60 }]);
    expect(shown(store)).toEqual(range(70, 129));
    expect(more(store)).toEqual({ hasOlder: true, hasNewer: true });
    expect(store.getState().activeConversationId).toBe('t');
  });

  it('reads the gap above and below a window as it is scrolled, nothing twice or missed', async () => {
    const { store } = await started();
    await store.openConversation('t');
    await store.openAround('t', 'm450');
    while (await store.loadNewerMessages('t'));
    expect(more(store)).toEqual({ hasOlder: true, hasNewer: false });
    while (await store.loadOlderMessages('t'));
    expect(shown(store)).toEqual(range(0, TOTAL - 1));
    expect(more(store)).toEqual({ hasOlder: false, hasNewer: false });
  });

  it('asks nothing for a message already shown', async () => {
    const { store, reads } = await started();
    await store.openConversation('t');
    reads.pages.length = 0;
    expect(await store.openAround('t', id(TOTAL - 3))).toBe(true);
    expect(reads.pages).toEqual([]);
    expect(more(store).hasNewer).toBe(false);
  });

  it('shows the branch of a hit on another version, and remembers it', async () => {
    const { store } = await started();
    await store.openConversation('t');
    expect(await store.openAround('t', 'm301b')).toBe(true);
    expect(shown(store)).toEqual([...range(271, 300), 'm301b', 'm302b']);
    expect(more(store)).toEqual({ hasOlder: true, hasNewer: false });
    expect(store.getState().siblings['m301b']).toMatchObject({ index: 2, count: 2 });
    expect(store.getState().conversations.find((c) => c.id === 't')?.currentLeafId).toBe('m302b');
    expect(await store.openAround('t', 'nowhere')).toBe(false);
  });

  it('drops a page read above what was shown once a window replaced it', async () => {
    const { store, reads } = await started();
    await store.openConversation('t');
    const release = reads.holdOlder();
    const older = store.loadOlderMessages('t');
    await store.openAround('t', 'm100');
    release();
    await older;
    expect(shown(store)).toEqual(range(70, 129));
  });

  it('asks a question from a window after the last message, and shows the end', async () => {
    const { store } = await started();
    await store.openConversation('t');
    await store.openAround('t', 'm100');
    await store.send('And one more thing?');
    const ids = shown(store);
    const question = store.getState().messages[ids.at(-2) ?? ''];
    expect(question).toMatchObject({ content: 'And one more thing?', parentId: id(TOTAL - 1) });
    expect(more(store).hasNewer).toBe(false);
    expect(ids.slice(0, -2)).toEqual(range(0, TOTAL - 1));
  });

  it('goes back to the end for Latest, and when the conversation is opened again', async () => {
    const { store } = await started();
    await store.openConversation('t');
    await store.openAround('t', 'm100');
    await store.showLatest('t');
    expect(shown(store).at(-1)).toBe(id(TOTAL - 1));
    expect(more(store)).toEqual({ hasOlder: true, hasNewer: false });

    await store.openAround('t', 'm100');
    await store.openConversation('short');
    await store.openConversation('t');
    expect(shown(store).at(-1)).toBe(id(TOTAL - 1));
    expect(more(store).hasNewer).toBe(false);
  });
});
