/**
 * A conversation's own model and parameters: which model a choice means, which parameters are used,
 * and the chat store asking each answer of that model with those parameters, recording the model on
 * the answer and the parameters the provider refused.
 */
import { describe, expect, it } from 'vitest';
import type { RunnelApi, SettingsView, StreamEventView } from '../../../../preload/contract';
import { ChatStore } from '../../../../renderer/src/store/chat-store';
import { messagesOf } from '../../../../renderer/src/store/chat-state';
import {
  resolveModel,
  storedParametersProblem,
  usableParameters,
} from '../../../../renderer/src/store/conversation-model';
import { createMemoryHistory } from '../../../../renderer/src/store/memory-history';

const view = {
  providers: [
    { id: 'oa', name: 'OpenAI', defaultModel: 'gpt-4o-mini' },
    { id: 'ol', name: 'Ollama', defaultModel: 'llama3.2' },
    { id: 'empty', name: 'No model', defaultModel: '' },
  ],
  preferences: { activeProviderId: 'oa' },
} as unknown as SettingsView;

describe('which model a choice means', () => {
  it("is the chosen provider and model, or that provider's default, or Settings' default", () => {
    expect(resolveModel(view, { providerId: 'ol', model: 'qwen2.5' })).toEqual({
      providerId: 'ol',
      model: 'qwen2.5',
    });
    expect(resolveModel(view, { providerId: 'ol', model: null })).toEqual({
      providerId: 'ol',
      model: 'llama3.2',
    });
    expect(resolveModel(view, { providerId: null, model: null })).toEqual({
      providerId: 'oa',
      model: 'gpt-4o-mini',
    });
  });

  it("falls back to Settings' default for a provider since removed, and to nothing without a model", () => {
    expect(resolveModel(view, { providerId: 'gone', model: 'x' })).toEqual({
      providerId: 'oa',
      model: 'gpt-4o-mini',
    });
    expect(resolveModel(view, { providerId: 'empty', model: null })).toBeNull();
    expect(resolveModel(null, { providerId: null, model: null })).toBeNull();
  });
});

describe('which parameters are used', () => {
  it('uses stored parameters the contract accepts, and none when it does not, saying why', () => {
    expect(usableParameters({ temperature: 0.5, seed: undefined })).toEqual({ temperature: 0.5 });
    expect(usableParameters({ temperature: 5 })).toEqual({});
    expect(usableParameters({ nonsense: true })).toEqual({});
    expect(usableParameters(undefined)).toEqual({});
    expect(storedParametersProblem({ temperature: 5 })).toBe(
      'Temperature must be a number from 0 to 2; it was 5.',
    );
    expect(storedParametersProblem({ topP: 0.5 })).toBeNull();
  });
});

