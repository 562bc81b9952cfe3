/**
 * A conversation grown past the model's context: told apart from other refusals by the provider's own
 * words (collected from each provider's documented or reported error), titled for what it is, with a
 * new chat from here offered first.
 */
import { describe, expect, it } from 'vitest';
import {
  ACTION_LABELS,
  isContextTooLong,
  presentError,
} from '../../../../renderer/src/store/error-presentation';

const refusal = (said: string) => ({
  code: 'bad_request' as const,
  message: `api.example.com rejected the request (400). It said: ${said}`,
});

const tooLong = [
  // OpenAI, DeepSeek, vLLM
  "This model's maximum context length is 128000 tokens. However, your messages resulted in 130472 tokens. Please reduce the length of the messages.",
  // OpenAI's error code, where the message is elsewhere
  'Error code: context_length_exceeded',
  // llama.cpp server
  'the request exceeds the available context size, try increasing it',
  // Mistral
  'Prompt contains 40000 tokens and 0 draft tokens, too large for model with 32768 maximum context length',
  // Gemini's OpenAI-compatible endpoint
  'The input token count (1200000) exceeds the maximum number of tokens allowed (1048576).',
  // Anthropic-compatible gateways
  'prompt is too long: 210000 tokens > 200000 maximum',
  // Groq
  'Please reduce the length of the messages or completion.',
];

describe('a conversation too long for the model', () => {
  it.each(tooLong)('is recognised in the words %s', (said) => {
    const error = refusal(said);
    expect(isContextTooLong(error)).toBe(true);
    expect(presentError(error, false)).toEqual({
      title: 'The conversation is too long for this model',
      actions: ['newChat', 'settings'],
    });
  });

  it('leaves other refusals, and other kinds of error, as they were', () => {
    const other = refusal("Unsupported parameter: 'seed' is not supported with this model.");
    expect(isContextTooLong(other)).toBe(false);
    expect(presentError(other, false).actions).toEqual(['settings', 'retry']);
    expect(
      isContextTooLong({ code: 'server', message: 'maximum context length is 8192 tokens' }),
    ).toBe(false);
  });

  it('offers the new chat in words', () => {
    expect(ACTION_LABELS.newChat).toBe('Start a new chat from here');
  });
});
