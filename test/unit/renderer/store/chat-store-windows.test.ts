/**
 * Two windows (the chat window and quick ask, or two chat windows) over one history: each window has
 * its own chat store and its own worker client, and every change reaches every window as an event (the
 * workers' broadcast). Here both stores sit over one real SQLite store, its changes told to both.
 * Editing the same conversation from both must make each edit its own branch and lose nothing.
 */
import { describe, expect, it, vi } from 'vitest';
import type { RunnelApi, StreamEventView } from '../../../../preload/contract';
import { createHistoryStore } from '../../../../renderer/src/history/history-store';
import { importParsers } from '../../../../renderer/src/history/import-parsers';
import type { HistoryChange } from '../../../../renderer/src/history/types';
import { messagesOf } from '../../../../renderer/src/store/chat-state';
import { ChatStore, type ChatHistory } from '../../../../renderer/src/store/chat-store';
import { manualFrames } from '../../../support/manual-frames';
import { openMemoryDatabase } from '../history/sqlite-memory';

type Chat = RunnelApi['chat'];

/** One window's `runnel.chat`: its own streams, ended by the test with `finish`. */
function windowChat(name: string) {
  const listeners = new Set<
    (payload: { streamId: string; seq: number; event: StreamEventView }) => void
  >();
  let next = 1;
  const chat: Chat = {
    start: async () => ({ ok: true, value: { streamId: `${name}-s${next++}` } }),
    cancel: async () => ({ ok: true, value: {} }),
    listActive: async () => ({ ok: true, value: [] }),
    streamShown: async () => ({ ok: true, value: {} }),
    listLive: async () => ({ ok: true, value: { messageIds: [] } }),
    onStreamEvent: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  const frames = manualFrames();
  const finish = (streamId: string, text: string) => {
    for (const listener of listeners)
      listener({
        streamId,
        seq: 1,
        event: { type: 'done', finishReason: 'stop', usage: null, text, reasoning: '' },
      });
    frames.run();
  };
  return { chat, frames: frames.clock, finish };
}

/**
 * One history for both windows, as each window's client sees it: asynchronous, and told of every
 * committed change a moment later (the broadcast), whichever window made it.
 */
async function sharedHistory(): Promise<{
  client: () => ChatHistory;
  store: ReturnType<typeof createHistoryStore>;
}> {
  const listeners = new Set<(change: HistoryChange) => void>();
  const store = createHistoryStore(await openMemoryDatabase(), {
    parsers: importParsers,
    onChange: (change) => {
      queueMicrotask(() => {
        for (const listener of listeners) listener(change);
      });
    },
  });
  const client = (): ChatHistory => {
    const calls = Object.fromEntries(
      Object.entries(store).map(([key, value]) => [
        key,
        typeof value === 'function'
          ? async (...args: unknown[]) => (value as (...a: unknown[]) => unknown)(...args)
          : value,
      ]),
    ) as unknown as ChatHistory;
    return {
      ...calls,
      onChange: (listener) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    };
  };
  return { client, store };
}

/** Two windows over one shared history, each with its own chat store, both started. */
async function twoWindows() {
  const { client, store } = await sharedHistory();
  const a = windowChat('a');
  const b = windowChat('b');
  const chatA = new ChatStore({ chat: a.chat, history: client(), frameClock: a.frames });
  const chatB = new ChatStore({ chat: b.chat, history: client(), frameClock: b.frames });
  await chatA.init();
  await chatB.init();
  return { store, a, b, chatA, chatB };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('two windows editing the same conversation', () => {
  it('each edit and regeneration becomes its own branch; nothing is overwritten', async () => {
    const { store, a, b, chatA, chatB } = await twoWindows();

    await chatA.send('How long do I proof the dough?');
    a.finish('a-s1', 'About four hours.');
    await settle();
    const conversationId = chatA.getState().activeConversationId ?? '';
    await chatB.openConversation(conversationId);
    const [question, answer] = messagesOf(chatB.getState(), conversationId);
    expect(answer?.content).toBe('About four hours.');

    // Both windows edit the same question before either hears of the other's edit.
    await Promise.all([
      chatA.editAndResend(question?.id ?? '', 'How long at 20 °C?'),
      chatB.editAndResend(question?.id ?? '', 'How long in the fridge?'),
    ]);
    a.finish('a-s2', 'Five hours at 20 °C.');
    b.finish('b-s1', 'Overnight in the fridge.');
    // And both regenerate the answer each window shows.
    await Promise.all([
      chatA.regenerate(messagesOf(chatA.getState(), conversationId)[1]?.id ?? ''),
      chatB.regenerate(messagesOf(chatB.getState(), conversationId)[1]?.id ?? ''),
    ]);
    a.finish('a-s3', 'Four to six hours at 20 °C.');
    b.finish('b-s2', '12 to 48 hours in the fridge.');
    await chatA.flush();
    await chatB.flush();
    await settle();

    const backup = JSON.parse(store.exportBackup()) as {
      conversations: Array<{
        messages: Array<{ id: string; parentId: string | null; content: string }>;
      }>;
    };
    const messages = backup.conversations[0]?.messages ?? [];
    const text = (id: string | null) => messages.find((m) => m.id === id)?.content;
    // Every question and answer written is there, once, under the message it answered.
    expect(messages.map((m) => [text(m.parentId) ?? null, m.content])).toEqual(
      expect.arrayContaining([
        [null, 'How long do I proof the dough?'],
        ['How long do I proof the dough?', 'About four hours.'],
        [null, 'How long at 20 °C?'],
        [null, 'How long in the fridge?'],
        ['How long at 20 °C?', 'Five hours at 20 °C.'],
        ['How long at 20 °C?', 'Four to six hours at 20 °C.'],
        ['How long in the fridge?', 'Overnight in the fridge.'],
        ['How long in the fridge?', '12 to 48 hours in the fridge.'],
      ]),
    );
    expect(messages).toHaveLength(8);
    // The first question now has three versions, each window's edit among them.
    const page = store.listMessages(conversationId);
    expect(page.siblings[page.messages[0]?.id ?? '']?.count).toBe(3);
    // Each window still shows its own branch, and the conversation was not duplicated.
    expect(messagesOf(chatA.getState(), conversationId).map((m) => m.content)).toEqual([
      'How long at 20 °C?',
      'Four to six hours at 20 °C.',
    ]);
    expect(messagesOf(chatB.getState(), conversationId).map((m) => m.content)).toEqual([
      'How long in the fridge?',
      '12 to 48 hours in the fridge.',
    ]);
    expect(store.listConversations()).toHaveLength(1);
  });

  it('a rename in one window survives an edit in the other that had not heard of it yet', async () => {
    const { client, store } = await sharedHistory();
    const a = windowChat('a');
    const b = windowChat('b');
    const historyB = client();
    const chatA = new ChatStore({ chat: a.chat, history: client(), frameClock: a.frames });
    const chatB = new ChatStore({ chat: b.chat, history: historyB, frameClock: b.frames });
    await chatA.init();
    await chatB.init();
    await chatA.send('Rye or spelt?');
    a.finish('a-s1', 'Rye.');
    await settle();
    const conversationId = chatA.getState().activeConversationId ?? '';
    await chatB.openConversation(conversationId);
    const question = messagesOf(chatA.getState(), conversationId)[0]?.id ?? '';
    // B renames; A edits in the same moment, before the rename's event reaches it.
    await Promise.all([
      // Window B's client renames through the same store (the sidebar calls history directly).
      Promise.resolve().then(() => store.renameConversation(conversationId, 'Flours')),
      chatA.editAndResend(question, 'Rye or wholemeal spelt?'),
    ]);
    a.finish('a-s2', 'Spelt.');
    await chatA.flush();
    await settle();
    expect(store.getConversation(conversationId)?.title).toBe('Flours');
  });

  it('a branch deleted in one window, and put back with Undo, is shown so in the other', async () => {
    const { a, chatA, chatB } = await twoWindows();
    await chatA.send('Rye or spelt?');
    a.finish('a-s1', 'Rye.');
    await settle();
    const conversationId = chatA.getState().activeConversationId ?? '';
    const first = messagesOf(chatA.getState(), conversationId)[1]?.id ?? '';
    await chatA.regenerate(first);
    a.finish('a-s2', 'Spelt.');
    await chatA.flush();
    await settle();
    await chatB.openConversation(conversationId);
    const texts = () => messagesOf(chatB.getState(), conversationId).map((m) => m.content);
    expect(texts()).toEqual(['Rye or spelt?', 'Spelt.']);
    const shown = () => messagesOf(chatB.getState(), conversationId)[1]?.id ?? '';
    expect(chatB.getState().siblings[shown()]?.count).toBe(2);

    const second = messagesOf(chatA.getState(), conversationId)[1]?.id ?? '';
    const deleted = await chatA.deleteBranch(second);
    expect(deleted.ok).toBe(true);
    await vi.waitFor(() => expect(texts()).toEqual(['Rye or spelt?', 'Rye.']));
    expect(chatB.getState().siblings[shown()]).toBeUndefined();

    if (deleted.ok) await chatA.restoreBranch(deleted.deleted);
    await vi.waitFor(() => expect(chatB.getState().siblings[shown()]?.count).toBe(2));
    // The window that put it back shows it, whatever its own writes' announcements refresh.
    await chatA.flush();
    await settle();
    expect(messagesOf(chatA.getState(), conversationId).map((m) => m.content)).toEqual([
      'Rye or spelt?',
      'Spelt.',
    ]);
  });

  it('a conversation deleted in one window leaves the other, shown or not', async () => {
    const { a, chatA, chatB } = await twoWindows();
    await chatA.send('Rye or spelt?');
    a.finish('a-s1', 'Rye.');
    await chatA.flush();
    await settle();
    const conversationId = chatA.getState().activeConversationId ?? '';
    await chatB.openConversation(conversationId);
    expect(messagesOf(chatB.getState(), conversationId)).toHaveLength(2);

    await chatA.deleteConversation(conversationId);
    await vi.waitFor(() => expect(chatB.getState().conversations).toHaveLength(0));
    expect(chatB.getState().activeConversationId).toBeNull();
    expect(messagesOf(chatB.getState(), conversationId)).toHaveLength(0);
  });
});
