import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { IpcResult, RunnelApi, StreamEventView } from '../../../../preload/contract';
import { ChatStore, type ChatHistory } from '../../../../renderer/src/store/chat-store';
import { messagesOf } from '../../../../renderer/src/store/chat-state';
import { createMemoryHistory } from '../../../../renderer/src/store/memory-history';
import type { MessageRecord } from '../../../../renderer/src/history/types';
import { manualFrames } from '../../../support/manual-frames';

type Chat = RunnelApi['chat'];
type StartPayload = Parameters<Chat['start']>[0];
type Active = Awaited<ReturnType<Chat['listActive']>>;

/** A stand-in for `runnel.chat`: records starts and lets the test push events. */
function fakeChat(active: Active = { ok: true, value: [] }) {
  const listeners = new Set<
    (payload: { streamId: string; seq: number; event: StreamEventView }) => void
  >();
  const starts: StartPayload[] = [];
  const cancels: string[] = [];
  const shown: Array<{ streamId: string; seq: number }> = [];
  let nextStream = 1;
  let startResult: IpcResult<{ streamId: string }> | null = null;
  const chat: Chat = {
    start: async (payload) => {
      starts.push(payload);
      return startResult ?? { ok: true, value: { streamId: `s${nextStream++}` } };
    },
    cancel: async ({ streamId }) => {
      cancels.push(streamId);
      return { ok: true, value: {} };
    },
    listActive: async () => active,
    streamShown: async (report) => {
      shown.push(report);
      return { ok: true, value: {} };
    },
    listLive: async () =>
      active.ok
        ? { ok: true, value: { messageIds: active.value.map((s) => s.messageId) } }
        : active,
    onStreamEvent: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  let seq = 0;
  return {
    chat,
    starts,
    cancels,
    shown,
    failNextStart: (result: IpcResult<{ streamId: string }>) => (startResult = result),
    push: (streamId: string, event: StreamEventView, at = ++seq) => {
      for (const listener of listeners) listener({ streamId, seq: at, event });
    },
  };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('ChatStore', () => {
  let history: ChatHistory;
  beforeEach(() => {
    history = createMemoryHistory();
  });

  /** A store over the fake chat and manual frames, started. */
  const startedStore = async () => {
    const fake = fakeChat();
    const frames = manualFrames();
    const store = new ChatStore({ chat: fake.chat, history, frameClock: frames.clock });
    await store.init();
    return { fake, frames, store };
  };
  /** Main ends a stream with `text`, and the next frame shows it. */
  const finish = (
    fake: ReturnType<typeof fakeChat>,
    frames: ReturnType<typeof manualFrames>,
    streamId: string,
    text: string,
  ): void => {
    fake.push(streamId, { type: 'done', finishReason: 'stop', usage: null, text, reasoning: '' });
    frames.run();
  };
  afterEach(() => vi.useRealTimers());

  it('sends: saves the question, starts a stream with the conversation, fills the answer per frame', async () => {
    const { fake, frames, store } = await startedStore();
    let renders = 0;
    store.subscribe(() => renders++);

    await store.send('  Hello there  ');
    const conversationId = store.getState().activeConversationId;
    expect(conversationId).not.toBeNull();
    expect(fake.starts[0]?.messages).toEqual([{ role: 'user', content: 'Hello there' }]);
    expect(store.getState().conversations[0]?.title).toBe('Hello there');

    const [user, answer] = messagesOf(store.getState(), conversationId);
    expect(user?.content).toBe('Hello there');
    expect(answer?.status).toBe('waiting');
    expect(fake.starts[0]?.messageId).toBe(answer?.id);

    renders = 0;
    fake.push('s1', { type: 'started', attempt: 1 });
    fake.push('s1', { type: 'delta', text: 'Hi', reasoning: '' });
    fake.push('s1', { type: 'delta', text: ' you', reasoning: '' });
    expect(renders).toBe(0);
    frames.run();
    expect(renders).toBe(1);
    expect(store.getState().messages[answer?.id ?? '']).toMatchObject({
      status: 'streaming',
      content: 'Hi you',
    });
    // The frame tells main what it drew, so main can send the next event.
    expect(fake.shown).toEqual([{ streamId: 's1', seq: 3 }]);

    fake.push('s1', {
      type: 'done',
      finishReason: 'stop',
      usage: null,
      text: 'Hi you',
      reasoning: '',
    });
    frames.run();
    await flush();
    expect(store.getState().messages[answer?.id ?? '']?.status).toBe('complete');
    expect(fake.shown).toHaveLength(1);
    expect(store.getState().announcement.text).toBe('Answer complete');
    const stored = await history.listMessages(conversationId ?? '');
    expect(stored.messages.map((m) => [m.role, m.status, m.content])).toEqual([
      ['user', 'complete', 'Hello there'],
      ['assistant', 'complete', 'Hi you'],
    ]);
  });

  it('saves a streaming answer at least once per interval', async () => {
    vi.useFakeTimers();
    const fake = fakeChat();
    const frames = manualFrames();
    const store = new ChatStore({
      chat: fake.chat,
      history,
      frameClock: frames.clock,
      persistIntervalMs: 1000,
    });
    await store.init();
    await store.send('q');
    const conversationId = store.getState().activeConversationId ?? '';
    fake.push('s1', { type: 'delta', text: 'part', reasoning: '' });
    frames.run();
    const before = await history.listMessages(conversationId);
    expect(before.messages[1]?.content).toBe('');
    await vi.advanceTimersByTimeAsync(1000);
    const after = await history.listMessages(conversationId);
    expect(after.messages[1]).toMatchObject({ status: 'streaming', content: 'part' });
  });

  it('holds events that arrive before start answers, and drops duplicates', async () => {
    const { fake, frames, store } = await startedStore();
    fake.push('s1', { type: 'delta', text: 'early', reasoning: '' }, 1);
    await store.send('q');
    fake.push('s1', { type: 'delta', text: 'early', reasoning: '' }, 1);
    fake.push('s1', { type: 'delta', text: '+late', reasoning: '' }, 2);
    frames.run();
    const answer = messagesOf(store.getState(), store.getState().activeConversationId)[1];
    expect(answer?.content).toBe('early+late');
  });

  it('shows a refused start as an error with its action', async () => {
    const fake = fakeChat();
    fake.failNextStart({ ok: false, error: { code: 'key_required', message: 'Add an API key.' } });
    const store = new ChatStore({ chat: fake.chat, history, frameClock: manualFrames().clock });
    await store.init();
    await store.send('q');
    const answer = messagesOf(store.getState(), store.getState().activeConversationId)[1];
    expect(answer).toMatchObject({
      status: 'error',
      error: { code: 'auth', message: 'Add an API key.' },
    });
  });

  it('re-attaches to an active stream from its accumulated text and marks orphans interrupted', async () => {
    const now = 1_000;
    const base = {
      reasoning: '',
      parentId: null,
      finishReason: null,
      usage: null,
      error: null,
      createdAt: now,
      updatedAt: now,
    };
    const records: MessageRecord[] = [
      { ...base, id: 'u1', conversationId: 'c1', role: 'user', content: 'q', status: 'complete' },
      {
        ...base,
        id: 'a1',
        conversationId: 'c1',
        parentId: 'u1',
        role: 'assistant',
        content: 'Hel',
        status: 'streaming',
        createdAt: now + 1,
      },
      { ...base, id: 'u2', conversationId: 'c2', role: 'user', content: 'q2', status: 'complete' },
      {
        ...base,
        id: 'a2',
        conversationId: 'c2',
        parentId: 'u2',
        role: 'assistant',
        content: 'cut',
        status: 'streaming',
        createdAt: now + 1,
      },
    ];
    const conversation = (id: string, updatedAt: number) => ({
      id,
      title: id,
      createdAt: now,
      updatedAt,
      pinned: false,
      model: null,
      providerId: null,
      tags: [],
      currentLeafId: null,
    });
    history = createMemoryHistory({
      conversations: [conversation('c1', 1), conversation('c2', 2)],
      messages: records,
    });
    const fake = fakeChat({
      ok: true,
      value: [
        {
          streamId: 'live',
          conversationId: 'c1',
          messageId: 'a1',
          lastSeq: 7,
          text: 'Hello',
          reasoning: '',
        },
      ],
    });
    const frames = manualFrames();
    const store = new ChatStore({ chat: fake.chat, history, frameClock: frames.clock });
    await store.init();
    expect(store.getState().activeConversationId).toBe('c1');
    expect(store.getState().messages.a1).toMatchObject({ status: 'streaming', content: 'Hello' });

    fake.push('live', { type: 'delta', text: 'stale', reasoning: '' }, 7);
    fake.push('live', { type: 'delta', text: ', world', reasoning: '' }, 8);
    frames.run();
    expect(store.getState().messages.a1?.content).toBe('Hello, world');

    await store.openConversation('c2');
    await flush();
    expect(store.getState().messages.a2).toMatchObject({ status: 'interrupted', resumable: true });
    expect((await history.listMessages('c2')).messages[1]?.status).toBe('interrupted');
  });

  it('at start, marks interrupted every stored answer no window still streams, opened or not', async () => {
    const answer = (id: string, conversationId: string): MessageRecord => ({
      id,
      conversationId,
      parentId: null,
      role: 'assistant',
      content: 'cut',
      reasoning: '',
      status: 'streaming',
      finishReason: null,
      usage: null,
      error: null,
      createdAt: 1,
      updatedAt: 1,
    });
    const stored = () => [answer('a1', 'c1'), answer('a2', 'c2')];
    // a1's stream still runs in another window (quick ask); a2's window closed mid-answer.
    const live = {
      ok: true as const,
      value: [
        {
          streamId: 's',
          conversationId: 'c1',
          messageId: 'a1',
          lastSeq: 0,
          text: 'cut',
          reasoning: '',
        },
      ],
    };
    history = createMemoryHistory({ messages: stored() });
    const fake = fakeChat(live);
    fake.chat.listActive = async () => ({ ok: true, value: [] });
    await new ChatStore({ chat: fake.chat, history, frameClock: manualFrames().clock }).init();
    expect((await history.listMessages('c1')).messages[0]?.status).toBe('streaming');
    expect((await history.listMessages('c2')).messages[0]?.status).toBe('interrupted');

    // Without main's answer nothing is known to be cut off: everything is left as it was.
    history = createMemoryHistory({ messages: stored() });
    const silent = fakeChat({ ok: false, error: { code: 'unavailable', message: 'gone' } });
    await new ChatStore({ chat: silent.chat, history, frameClock: manualFrames().clock }).init();
    expect((await history.listMessages('c2')).messages[0]?.status).toBe('streaming');
  });

  it('continues an interrupted answer from its partial text, into the same message', async () => {
    const { fake, frames, store } = await startedStore();
    await store.send('q');
    const answerId = fake.starts[0]?.messageId ?? '';
    fake.push('s1', {
      type: 'failed',
      error: { code: 'network', message: 'reset' },
      resumable: true,
      text: 'half',
      reasoning: '',
    });
    frames.run();
    expect(store.getState().messages[answerId]?.status).toBe('interrupted');
    await store.continueAnswer(answerId);
    expect(fake.starts[1]).toMatchObject({
      messageId: answerId,
      resumeFrom: { text: 'half', reasoning: '' },
    });
    expect(fake.starts[1]?.messages).toEqual([{ role: 'user', content: 'q' }]);
  });

  it('edit-and-resend shows the edited question with a new answer, asked without what followed', async () => {
    const { fake, frames, store } = await startedStore();
    await store.send('first');
    finish(fake, frames, 's1', 'one');
    const conversationId = store.getState().activeConversationId ?? '';
    const userId = messagesOf(store.getState(), conversationId)[0]?.id ?? '';
    await store.editAndResend(userId, 'second');
    const messages = messagesOf(store.getState(), conversationId);
    expect(messages.map((m) => [m.role, m.content])).toEqual([
      ['user', 'second'],
      ['assistant', ''],
    ]);
    expect(fake.starts[1]?.messages).toEqual([{ role: 'user', content: 'second' }]);
  });

  it('regenerate answers again beside the old answer, which stays a page away', async () => {
    const { fake, frames, store } = await startedStore();
    await store.send('q');
    const conversationId = store.getState().activeConversationId;
    const first = fake.starts[0]?.messageId ?? '';
    finish(fake, frames, 's1', 'a');
    await store.regenerate(first);
    const second = fake.starts[1]?.messageId ?? '';
    expect(second).not.toBe(first);
    expect(fake.starts[1]?.messages).toEqual([{ role: 'user', content: 'q' }]);
    expect(messagesOf(store.getState(), conversationId).map((m) => m.id)).toEqual([
      expect.any(String),
      second,
    ]);
    expect(store.getState().siblings[second]).toEqual({
      index: 2,
      count: 2,
      previousId: first,
      nextId: null,
    });
    finish(fake, frames, 's2', 'b');
    await flush();
    await store.showVersion(first);
    const shown = messagesOf(store.getState(), conversationId);
    expect(shown.map((m) => m.content)).toEqual(['q', 'a']);
    expect(store.getState().siblings[first]).toMatchObject({ index: 1, count: 2, nextId: second });
    // The conversation opens on the version shown last.
    expect(store.getState().conversations[0]?.currentLeafId).toBe(first);
  });

  it('edit asks again beside the old question, keeping it and its answers', async () => {
    const { fake, frames, store } = await startedStore();
    await store.send('one');
    finish(fake, frames, 's1', 'A1');
    await store.send('two');
    finish(fake, frames, 's2', 'A2');
    await flush();
    const conversationId = store.getState().activeConversationId;
    const [, , two] = messagesOf(store.getState(), conversationId);
    await store.editAndResend(two?.id ?? '', 'two, better');
    expect(fake.starts[2]?.messages).toEqual([
      { role: 'user', content: 'one' },
      { role: 'assistant', content: 'A1' },
      { role: 'user', content: 'two, better' },
    ]);
    const shown = messagesOf(store.getState(), conversationId);
    expect(shown.map((m) => m.content)).toEqual(['one', 'A1', 'two, better', '']);
    expect(store.getState().siblings[shown[2]?.id ?? '']).toMatchObject({ index: 2, count: 2 });
    finish(fake, frames, 's3', 'B2');
    await flush();
    await store.showVersion(two?.id ?? '');
    expect(messagesOf(store.getState(), conversationId).map((m) => m.content)).toEqual([
      'one',
      'A1',
      'two',
      'A2',
    ]);
  });

  it('retry of an answer that failed before any text answers in its place; stop before start cancels once the stream exists', async () => {
    const { fake, frames, store } = await startedStore();
    await store.send('q');
    const answerId = fake.starts[0]?.messageId ?? '';
    fake.push('s1', {
      type: 'failed',
      error: { code: 'server', message: '500' },
      resumable: false,
      text: '',
      reasoning: '',
    });
    frames.run();
    const pending = store.regenerate(answerId);
    store.cancel(answerId);
    await pending;
    await flush();
    expect(fake.starts[1]?.messageId).toBe(answerId);
    expect(fake.starts[1]?.messages).toEqual([{ role: 'user', content: 'q' }]);
    expect(fake.cancels).toEqual(['s2']);
  });

  it('sends the conversation so far, leaving out empty failed answers', async () => {
    const { fake, frames, store } = await startedStore();
    await store.send('one');
    fake.push('s1', {
      type: 'failed',
      error: { code: 'server', message: '500' },
      resumable: false,
      text: '',
      reasoning: '',
    });
    frames.run();
    await store.send('two');
    expect(fake.starts[1]?.messages).toEqual([
      { role: 'user', content: 'one' },
      { role: 'user', content: 'two' },
    ]);
  });
});

describe('ChatStore: tool cards in history', () => {
  afterEach(() => vi.useRealTimers());

  it('saves the cards with a streaming answer each interval, and settled when it ends', async () => {
    vi.useFakeTimers();
    const history = createMemoryHistory();
    const fake = fakeChat();
    const frames = manualFrames();
    const store = new ChatStore({
      chat: fake.chat,
      history,
      frameClock: frames.clock,
      persistIntervalMs: 1000,
    });
    await store.init();
    await store.send('q');
    const conversationId = store.getState().activeConversationId ?? '';
    const stored = async () => (await history.listMessages(conversationId)).messages[1];
    fake.push('s1', { type: 'delta', text: 'Let me look.', reasoning: '' });
    fake.push('s1', {
      type: 'toolCall',
      call: { id: 'call_1', name: 'files__read', arguments: '{"path":"a"}' },
      error: null,
    });
    fake.push('s1', {
      type: 'toolApproval',
      callId: 'call_1',
      server: 'files',
      tool: 'read',
      description: null,
    });
    frames.run();
    await vi.advanceTimersByTimeAsync(1000);
    // Saved while the answer streams: the card that waits, where it came in the text.
    expect((await stored())?.toolActivity?.calls).toEqual([
      expect.objectContaining({ callId: 'call_1', at: 12, waiting: true, result: null }),
    ]);
    fake.push('s1', {
      type: 'toolResult',
      callId: 'call_1',
      outcome: 'ran',
      result: { content: 'contents of a', isError: false },
      durationMs: 5,
    });
    frames.run();
    await vi.advanceTimersByTimeAsync(1000);
    expect((await stored())?.toolActivity?.calls[0]).toMatchObject({
      result: { outcome: 'ran', content: 'contents of a' },
    });
    expect((await stored())?.toolActivity?.calls[0]).not.toHaveProperty('waiting');
    fake.push('s1', {
      type: 'done',
      finishReason: 'stop',
      usage: null,
      text: 'Let me look. It says a.',
      reasoning: '',
    });
    frames.run();
    await vi.advanceTimersByTimeAsync(0);
    const done = await stored();
    expect(done).toMatchObject({ status: 'complete', content: 'Let me look. It says a.' });
    expect(done?.toolActivity?.calls).toHaveLength(1);
    // Found by the text of its result, in the memory history too.
    expect((await history.search('contents')).map((hit) => hit.messageId)).toEqual([done?.id]);
  });
});
