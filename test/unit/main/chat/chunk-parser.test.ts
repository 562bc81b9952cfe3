import { describe, expect, it } from 'vitest';
import {
  parseSseMessage,
  pieceFromCompletion,
  type AnswerPiece,
} from '../../../../main/chat/chunk-parser';

function piece(data: unknown, event?: string): AnswerPiece {
  const parsed = parseSseMessage({ event, data: JSON.stringify(data) });
  if (parsed.kind !== 'piece') throw new Error(`not a piece: ${parsed.kind}`);
  const { kind: _kind, ...rest } = parsed;
  return rest;
}

const chunk = (
  delta: unknown,
  extra: Record<string, unknown> = {},
  finish: string | null = null,
) => ({
  object: 'chat.completion.chunk',
  choices: [{ index: 0, delta, finish_reason: finish }],
  ...extra,
});

describe('chunk-parser', () => {
  it('reads [DONE] with or without surrounding spaces', () => {
    expect(parseSseMessage({ event: undefined, data: '[DONE]' })).toEqual({ kind: 'done' });
    expect(parseSseMessage({ event: undefined, data: ' [DONE] ' })).toEqual({ kind: 'done' });
  });

  it('keeps reasoning apart from content, whichever field carries it', () => {
    expect(piece(chunk({ reasoning_content: 'think', content: null }))).toMatchObject({
      text: '',
      reasoning: 'think',
    });
    expect(piece(chunk({ reasoning: 'groq thinks' }))).toMatchObject({ reasoning: 'groq thinks' });
  });

  it('reads content given as an array of parts, Mistral thinking parts as reasoning', () => {
    const parts = [
      { type: 'thinking', thinking: [{ type: 'text', text: 'hmm ' }] },
      { type: 'text', text: 'Hello' },
      { type: 'text', text: ' there' },
    ];
    expect(piece(chunk({ content: parts }))).toMatchObject({
      text: 'Hello there',
      reasoning: 'hmm ',
    });
  });

  it('keeps a refusal as the text a person reads', () => {
    expect(piece(chunk({ content: null, refusal: "I can't help with that." })).text).toBe(
      "I can't help with that.",
    );
  });

  it('ignores an Azure empty-choices first chunk and a choice without delta', () => {
    expect(piece({ choices: [], prompt_filter_results: [{ prompt_index: 0 }] })).toEqual({
      text: '',
      reasoning: '',
      finishReason: null,
      usage: null,
      failure: null,
      toolCalls: null,
    });
    expect(
      piece({ choices: [{ index: 0, finish_reason: null, content_filter_offsets: {} }] }).text,
    ).toBe('');
  });

  it('passes tool-call fragments on raw, beside the text, and the legacy function_call as index 0', () => {
    const fragments = [{ index: 0, id: 'call_1', function: { name: 'f', arguments: '' } }];
    expect(piece(chunk({ content: 'Let me check.', tool_calls: fragments }))).toMatchObject({
      text: 'Let me check.',
      toolCalls: fragments,
    });
    expect(piece(chunk({ function_call: { name: 'f', arguments: '{"a"' } })).toolCalls).toEqual([
      { index: 0, function: { name: 'f', arguments: '{"a"' } },
    ]);
    expect(piece(chunk({ content: 'x', tool_calls: [] })).toolCalls).toBeNull();
    expect(piece(chunk({ content: 'x', tool_calls: null })).toolCalls).toBeNull();
    const completion = pieceFromCompletion({
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: null, tool_calls: fragments },
          finish_reason: 'tool_calls',
        },
      ],
    });
    expect(completion).toMatchObject({ toolCalls: fragments, finishReason: 'tool_calls' });
  });

  it('finds usage after the finish chunk, in it, under x_groq, or in llama.cpp timings', () => {
    const usage = { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 };
    const expected = { promptTokens: 10, completionTokens: 5, totalTokens: 15 };
    expect(piece({ choices: [], usage }).usage).toEqual(expected);
    expect(piece(chunk({}, { usage }, 'stop'))).toMatchObject({
      usage: expected,
      finishReason: 'stop',
    });
    expect(piece(chunk({}, { x_groq: { id: 'req', usage } }, 'stop')).usage).toEqual(expected);
    expect(piece(chunk({}, { timings: { prompt_n: 10, predicted_n: 5 } }, 'stop')).usage).toEqual(
      expected,
    );
    expect(
      piece({
        choices: [],
        usage: { ...usage, completion_tokens_details: { reasoning_tokens: 3 } },
      }).usage,
    ).toEqual({ ...expected, reasoningTokens: 3 });
    expect(piece(chunk({ content: 'x' }, { usage: null })).usage).toBeNull();
  });

  it('normalizes every finish reason', () => {
    const reasonOf = (raw: string) => piece(chunk({}, {}, raw)).finishReason;
    expect(reasonOf('stop')).toBe('stop');
    expect(reasonOf('length')).toBe('length');
    expect(reasonOf('content_filter')).toBe('content_filter');
    expect(reasonOf('tool_calls')).toBe('tool_calls');
    expect(reasonOf('function_call')).toBe('function_call');
    expect(reasonOf('eos')).toBe('stop');
    expect(reasonOf('STOP')).toBe('stop');
    expect(reasonOf('MAX_TOKENS')).toBe('length');
    expect(reasonOf('tool_use')).toBe('tool_calls');
    expect(reasonOf('something_new')).toBe('unspecified');
  });

  it('reads reasoning_details text and summaries when a delta has no plain reasoning', () => {
    const details = [
      { type: 'reasoning.summary', summary: 'Checking. ' },
      { type: 'reasoning.text', text: 'One more step.' },
      { type: 'reasoning.encrypted', data: 'opaque' },
    ];
    expect(piece(chunk({ reasoning_details: details })).reasoning).toBe('Checking. One more step.');
    // OpenRouter sends the same words twice, as `reasoning` and as details: once is enough.
    expect(
      piece(
        chunk({
          reasoning: 'Same.',
          reasoning_details: [{ type: 'reasoning.text', text: 'Same.' }],
        }),
      ).reasoning,
    ).toBe('Same.');
  });

  it('reports errors inside a stream: data error, event error, OpenRouter finish_reason error', () => {
    expect(piece({ error: { message: 'boom', type: 'server_error' } }).failure).toEqual({
      message: 'boom',
      code: 'server_error',
      status: null,
    });
    expect(piece({ message: 'overloaded' }, 'error').failure?.message).toBe('overloaded');
    expect(parseSseMessage({ event: 'error', data: 'plain words' })).toMatchObject({
      kind: 'piece',
      failure: { message: 'plain words' },
    });
    const openRouter = piece({
      error: { code: 502, message: 'Provider disconnected unexpectedly' },
      choices: [{ index: 0, delta: { content: '' }, finish_reason: 'error' }],
    });
    expect(openRouter.failure).toEqual({
      message: 'Provider disconnected unexpectedly',
      code: null,
      status: 502,
    });
    expect(openRouter.finishReason).toBeNull();
  });

  it('calls a non-JSON data line malformed instead of throwing', () => {
    expect(parseSseMessage({ event: undefined, data: '<html>' }).kind).toBe('malformed');
  });

  it('reads a whole JSON completion, naming no reason as unspecified', () => {
    expect(
      pieceFromCompletion({
        choices: [
          { index: 0, message: { role: 'assistant', content: 'Hi', reasoning_content: 'r' } },
        ],
      }),
    ).toMatchObject({ text: 'Hi', reasoning: 'r', finishReason: 'unspecified' });
    expect(pieceFromCompletion({ error: { message: 'nope' } })?.failure?.message).toBe('nope');
    expect(pieceFromCompletion({ hello: 'world' })).toBeNull();
  });
});
