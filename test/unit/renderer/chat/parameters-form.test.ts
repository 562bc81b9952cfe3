import { describe, expect, it } from 'vitest';
import { chatParametersSchema } from '../../../../preload/contract';
import {
  addStop,
  emptyForm,
  formFrom,
  placeholders,
  readForm,
  setCount,
} from '../../../../renderer/src/chat/parameters-form';

describe('the parameters form', () => {
  it('reads filled fields as parameters and leaves empty ones to Settings', () => {
    const { parameters, problems } = readForm({
      ...emptyForm,
      systemPrompt: 'Answer in French.',
      temperature: ' 0.3 ',
      maxTokens: '512',
      reasoningEffort: 'low',
      seed: '-7',
      stop: ['END'],
    });
    expect(problems).toEqual({});
    expect(parameters).toEqual({
      systemPrompt: 'Answer in French.',
      temperature: 0.3,
      maxTokens: 512,
      reasoningEffort: 'low',
      seed: -7,
      stop: ['END'],
    });
    // What the form gives, the contract takes.
    expect(chatParametersSchema.safeParse(parameters).success).toBe(true);
    expect(readForm(emptyForm)).toEqual({ parameters: {}, problems: {} });
  });

  it('round-trips stored parameters through the fields', () => {
    const stored = { temperature: 1.5, topP: 0.9, seed: 42, stop: ['\n\n', '###'] };
    expect(readForm(formFrom(stored)).parameters).toEqual(stored);
    expect(formFrom({ temperature: null }).temperature).toBe('');
  });

  it("gives each bad field the contract's sentence, and keeps it out of the parameters", () => {
    const { parameters, problems } = readForm({
      ...emptyForm,
      temperature: '3',
      topP: 'most',
      maxTokens: '1.5',
      seed: '1e20',
    });
    expect(parameters).toEqual({});
    expect(problems).toEqual({
      temperature: 'Temperature must be a number from 0 to 2; it was 3.',
      topP: 'top_p must be a number from 0 to 1; it was "most".',
      maxTokens: 'Max output tokens must be a whole number from 1 to 2147483647; it was 1.5.',
      seed: expect.stringMatching(
        /^The seed must be a whole number between -9007199254740991 and 9007199254740991; it was 100000000000000000000\.$/,
      ),
    });
  });

  it('adds stop sequences as chips, refusing an empty one, a repeat, and a fifth', () => {
    expect(addStop([], 'END')).toEqual({ stop: ['END'], problem: null });
    expect(addStop(['END'], 'END').problem).toBe('"END" is already a stop sequence.');
    expect(addStop(['a', 'b', 'c', 'd'], 'e')).toEqual({
      stop: ['a', 'b', 'c', 'd'],
      problem: 'At most 4 stop sequences can be sent; there were 5.',
    });
    expect(addStop(['a'], '')).toEqual({ stop: ['a'], problem: null });
  });

  it("shows Settings' values as placeholders, the provider's default where Settings has none", () => {
    expect(placeholders({ systemPrompt: 'Be kind.', temperature: 0.7 })).toMatchObject({
      systemPrompt: 'Settings: Be kind.',
      temperature: 'Settings: 0.7',
      topP: "Provider's default",
    });
    expect(placeholders({ systemPrompt: '  ', temperature: null })).toMatchObject({
      systemPrompt: 'None (Settings has no system prompt)',
      temperature: "Provider's default",
    });
  });

  it('counts the parameters a conversation sets', () => {
    expect(setCount({})).toBe(0);
    expect(setCount({ temperature: 0, stop: [], seed: null, topP: 1 })).toBe(2);
  });
});