/** A stand-in for `runnel.chat` that records starts and lets the test push events. */
function fakeChat() {
  const starts: Array<Parameters<RunnelApi['chat']['start']>[0]> = [];
  const listeners = new Set<
    (payload: { streamId: string; seq: number; event: StreamEventView }) => void
  >();
  let seq = 0;
  const chat: RunnelApi['chat'] = {
    start: async (payload) => {
      starts.push(payload);
      return { ok: true, value: { streamId: `s${starts.length}` } };
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
  const push = (streamId: string, event: StreamEventView) => {
    for (const listener of listeners) listener({ streamId, seq: ++seq, event });
  };
  return { chat, starts, push };
}

const startedStore = async () => {
  const fake = fakeChat();
  const history = createMemoryHistory();
  let frame: (() => void) | null = null;
  const store = new ChatStore({
    chat: fake.chat,
    history,
    frameClock: {
      requestFrame: (callback) => ((frame = callback), 1),
      cancelFrame: () => (frame = null),
      setTimer: () => 2,
      clearTimer: () => undefined,
    },
    resolveModel: (choice) => resolveModel(view, choice),
  });
  await store.init();
  return { fake, history, store, runFrame: () => frame?.() };
};

describe('the chat store with a conversation model and parameters', () => {
  it("starts a new chat with Settings' default, and records it on the answer", async () => {
    const { fake, store } = await startedStore();
    await store.send('Hello');
    expect(fake.starts[0]).toMatchObject({ providerId: 'oa', model: 'gpt-4o-mini' });
    expect(fake.starts[0]).not.toHaveProperty('parameters');
    const conversation = store.getState().conversations[0];
    expect(conversation).toMatchObject({ providerId: null, model: null });
    const answer = messagesOf(store.getState(), conversation!.id)[1];
    expect(answer).toMatchObject({ model: 'gpt-4o-mini', providerId: 'oa' });
  });

  it('takes the model and parameters chosen before the first message into the new chat', async () => {
    const { fake, history, store } = await startedStore();
    await store.chooseModel(null, { providerId: 'ol', model: 'qwen2.5' });
    await store.setParameters(null, { temperature: 0.2, stop: ['END'] });
    await store.send('Hello');
    expect(fake.starts[0]).toMatchObject({
      providerId: 'ol',
      model: 'qwen2.5',
      parameters: { temperature: 0.2, stop: ['END'] },
    });
    const id = store.getState().activeConversationId!;
    expect(await history.getConversation(id)).toMatchObject({
      providerId: 'ol',
      model: 'qwen2.5',
      parameters: { temperature: 0.2, stop: ['END'] },
    });
    // A new chat starts from Settings again.
    store.newConversation();
    expect(store.getState().newChat).toEqual({ providerId: null, model: null, parameters: {} });
  });

  it('asks the next answer of a model switched to, keeping the earlier answer’s model', async () => {
    const { fake, store, runFrame } = await startedStore();
    await store.send('First');
    const id = store.getState().activeConversationId!;
    fake.push('s1', {
      type: 'done',
      finishReason: 'stop',
      usage: null,
      text: 'One',
      reasoning: '',
    });
    runFrame();
    await store.chooseModel(id, { providerId: 'ol', model: 'llama3.2' });
    await store.setParameters(id, { seed: 7 });
    await store.send('Second');
    expect(fake.starts[1]).toMatchObject({
      providerId: 'ol',
      model: 'llama3.2',
      parameters: { seed: 7 },
    });
    const answers = messagesOf(store.getState(), id).filter((m) => m.role === 'assistant');
    expect(answers.map((m) => m.model)).toEqual(['gpt-4o-mini', 'llama3.2']);
    // Clearing the parameters follows Settings again: none are sent.
    await store.setParameters(id, {});
    expect(store.getState().conversations[0]).not.toHaveProperty('parameters');
  });

  it('keeps the parameters the provider refused with the answer, through a reload', async () => {
    const { fake, history, store, runFrame } = await startedStore();
    await store.setParameters(null, { temperature: 0.2 });
    await store.send('Hello');
    const id = store.getState().activeConversationId!;
    const dropped = [{ parameter: 'temperature' as const, reason: 'Unsupported parameter' }];
    fake.push('s1', { type: 'started', attempt: 1, dropped });
    fake.push('s1', { type: 'done', finishReason: 'stop', usage: null, text: 'Hi', reasoning: '' });
    runFrame();
    await store.flush();
    const stored = (await history.listMessages(id)).messages[1];
    expect(stored).toMatchObject({ model: 'gpt-4o-mini', droppedParameters: dropped });
    // Regenerate asks again: the new answer starts with no note of its own.
    await store.regenerate(stored!.id);
    const latest = messagesOf(store.getState(), id).at(-1);
    expect(latest?.id).not.toBe(stored!.id);
    expect(latest).not.toHaveProperty('droppedParameters');
  });

  it('starts a new chat from an answer the model refused as too long: its question, model and parameters', async () => {
    const { fake, history, store, runFrame } = await startedStore();
    await store.send('Earlier question');
    const first = store.getState().activeConversationId!;
    fake.push('s1', {
      type: 'done',
      finishReason: 'stop',
      usage: null,
      text: 'Done',
      reasoning: '',
    });
    runFrame();
    await store.chooseModel(first, { providerId: 'ol', model: 'llama3.2' });
    await store.setParameters(first, { seed: 3 });
    await store.send('The long one');
    const refused = messagesOf(store.getState(), first).at(-1)!;
    fake.push('s2', {
      type: 'failed',
      error: {
        code: 'bad_request',
        message: "This model's maximum context length is 8192 tokens.",
      },
      resumable: false,
      text: '',
      reasoning: '',
    });
    runFrame();

    await store.newChatFrom(refused.id);
    const second = store.getState().activeConversationId!;
    expect(second).not.toBe(first);
    expect(fake.starts.at(-1)).toMatchObject({
      conversationId: second,
      providerId: 'ol',
      model: 'llama3.2',
      parameters: { seed: 3 },
      messages: [{ role: 'user', content: 'The long one' }],
    });
    expect(await history.getConversation(second)).toMatchObject({
      title: 'The long one',
      providerId: 'ol',
      model: 'llama3.2',
      parameters: { seed: 3 },
    });
    // The old conversation keeps everything, the refused answer included.
    expect((await history.listMessages(first)).messages).toHaveLength(4);
  });
});
