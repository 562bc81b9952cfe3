import { describe, expect, it } from 'vitest';
import type { RunnelApi } from '../../../../preload/contract';
import { conversationSettingsFor } from '../../../../renderer/src/assistants/conversation-settings';
import type { AssistantRecord } from '../../../../renderer/src/history/types';
import { ChatStore } from '../../../../renderer/src/store/chat-store';
import { messagesOf } from '../../../../renderer/src/store/chat-state';
import { createMemoryHistory } from '../../../../renderer/src/store/memory-history';

type Chat = RunnelApi['chat'];

/** `runnel.chat` that records what each answer was asked with; no events arrive. */
function recordingChat() {
  const starts: Array<Parameters<Chat['start']>[0]> = [];
  const chat: Chat = {
    start: async (payload) => {
      starts.push(payload);
      return { ok: true, value: { streamId: `s${starts.length}` } };
    },
    cancel: async () => ({ ok: true, value: {} }),
    listActive: async () => ({ ok: true, value: [] }),
    streamShown: async () => ({ ok: true, value: {} }),
    listLive: async () => ({ ok: true, value: { messageIds: [] } }),
    onStreamEvent: () => () => undefined,
  };
  return { chat, starts };
}

const tutor: AssistantRecord = {
  id: 'tutor',
  name: 'Tutor',
  emoji: '🎓',
  systemPrompt: 'Teach step by step.',
  providerId: null,
  model: null,
  parameters: { temperature: 0.3 },
  openingMessages: [
    { role: 'user', content: 'I want to learn.' },
    { role: 'assistant', content: 'What are we learning today?' },
  ],
  position: 0,
  builtinId: null,
  quickAskDefault: false,
  createdAt: 1,
  updatedAt: 1,
};

const started = async () => {
  const history = createMemoryHistory();
  const { chat, starts } = recordingChat();
  let now = 1000;
  const store = new ChatStore({
    chat,
    history,
    now: () => now++,
    frameClock: {
      requestFrame: () => 1,
      cancelFrame: () => undefined,
      setTimer: () => 2,
      clearTimer: () => undefined,
    },
  });
  await store.init();
  return { store, history, starts };
};

describe('ChatStore: a chat started with an assistant', () => {
  it('opens on the opening messages, saved, and asks with the system prompt and parameters', async () => {
    const { store, history, starts } = await started();
    await store.startWithAssistant(conversationSettingsFor(tutor, new Set()));
    const conversationId = store.getState().activeConversationId;
    expect(conversationId).not.toBeNull();
    const saved = await history.getConversation(conversationId ?? '');
    expect(saved).toMatchObject({
      title: 'Tutor',
      parameters: { temperature: 0.3, systemPrompt: 'Teach step by step.' },
    });
    const shown = messagesOf(store.getState(), conversationId);
    expect(shown.map((m) => [m.role, m.content, m.status])).toEqual([
      ['user', 'I want to learn.', 'complete'],
      ['assistant', 'What are we learning today?', 'complete'],
    ]);
    expect(shown[1]?.parentId).toBe(shown[0]?.id);
    const stored = await history.listMessages(conversationId ?? '');
    expect(stored.messages.map((m) => m.content)).toEqual(shown.map((m) => m.content));

    await store.send('Fractions, please.');
    expect(starts).toHaveLength(1);
    expect(starts[0]?.parameters).toEqual({
      temperature: 0.3,
      systemPrompt: 'Teach step by step.',
    });
    expect(starts[0]?.messages).toEqual([
      { role: 'user', content: 'I want to learn.' },
      { role: 'assistant', content: 'What are we learning today?' },
      { role: 'user', content: 'Fractions, please.' },
    ]);
  });

  it('without opening messages, waits for the first one and is named after it', async () => {
    const { store, history, starts } = await started();
    await store.startWithAssistant(
      conversationSettingsFor({ ...tutor, openingMessages: [] }, new Set()),
    );
    expect(store.getState().activeConversationId).toBeNull();
    expect(await history.listConversations()).toEqual([]);
    await store.send('What is a fraction?');
    const [conversation] = await history.listConversations();
    expect(conversation).toMatchObject({
      title: 'What is a fraction?',
      parameters: { temperature: 0.3, systemPrompt: 'Teach step by step.' },
    });
    expect(starts[0]?.parameters?.systemPrompt).toBe('Teach step by step.');
  });

  it('a plain New chat afterwards leaves the assistant behind', async () => {
    const { store, starts } = await started();
    await store.startWithAssistant(
      conversationSettingsFor({ ...tutor, openingMessages: [] }, new Set()),
    );
    store.newConversation();
    await store.send('Hello');
    expect(starts[0]?.parameters).toBeUndefined();
  });
});
