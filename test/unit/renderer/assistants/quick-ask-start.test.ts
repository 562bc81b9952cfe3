import { describe, expect, it } from 'vitest';
import { createQuickAskStart } from '../../../../renderer/src/assistants/quick-ask-start';
import type { AssistantRecord } from '../../../../renderer/src/history/types';

const assistant = (id: string, quickAskDefault: boolean): AssistantRecord => ({
  id,
  name: `Assistant ${id}`,
  emoji: '',
  systemPrompt: `You are ${id}.`,
  providerId: null,
  model: null,
  parameters: {},
  openingMessages: [],
  position: 0,
  builtinId: null,
  quickAskDefault,
  createdAt: 1,
  updatedAt: 1,
});

describe('quick ask start', () => {
  it('starts with the marked assistant, read at each question', async () => {
    let list = [assistant('a', false), assistant('b', true)];
    const start = createQuickAskStart({
      history: { listAssistants: async () => list },
      providerIds: () => new Set(),
    });
    expect((await start())?.parameters).toEqual({ systemPrompt: 'You are b.' });
    list = [assistant('a', false)];
    expect(await start()).toBeNull();
  });

  it('asks with the defaults when history cannot answer', async () => {
    const start = createQuickAskStart({
      history: { listAssistants: () => Promise.reject(new Error('storage unavailable')) },
      providerIds: () => new Set(),
    });
    expect(await start()).toBeNull();
  });
});
