/**
 * Several models answering one question, in the chat store over the in-memory history: sibling
 * answers that each record their model and stream on their own, the branch shown staying one path,
 * Stop, Retry and "Continue with this one" per answer, and one model being no comparison at all.
 */
import { describe, expect, it } from 'vitest';
import type { RunnelApi, StreamEventView } from '../../../../preload/contract';
import { comparisonOf, liveAnswersOf, messagesOf } from '../../../../renderer/src/store/chat-state';
import { ChatStore } from '../../../../renderer/src/store/chat-store';
import type { ModelChoice, ModelRef } from '../../../../renderer/src/store/conversation-model';
import { createMemoryHistory } from '../../../../renderer/src/store/memory-history';
import { toggledTarget } from '../../../../renderer/src/store/comparison';
import { manualFrames } from '../../../support/manual-frames';

type Chat = RunnelApi['chat'];
type StartPayload = Parameters<Chat['start']>[0];

const A: ModelRef = { providerId: 'pa', model: 'alpha' };
const B: ModelRef = { providerId: 'pb', model: 'beta' };
const C: ModelRef = { providerId: 'pb', model: 'gamma' };
const D: ModelRef = { providerId: 'pa', model: 'delta' };
const E: ModelRef = { providerId: 'pa', model: 'epsilon' };

