import { describe, expect, it } from 'vitest';
import { conversationSettingsFor } from '../../../../renderer/src/assistants/conversation-settings';
import type { AssistantRecord } from '../../../../renderer/src/history/types';
import { requestParameters } from '../../../../main/ipc/request-parameters';

const assistant = (patch: Partial<AssistantRecord> = {}): AssistantRecord => ({
  id: 'a',
  name: 'Tutor',
  emoji: '🎓',
  systemPrompt: 'Teach step by step.',
  providerId: 'local',
  model: 'llama3',
  parameters: { temperature: 0.4, seed: 7 },
  openingMessages: [
    { role: 'assistant', content: 'What are we learning today?' },
    { role: 'user', content: '   ' },
  ],
  position: 0,
  builtinId: null,
  quickAskDefault: false,
  createdAt: 1,
  updatedAt: 1,
  ...patch,
});

describe('conversationSettingsFor', () => {
  it('carries the system prompt in the parameters, with the model and the opening messages', () => {
    expect(conversationSettingsFor(assistant(), new Set(['local']))).toEqual({
      title: 'Tutor',
      providerId: 'local',
      model: 'llama3',
      parameters: { temperature: 0.4, seed: 7, systemPrompt: 'Teach step by step.' },
      openingMessages: [{ role: 'assistant', content: 'What are we learning today?' }],
      modelNotice: null,
    });
  });

  it('leaves Settings’ system prompt in force when the assistant has none', () => {
    const settings = conversationSettingsFor(
      assistant({ systemPrompt: '  ', providerId: null, model: null }),
      new Set(),
    );
    expect(settings.parameters).toEqual({ temperature: 0.4, seed: 7 });
    expect(settings).toMatchObject({ providerId: null, model: null, modelNotice: null });
  });

  it('sends no system prompt at all, not even Settings’, for an assistant that says so', () => {
    const settings = conversationSettingsFor(
      assistant({ systemPrompt: '', parameters: { temperature: 0.4, systemPrompt: null } }),
      new Set(['local']),
    );
    expect(settings.parameters).toEqual({ temperature: 0.4, systemPrompt: null });
    // What main then asks with, Settings having a prompt of its own.
    expect(
      requestParameters({ systemPrompt: 'Be brief.', temperature: null }, settings.parameters),
    ).toEqual({ temperature: 0.4 });
    // Its own text, when it has some, wins over the switch.
    const written = conversationSettingsFor(
      assistant({ systemPrompt: 'Teach.', parameters: { systemPrompt: null } }),
      new Set(['local']),
    );
    expect(written.parameters).toEqual({ systemPrompt: 'Teach.' });
  });

  it('falls back to the default model, and says so, when its provider is not set up here', () => {
    const settings = conversationSettingsFor(assistant(), new Set(['openai']));
    expect(settings).toMatchObject({ providerId: null, model: null });
    expect(settings.modelNotice).toBe(
      'Tutor’s model (llama3 from “local”) is not set up here, so this chat uses your default model.',
    );
  });
});
