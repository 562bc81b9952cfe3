import { describe, expect, it } from 'vitest';
import type { IpcResult, RunnelApi, StreamEventView } from '../../../../preload/contract';
import { createMemoryHistory } from '../../../../renderer/src/store/memory-history';
import { ChatStore } from '../../../../renderer/src/store/chat-store';
import type { FrameClock } from '../../../../renderer/src/store/frame-scheduler';
import { startAutoTitles } from '../../../../renderer/src/titles/auto-title';

type Chat = RunnelApi['chat'];
type Payload = { streamId: string; seq: number; event: StreamEventView };

/** runnel.chat with streams the test finishes by hand. */
function fakeChat() {
  const listeners = new Set<(payload: Payload) => void>();
  const starts: Array<Parameters<Chat['start']>[0]> = [];
  let next = 1;
  const chat: Chat = {
    start: async (payload): Promise<IpcResult<{ streamId: string }>> => {
      starts.push(payload);
      return { ok: true, value: { streamId: `s${next++}` } };
    },
    cancel: async () => ({ ok: true, value: {} }),
    listActive: async () => ({ ok: true, value: [] }),
    streamShown: async () => ({ ok: true, value: {} }),
    listLive: async () => ({ ok: true, value: { messageIds: [] } }),
    onStreamEvent: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  const seqs = new Map<string, number>();
  const push = (streamId: string, event: StreamEventView) => {
    const seq = (seqs.get(streamId) ?? 0) + 1;
    seqs.set(streamId, seq);
    for (const listener of listeners) listener({ streamId, seq, event });
  };
  const done = (streamId: string, text: string) =>
    push(streamId, { type: 'done', finishReason: 'stop', usage: null, text, reasoning: '' });
  return { chat, starts, push, done };
}

const immediateFrames: FrameClock = {
  requestFrame: (callback) => (queueMicrotask(callback), 1),
  cancelFrame: () => undefined,
  setTimer: (callback, ms) => setTimeout(callback, ms) as unknown as number,
  clearTimer: (id) => clearTimeout(id as unknown as ReturnType<typeof setTimeout>),
};

const settle = () => new Promise((resolve) => setTimeout(resolve, 10));

async function setup(answerTitle: string) {
  const fake = fakeChat();
  const memory = createMemoryHistory();
  const renamed: Array<[string, string]> = [];
  const history = {
    ...memory,
    renameConversation: async (id: string, title: string) => {
      renamed.push([id, title]);
      const conversation = await memory.getConversation(id);
      if (conversation) await memory.saveConversation({ ...conversation, title });
    },
  };
  const store = new ChatStore({ chat: fake.chat, history, frameClock: immediateFrames });
  await store.init();
  startAutoTitles({ chat: store, api: fake.chat, history, isOnline: () => true });
  await store.send('How long is the Nile?');
  await settle();
  fake.done('s1', 'About 6,650 km.');
  await settle();
  return { fake, store, renamed, answerTitle };
}

describe('startAutoTitles', () => {
  it('asks the title of the model that wrote the answer, so the chat reaches no other provider', async () => {
    const fake = fakeChat();
    const history = createMemoryHistory();
    const store = new ChatStore({
      chat: fake.chat,
      history,
      frameClock: immediateFrames,
      resolveModel: () => ({ providerId: 'local', model: 'llama3.2' }),
    });
    await store.init();
    startAutoTitles({
      chat: store,
      api: fake.chat,
      history: { renameConversation: async () => undefined },
      isOnline: () => true,
    });
    await store.send('Private question');
    await settle();
    fake.done('s1', 'Private answer');
    await settle();
    expect(fake.starts).toHaveLength(2);
    expect(fake.starts[1]).toMatchObject({ providerId: 'local', model: 'llama3.2' });
  });

  it('asks for a title after the first answer, silently, and renames the conversation', async () => {
    const { fake, store, renamed } = await setup('');
    expect(fake.starts).toHaveLength(2);
    expect(fake.starts[1]?.messages[0]?.content).toContain('How long is the Nile?');
    fake.done('s2', '"The Nile\'s length"');
    await settle();
    const id = store.getState().conversations[0]?.id ?? '';
    expect(renamed).toEqual([[id, "The Nile's length"]]);
    // The title stream never became a message.
    expect(store.getState().order[id]).toHaveLength(2);
  });

  it('keeps the first words when the model fails, and asks only once per conversation', async () => {
    const { fake, store, renamed } = await setup('');
    fake.push('s2', {
      type: 'failed',
      error: { code: 'server', message: 'boom' },
      resumable: false,
      text: '',
      reasoning: '',
    });
    await settle();
    expect(renamed).toEqual([]);
    expect(store.getState().conversations[0]?.title).toBe('How long is the Nile?');
    await store.send('And the Amazon?');
    await settle();
    fake.done('s3', 'About 6,400 km.');
    await settle();
    expect(fake.starts).toHaveLength(3);
  });

  it('does not overwrite a title the user chose meanwhile', async () => {
    const { fake, store, renamed } = await setup('');
    const id = store.getState().conversations[0]?.id ?? '';
    store.getState().conversations[0]!.title = 'Mine';
    fake.done('s2', 'Nile length');
    await settle();
    expect(renamed).toEqual([]);
    expect(id).not.toBe('');
  });
});
