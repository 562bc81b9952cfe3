/** The parameters an answer is asked with: the conversation's choices over Settings' defaults. */
import { describe, expect, it } from 'vitest';
import { requestParameters } from '../../../../main/ipc/request-parameters';

const settings = { systemPrompt: 'Be kind.', temperature: 0.7 };

describe('requestParameters', () => {
  it("takes Settings' system prompt and temperature when the conversation sets nothing", () => {
    expect(requestParameters(settings)).toEqual({ systemPrompt: 'Be kind.', temperature: 0.7 });
    expect(requestParameters({ systemPrompt: '  \n', temperature: null })).toEqual({});
  });

  it("puts the conversation's values over Settings', exactly as given", () => {
    expect(
      requestParameters(settings, {
        systemPrompt: ' Answer in French. ',
        temperature: 0,
        topP: 0.9,
        maxTokens: 512,
        reasoningEffort: 'high',
        seed: 11,
        stop: ['###'],
      }),
    ).toEqual({
      systemPrompt: ' Answer in French. ',
      temperature: 0,
      topP: 0.9,
      maxTokens: 512,
      reasoningEffort: 'high',
      seed: 11,
      stop: ['###'],
    });
  });

  it('sends nothing for a value the conversation sets to null, whatever Settings says', () => {
    expect(requestParameters(settings, { systemPrompt: null, temperature: null })).toEqual({});
    expect(requestParameters(settings, { systemPrompt: '', stop: [] })).toEqual({
      temperature: 0.7,
    });
  });
});
