import { describe, expect, it } from 'vitest';
import {
  assistantFormFrom,
  duplicateName,
  emptyAssistantForm,
  readAssistantForm,
  type AssistantForm,
} from '../../../../renderer/src/assistants/assistant-form';
import type { AssistantRecord } from '../../../../renderer/src/history/types';

const stored: AssistantRecord = {
  id: 'a',
  name: 'Tutor',
  emoji: '🎓',
  systemPrompt: 'Teach step by step.',
  providerId: 'local',
  model: 'llama3',
  parameters: { temperature: 0.4, stop: ['END'], reasoningEffort: 'low' },
  openingMessages: [{ role: 'assistant', content: 'Hello!' }],
  position: 2,
  builtinId: null,
  quickAskDefault: false,
  createdAt: 1,
  updatedAt: 1,
};

const filled = (patch: Partial<AssistantForm> = {}): AssistantForm => ({
  ...emptyAssistantForm(),
  name: 'Tutor',
  ...patch,
});

describe('assistant form', () => {
  it('reads back what it was made from', () => {
    const read = readAssistantForm(assistantFormFrom(stored));
    expect(read).toEqual({
      ok: true,
      values: {
        name: 'Tutor',
        emoji: '🎓',
        systemPrompt: 'Teach step by step.',
        providerId: 'local',
        model: 'llama3',
        parameters: { temperature: 0.4, stop: ['END'], reasoningEffort: 'low' },
        openingMessages: [{ role: 'assistant', content: 'Hello!' }],
      },
    });
  });

  it('leaves empty fields to the defaults', () => {
    expect(readAssistantForm(filled({ name: '  Tutor ' }))).toEqual({
      ok: true,
      values: {
        name: 'Tutor',
        emoji: '',
        systemPrompt: '',
        providerId: null,
        model: null,
        parameters: {},
        openingMessages: [],
      },
    });
  });

  it('says “no system prompt” when the switch is on and the prompt empty, and shows it again', () => {
    const read = readAssistantForm(filled({ noSystemPrompt: true }));
    expect(read.ok && read.values).toMatchObject({
      systemPrompt: '',
      parameters: { systemPrompt: null },
    });
    const none: AssistantRecord = {
      ...stored,
      systemPrompt: '',
      parameters: { systemPrompt: null },
    };
    expect(assistantFormFrom(none).noSystemPrompt).toBe(true);
    expect(assistantFormFrom(stored).noSystemPrompt).toBe(false);
    // A written prompt is the assistant's own: the switch has nothing to say then.
    const written = readAssistantForm(
      filled({ noSystemPrompt: true, parameters: { ...filled().parameters, systemPrompt: 'Hi' } }),
    );
    expect(written.ok && written.values).toMatchObject({ systemPrompt: 'Hi', parameters: {} });
  });

  it('puts each problem beside its field, in words', () => {
    const form = filled({
      name: ' ',
      model: 'gpt-x',
      openingMessages: [{ role: 'user', content: '  ' }],
    });
    form.parameters = { ...form.parameters, temperature: 'hot', topP: '3' };
    const read = readAssistantForm(form);
    expect(read).toEqual({
      ok: false,
      problems: {
        name: 'Give the assistant a name.',
        model: 'Choose the provider of this model, or leave the model empty.',
        openingMessages: 'Opening message 1 is empty: write it or remove it.',
        temperature: 'Temperature must be a number from 0 to 2; it was "hot".',
        topP: 'top_p must be a number from 0 to 1; it was 3.',
      },
    });
  });

  it('names a copy within the name cap', () => {
    expect(duplicateName('Tutor')).toBe('Copy of Tutor');
    expect(duplicateName('x'.repeat(100))).toHaveLength(100);
  });
});
