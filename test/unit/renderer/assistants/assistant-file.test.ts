import { describe, expect, it } from 'vitest';
import {
  assistantFileLimits,
  exportAssistants,
  fromPortable,
  parseAssistantsFile,
  type AssistantFileResult,
} from '../../../../renderer/src/assistants/assistant-file';
import type { AssistantRecord } from '../../../../renderer/src/history/types';

const record = (id: string, patch: Partial<AssistantRecord> = {}): AssistantRecord => ({
  id,
  name: `Assistant ${id}`,
  emoji: '🧭',
  systemPrompt: `You are ${id}.`,
  providerId: 'openai',
  model: 'gpt-4o-mini',
  parameters: { temperature: 0.7, stop: ['###'] },
  openingMessages: [{ role: 'assistant', content: 'What shall we work on?' }],
  position: 3,
  builtinId: null,
  quickAskDefault: true,
  createdAt: 5,
  updatedAt: 6,
  ...patch,
});

const file = (assistants: unknown[], extra: Record<string, unknown> = {}): string =>
  JSON.stringify({ format: 'runnel-assistants', version: 1, assistants, ...extra });

const refusal = (result: AssistantFileResult): { code: string; message: string } => {
  if (result.ok) throw new Error('expected a refusal');
  return result.error;
};

describe('assistants file', () => {
  it('round-trips one or many assistants: what travels comes back the same', () => {
    const many = [
      record('a'),
      record('b', { emoji: '', providerId: null, model: null, parameters: {} }),
    ];
    const parsed = parseAssistantsFile(exportAssistants(many, 1234));
    expect(parsed).toEqual({
      ok: true,
      assistants: many.map(
        ({ name, emoji, systemPrompt, providerId, model, parameters, openingMessages }) => ({
          name,
          emoji,
          systemPrompt,
          providerId,
          model,
          parameters,
          openingMessages,
        }),
      ),
    });
    const one = parseAssistantsFile(exportAssistants([record('c')], 1));
    expect(one.ok && one.assistants.map((a) => a.name)).toEqual(['Assistant c']);
  });

  it('carries “no system prompt” (a null in its parameters) both ways', () => {
    const none = record('n', { systemPrompt: '', parameters: { systemPrompt: null } });
    const parsed = parseAssistantsFile(exportAssistants([none], 1));
    expect(parsed.ok && parsed.assistants[0]?.parameters).toEqual({ systemPrompt: null });
  });

  it('leaves ids, places and the quick-ask mark behind, and imports as new assistants', () => {
    const text = exportAssistants(
      [record('id-7f3a', { name: 'Tutor', systemPrompt: 'Teach.' })],
      1,
    );
    expect(text).not.toContain('id-7f3a');
    expect(text).not.toContain('quickAskDefault');
    const parsed = parseAssistantsFile(text);
    if (!parsed.ok) throw new Error(parsed.error.message);
    expect(fromPortable(parsed.assistants[0]!, { id: 'new', now: 99 })).toMatchObject({
      id: 'new',
      builtinId: null,
      quickAskDefault: false,
      createdAt: 99,
      updatedAt: 99,
      name: 'Tutor',
    });
  });

  it('fills what a hand-written file leaves out with defaults', () => {
    const parsed = parseAssistantsFile(file([{ name: ' Tutor ', systemPrompt: 'Teach.' }]));
    expect(parsed).toEqual({
      ok: true,
      assistants: [
        {
          name: 'Tutor',
          emoji: '',
          systemPrompt: 'Teach.',
          providerId: null,
          model: null,
          parameters: {},
          openingMessages: [],
        },
      ],
    });
  });

  it('refuses a file from a newer Runnel, saying to update', () => {
    const error = refusal(
      parseAssistantsFile(file([{ name: 'x', systemPrompt: '' }], { version: 2 })),
    );
    expect(error).toEqual({
      code: 'newer-version',
      message:
        'This file was made by a newer version of Runnel (assistants file version 2; this version reads version 1). Update Runnel, then import it. No assistant was imported.',
    });
  });

  it('names what is wrong with a damaged file, and which assistant', () => {
    const error = refusal(
      parseAssistantsFile(
        file([
          { name: 'Fine', systemPrompt: '' },
          { name: 'Hot', systemPrompt: '', parameters: { temperature: 7 } },
          { name: 'Talker', systemPrompt: '', openingMessages: [{ role: 'system', content: 'x' }] },
        ]),
      ),
    );
    expect(error.code).toBe('invalid');
    expect(error.message).toContain(
      'Assistant 2 (“Hot”), parameters: Temperature must be a number from 0 to 2; it was 7.',
    );
    expect(error.message).toContain(
      'Assistant 3 (“Talker”), openingMessages.0.role: The role must be "user" or "assistant".',
    );
    expect(error.message).toMatch(/No assistant was imported\.$/);
    expect(refusal(parseAssistantsFile(file([{ systemPrompt: '' }]))).message).toContain(
      'Assistant 1, name: Each assistant needs a "name" (text).',
    );
    expect(refusal(parseAssistantsFile(file([]))).message).toContain(
      'The file holds no assistants.',
    );
    expect(
      refusal(
        parseAssistantsFile(
          file([{ name: 'x', systemPrompt: '', parameters: { systemPrompt: 'y' } }]),
        ),
      ).message,
    ).toContain('The system prompt goes in the assistant’s "systemPrompt", not in its parameters.');
  });

  it('says what a file is when it is not an assistants file', () => {
    expect(refusal(parseAssistantsFile(''))).toEqual({
      code: 'not-json',
      message: 'The file is empty. No assistant was imported.',
    });
    expect(refusal(parseAssistantsFile('{"format": "runnel-assist')).code).toBe('not-json');
    expect(
      refusal(parseAssistantsFile(JSON.stringify({ format: 'runnel-history-backup', version: 3 })))
        .message,
    ).toContain('This is a Runnel history backup, not an assistants file');
    expect(refusal(parseAssistantsFile('[1, 2]')).message).toBe(
      'This is not a Runnel assistants file: it holds a list, and an assistants file is an object whose "format" is "runnel-assistants". No assistant was imported.',
    );
    // A byte order mark (Notepad) is not a problem.
    expect(parseAssistantsFile(`\ufeff${file([{ name: 'x', systemPrompt: '' }])}`).ok).toBe(true);
  });

  it('caps the file, the number of assistants and the size of each part', () => {
    const huge = ' '.repeat(assistantFileLimits.fileBytes + 1);
    expect(refusal(parseAssistantsFile(huge))).toEqual({
      code: 'too-large',
      message:
        'This file is 2.0 MB; an assistants file can be at most 2.0 MB. No assistant was imported.',
    });
    const tooMany = Array.from({ length: assistantFileLimits.assistants + 1 }, (_, i) => ({
      name: `a${i}`,
      systemPrompt: '',
    }));
    expect(refusal(parseAssistantsFile(file(tooMany))).message).toContain(
      'A file can hold at most 200 assistants.',
    );
    expect(
      refusal(parseAssistantsFile(file([{ name: 'n'.repeat(101), systemPrompt: '' }]))).message,
    ).toContain('The name can be at most 100 characters.');
    expect(
      refusal(parseAssistantsFile(file([{ name: 'x', systemPrompt: 'p'.repeat(100_001) }])))
        .message,
    ).toContain('The system prompt can be at most 100,000 characters.');
    expect(
      refusal(parseAssistantsFile(file([{ name: 'x', systemPrompt: '', surprise: true }]))).message,
    ).toMatch(/Assistant 1 \(“x”\): Unrecognized key: "surprise"/);
  });
});