function fakeChat() {
  const listeners = new Set<
    (payload: { streamId: string; seq: number; event: StreamEventView }) => void
  >();
  const starts: StartPayload[] = [];
  const cancels: string[] = [];
  let next = 1;
  const seqs = new Map<string, number>();
  const chat: Chat = {
    start: async (payload) => {
      starts.push(payload);
      return { ok: true, value: { streamId: `s${next++}` } };
    },
    cancel: async ({ streamId }) => {
      cancels.push(streamId);
      return { ok: true, value: {} };
    },
    listActive: async () => ({ ok: true, value: [] }),
    streamShown: async () => ({ ok: true, value: {} }),
    listLive: async () => ({ ok: true, value: { messageIds: [] } }),
    onStreamEvent: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  const push = (streamId: string, event: StreamEventView) => {
    const seq = (seqs.get(streamId) ?? 0) + 1;
    seqs.set(streamId, seq);
    for (const listener of listeners) listener({ streamId, seq, event });
  };
  return { chat, starts, cancels, push };
}

const done = (text: string): StreamEventView => ({
  type: 'done',
  finishReason: 'stop',
  usage: { promptTokens: 3, completionTokens: 4, totalTokens: 7 },
  text,
  reasoning: '',
});

/** As conversation-model's resolveModel does for providers that exist: the choice itself. */
const resolveModel = (choice: ModelChoice): ModelRef | null =>
  choice.providerId && choice.model
    ? { providerId: choice.providerId, model: choice.model }
    : { providerId: 'pa', model: 'alpha' };

const started = async () => {
  const history = createMemoryHistory();
  const fake = fakeChat();
  const frames = manualFrames();
  const store = new ChatStore({ chat: fake.chat, history, frameClock: frames.clock, resolveModel });
  await store.init();
  return { history, fake, frames, store };
};
/** "Hello" asked of alpha and beta at once: the conversation, and the two answers' ids in order. */
const askAlphaAndBeta = async (store: ChatStore) => {
  await store.setCompareTargets(null, [A, B]);
  await store.send('Hello');
  const conversationId = store.getState().activeConversationId ?? '';
  const ids = comparisonOf(store.getState(), conversationId)?.answerIds ?? [];
  return { conversationId, ids };
};
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('ChatStore: several models at once', () => {
  it('draws several answers every other frame, and one answer alone every frame', async () => {
    // Frames a vsync apart, run when the test says: the store's clock has a time, so it can space.
    let now = 0;
    let pending: (() => void) | null = null;
    const frame = () => {
      now += 1000 / 60;
      const run = pending;
      pending = null;
      run?.();
    };
    const fake = fakeChat();
    const store = new ChatStore({
      chat: fake.chat,
      history: createMemoryHistory(),
      resolveModel,
      frameClock: {
        requestFrame: (callback) => ((pending = callback), 1),
        cancelFrame: () => (pending = null),
        setTimer: () => 2,
        clearTimer: () => undefined,
        now: () => now,
      },
    });
    await store.init();
    const { ids } = await askAlphaAndBeta(store);
    const text = () => ids.map((id) => store.getState().messages[id]?.content);
    fake.push('s1', { type: 'delta', text: 'a', reasoning: '' });
    fake.push('s2', { type: 'delta', text: 'b', reasoning: '' });
    frame();
    expect(text()).toEqual(['a', 'b']);
    fake.push('s1', { type: 'delta', text: 'a', reasoning: '' });
    fake.push('s2', { type: 'delta', text: 'b', reasoning: '' });
    frame();
    // The frame right after one that grew both answers is left to the page (and a key typed).
    expect(text()).toEqual(['a', 'b']);
    frame();
    expect(text()).toEqual(['aa', 'bb']);

    // Beta done: alpha alone streams, and is drawn in every frame again.
    fake.push('s2', done('bb'));
    frame();
    frame();
    fake.push('s1', { type: 'delta', text: 'a', reasoning: '' });
    frame();
    expect(text()).toEqual(['aaa', 'bb']);
    fake.push('s1', { type: 'delta', text: 'a', reasoning: '' });
    frame();
    expect(text()).toEqual(['aaaa', 'bb']);
  });

  it('one question to three models: sibling answers, each asked of its model, one shown on the branch', async () => {
    const { fake, store, history } = await started();
    await store.setCompareTargets(null, [A, B, C]);
    expect(store.compareTargets(null)).toEqual([A, B, C]);
    await store.send('Which river is longest?');
    const conversationId = store.getState().activeConversationId;
    // The new chat's choice went with it.
    expect(store.compareTargets(conversationId)).toEqual([A, B, C]);

    expect(fake.starts.map((s) => [s.providerId, s.model])).toEqual([
      ['pa', 'alpha'],
      ['pb', 'beta'],
      ['pb', 'gamma'],
    ]);
    // Each is asked the same path: the question alone, nothing of the other answers.
    for (const start of fake.starts)
      expect(start.messages).toEqual([{ role: 'user', content: 'Which river is longest?' }]);

    const comparison = comparisonOf(store.getState(), conversationId);
    expect(comparison?.answerIds).toHaveLength(3);
    const [question, shown, ...rest] = messagesOf(store.getState(), conversationId);
    expect(rest).toEqual([]);
    expect(comparison?.questionId).toBe(question?.id);
    expect(shown?.id).toBe(comparison?.answerIds[0]);
    // In history: three siblings under the question, each naming its model; the first is shown.
    const stored = await history.listMessages(conversationId ?? '', {
      leafId: comparison?.answerIds[2] ?? '',
    });
    expect(stored.messages.map((m) => [m.role, m.model, m.providerId])).toEqual([
      ['user', undefined, undefined],
      ['assistant', 'gamma', 'pb'],
    ]);
    expect(store.getState().conversations[0]?.currentLeafId).toBe(comparison?.answerIds[0]);
    // The answer shown pages to the others once the comparison closes.
    expect(store.getState().siblings[shown?.id ?? '']).toMatchObject({ index: 1, count: 3 });
  });

  it('streams fill their own answers, one failing leaves the others, Stop stops one', async () => {
    const { fake, frames, store } = await started();
    await store.setCompareTargets(null, [A, B, C]);
    await store.send('Hello');
    const conversationId = store.getState().activeConversationId;
    const ids = comparisonOf(store.getState(), conversationId)?.answerIds ?? [];
    fake.push('s1', { type: 'delta', text: 'From alpha', reasoning: '' });
    fake.push('s2', { type: 'delta', text: 'From beta', reasoning: '' });
    fake.push('s3', { type: 'delta', text: 'From gamma', reasoning: '' });
    frames.run();
    const text = () => ids.map((id) => store.getState().messages[id]?.content);
    expect(text()).toEqual(['From alpha', 'From beta', 'From gamma']);

    fake.push('s2', {
      type: 'failed',
      error: { code: 'server', message: 'The provider had a problem (500).' },
      resumable: false,
      text: 'From beta',
      reasoning: '',
    });
    frames.run();
    const status = () => ids.map((id) => store.getState().messages[id]?.status);
    expect(status()).toEqual(['streaming', 'error', 'streaming']);
    // While any answer is still written, nothing new is sent.
    expect(store.liveAnswer(conversationId)).not.toBeNull();
    await store.send('Too soon');
    expect(fake.starts).toHaveLength(3);

    store.cancel(ids[2] ?? '');
    await settle();
    expect(fake.cancels).toEqual(['s3']);
    fake.push('s3', { type: 'cancelled', text: 'From gamma', reasoning: '' });
    fake.push('s1', { type: 'delta', text: ', more', reasoning: '' });
    frames.run();
    fake.push('s1', done('From alpha, more'));
    frames.run();
    expect(status()).toEqual(['complete', 'error', 'cancelled']);
    expect(text()).toEqual(['From alpha, more', 'From beta', 'From gamma']);
    expect(liveAnswersOf(store.getState(), conversationId)).toEqual([]);
  });

  it('Retry in a column asks the same model again, beside the old answer, and leaves the others', async () => {
    const { fake, frames, store } = await started();
    const { conversationId, ids } = await askAlphaAndBeta(store);
    const [first, second] = ids;
    fake.push('s1', done('Alpha answers'));
    fake.push('s2', {
      type: 'failed',
      error: { code: 'network', message: 'The connection dropped.' },
      resumable: false,
      text: 'Half of',
      reasoning: '',
    });
    frames.run();

    await store.regenerate(second ?? '');
    const retried = fake.starts[2];
    expect([retried?.providerId, retried?.model]).toEqual(['pb', 'beta']);
    // Asked the question alone: not alpha's answer, which is on the branch shown.
    expect(retried?.messages).toEqual([{ role: 'user', content: 'Hello' }]);
    const now = comparisonOf(store.getState(), conversationId)?.answerIds ?? [];
    expect(now[0]).toBe(first);
    expect(now[1]).not.toBe(second);
    expect(store.getState().messages[now[1] ?? '']?.model).toBe('beta');
    // The branch shown is still the question and alpha's answer.
    expect(messagesOf(store.getState(), conversationId).map((m) => m.id)).toHaveLength(2);
    expect(messagesOf(store.getState(), conversationId)[1]?.id).toBe(first);
  });

  it('an answer that failed before any text is retried in place, with its own model', async () => {
    const { fake, frames, store } = await started();
    const { conversationId, ids } = await askAlphaAndBeta(store);
    fake.push('s1', {
      type: 'failed',
      error: { code: 'server', message: 'The provider had a problem (500).' },
      resumable: false,
      text: '',
      reasoning: '',
    });
    frames.run();
    await store.regenerate(ids[0] ?? '');
    expect([fake.starts[2]?.messageId, fake.starts[2]?.model]).toEqual([ids[0], 'alpha']);
    expect(comparisonOf(store.getState(), conversationId)?.answerIds).toEqual(ids);
  });

  it('Continue with this one shows that answer, keeps the others as siblings, and a follow-up goes on from it', async () => {
    const { fake, frames, store, history } = await started();
    const { conversationId, ids } = await askAlphaAndBeta(store);
    const [first, second] = ids;
    fake.push('s1', done('Alpha answers'));
    fake.push('s2', done('Beta answers'));
    frames.run();
    await settle();

    await store.keepAnswer(second ?? '');
    expect(comparisonOf(store.getState(), conversationId)).toBeNull();
    expect(messagesOf(store.getState(), conversationId).map((m) => m.content)).toEqual([
      'Hello',
      'Beta answers',
    ]);
    expect(store.getState().siblings[second ?? '']).toMatchObject({ index: 2, count: 2 });
    expect(store.getState().conversations[0]?.currentLeafId).toBe(second);
    expect((await history.listConversations())[0]?.currentLeafId).toBe(second);
    // The pager still reaches the other answer.
    await store.showVersion(first ?? '');
    expect(messagesOf(store.getState(), conversationId).at(-1)?.content).toBe('Alpha answers');
    await store.showVersion(second ?? '');

    // Still comparing: the follow-up goes to both, after beta's answer.
    await store.send('And then?');
    expect(fake.starts.slice(2).map((s) => s.model)).toEqual(['alpha', 'beta']);
    expect(fake.starts[2]?.messages.map((m) => m.content)).toEqual([
      'Hello',
      'Beta answers',
      'And then?',
    ]);
  });

  it('an answer still written when another is chosen goes on beside the branch and is kept whole', async () => {
    const { fake, frames, store, history } = await started();
    const { conversationId, ids } = await askAlphaAndBeta(store);
    const [first, second] = ids;
    fake.push('s1', done('Alpha answers'));
    fake.push('s2', { type: 'delta', text: 'Beta is', reasoning: '' });
    frames.run();
    await store.keepAnswer(first ?? '');
    fake.push('s2', done('Beta is slow'));
    frames.run();
    await settle();
    // Not appended to the branch shown: that stays the question and alpha's answer.
    expect(messagesOf(store.getState(), conversationId).map((m) => m.id)).toHaveLength(2);
    const beta = await history.listMessages(conversationId, { leafId: second ?? '' });
    expect(beta.messages.at(-1)).toMatchObject({ content: 'Beta is slow', status: 'complete' });
  });

  it('one model is no comparison: it becomes the conversation model; more than four are not kept', async () => {
    const { fake, store } = await started();
    await store.setCompareTargets(null, [A, B, C, D, E]);
    expect(store.compareTargets(null)).toEqual([A, B, C, D]);
    await store.setCompareTargets(null, [B]);
    expect(store.compareTargets(null)).toEqual([]);
    expect(store.getState().newChat).toMatchObject({ providerId: 'pb', model: 'beta' });
    await store.send('Just one');
    expect(fake.starts.map((s) => s.model)).toEqual(['beta']);
    expect(comparisonOf(store.getState(), store.getState().activeConversationId)).toBeNull();
  });

  it('Stop all stops every answer of the comparison', async () => {
    const { fake, store } = await started();
    await store.setCompareTargets(null, [A, B, C]);
    await store.send('Hello');
    store.cancelAll(store.getState().activeConversationId);
    await settle();
    expect(fake.cancels.sort()).toEqual(['s1', 's2', 's3']);
  });

  it('a reloaded window re-attaches to every answer still written, and shows them compared again', async () => {
    const record = (id: string, at: number, parentId: string | null, model?: string) => ({
      id,
      conversationId: 'c',
      parentId,
      role: id.startsWith('a') ? ('assistant' as const) : ('user' as const),
      content: id.startsWith('a') ? '' : 'Hello',
      reasoning: '',
      status: id.startsWith('a') ? ('streaming' as const) : ('complete' as const),
      finishReason: null,
      usage: null,
      error: null,
      createdAt: at,
      updatedAt: at,
      ...(model ? { model, providerId: 'pa' } : {}),
    });
    const history = createMemoryHistory({
      conversations: [
        {
          id: 'c',
          title: 'Hello',
          createdAt: 0,
          updatedAt: 0,
          pinned: false,
          model: null,
          providerId: null,
          tags: [],
          currentLeafId: 'a1',
        },
      ],
      messages: [
        record('q', 1, null),
        record('a1', 2, 'q', 'alpha'),
        record('a2', 3, 'q', 'beta'),
        record('a3', 4, 'q', 'gamma'),
      ],
    });
    const fake = fakeChat();
    const active = ['a1', 'a2', 'a3'].map((messageId, index) => ({
      streamId: `r${index + 1}`,
      conversationId: 'c',
      messageId,
      lastSeq: 0,
      text: `So far ${messageId}`,
      reasoning: '',
    }));
    fake.chat.listActive = async () => ({ ok: true, value: active });
    fake.chat.listLive = async () => ({
      ok: true,
      value: { messageIds: active.map((s) => s.messageId) },
    });
    const frames = manualFrames();
    const store = new ChatStore({
      chat: fake.chat,
      history,
      frameClock: frames.clock,
      resolveModel,
    });
    await store.init();
    expect(store.getState().activeConversationId).toBe('c');
    expect(comparisonOf(store.getState(), 'c')).toEqual({
      questionId: 'q',
      answerIds: ['a1', 'a2', 'a3'],
    });
    expect(messagesOf(store.getState(), 'c').map((m) => m.id)).toEqual(['q', 'a1']);
    fake.push('r2', { type: 'delta', text: ' and more', reasoning: '' });
    frames.run();
    fake.push('r2', done('So far a2 and more, done.'));
    frames.run();
    await store.flush();
    const a2 = await history.listMessages('c', { leafId: 'a2' });
    expect(a2.messages.at(-1)).toMatchObject({
      content: 'So far a2 and more, done.',
      status: 'complete',
    });
  });

  it('toggledTarget adds, removes and refuses a fifth', () => {
    expect(toggledTarget([A], B)).toEqual([A, B]);
    expect(toggledTarget([A, B], { ...A })).toEqual([B]);
    expect(toggledTarget([A, B, C, D], E)).toBeNull();
  });
});
