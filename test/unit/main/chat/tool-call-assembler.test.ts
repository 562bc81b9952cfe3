/**
 * The assembler on each shape providers send (the recordings in the toolcall corpus run through the
 * whole engine in tool-call-replay.test.ts; here each rule is pinned on its own).
 */
import { describe, expect, it } from 'vitest';
import {
  createToolCallAssembler,
  MAX_ID_CHARS,
  type AssembledCall,
} from '../../../../main/chat/tool-call-assembler';

const limits = { maxCalls: 8, maxArgumentChars: 1000 };

function assemble(...deltas: unknown[][]): AssembledCall[] {
  const assembler = createToolCallAssembler(limits);
  for (const fragments of deltas) {
    const added = assembler.push(fragments);
    if (typeof added !== 'number') throw new Error(`refused: ${JSON.stringify(added)}`);
  }
  return assembler.calls();
}

const calls = (assembledCalls: AssembledCall[]) => assembledCalls.map((entry) => entry.call);

describe('tool-call assembler', () => {
  it('joins arguments sent in many fragments after a header (OpenAI)', () => {
    const pieces = ['{"pa', 'sswor', 'd": "m', 'ello', 'n"}'];
    const result = assemble(
      [
        {
          index: 0,
          id: 'call_1',
          type: 'function',
          function: { name: 'secret', arguments: '' },
        },
      ],
      ...pieces.map((piece) => [{ index: 0, function: { arguments: piece } }]),
    );
    expect(result).toEqual([
      {
        call: { id: 'call_1', name: 'secret', arguments: '{"password": "mellon"}' },
        error: null,
      },
    ]);
  });

  it('takes a whole call in one chunk, and several calls in one delta', () => {
    const result = assemble([
      { index: 0, id: 'a', function: { name: 'add', arguments: '{"a":2}' } },
      { index: 1, id: 'b', function: { name: 'multiply', arguments: '{"b":3}' } },
    ]);
    expect(calls(result)).toEqual([
      { id: 'a', name: 'add', arguments: '{"a":2}' },
      { id: 'b', name: 'multiply', arguments: '{"b":3}' },
    ]);
  });

  it('keeps two calls to the same function apart by index', () => {
    const result = assemble(
      [{ index: 0, id: 'x', function: { name: 'same', arguments: '' } }],
      [{ index: 0, function: { arguments: '{"n":1}' } }],
      [{ index: 1, id: 'y', function: { name: 'same', arguments: '' } }],
      [{ index: 1, function: { arguments: '{"n":2}' } }],
    );
    expect(calls(result)).toEqual([
      { id: 'x', name: 'same', arguments: '{"n":1}' },
      { id: 'y', name: 'same', arguments: '{"n":2}' },
    ]);
  });

  it('orders by index, whatever the arrival order and whatever the first index', () => {
    const result = assemble(
      [{ index: 2, id: 'second', function: { name: 'b', arguments: '{}' } }],
      [{ index: 1, id: 'first', function: { name: 'a', arguments: '{' } }],
      [{ index: 1, function: { arguments: '}' } }],
    );
    expect(calls(result).map((call) => call.id)).toEqual(['first', 'second']);
  });

  it('follows the id when there is no index, and a new name starts a new call', () => {
    const result = assemble(
      [{ id: 'call_a', function: { name: 'add', arguments: '{"a":' } }],
      [{ id: 'call_a', function: { arguments: '1}' } }],
      [{ function: { name: 'add', arguments: '{"a":' } }],
      [{ function: { arguments: '2}' } }],
    );
    expect(calls(result)).toEqual([
      { id: 'call_a', name: 'add', arguments: '{"a":1}' },
      { id: 'call_1', name: 'add', arguments: '{"a":2}' },
    ]);
  });

  it('keeps the first non-empty id and name: repeated, empty or null later never join them', () => {
    const result = assemble(
      [{ index: 0, id: 'functions.weather:0', function: { name: 'weather' } }],
      [{ index: 0, id: null, type: 'function', function: { arguments: '{"city"' } }],
      [{ index: 0, id: '', function: { name: '', arguments: ': "Fl' } }],
      [
        {
          index: 0,
          id: 'functions.weather:0',
          function: { name: 'weather', arguments: 'orence"}' },
        },
      ],
      [{ index: 0, id: null, function: { name: null, arguments: '' } }],
    );
    expect(calls(result)).toEqual([
      { id: 'functions.weather:0', name: 'weather', arguments: '{"city": "Florence"}' },
    ]);
  });

  it('separates calls a gateway all numbers 0 when each brings its own id and name (Gemini)', () => {
    const result = assemble(
      [{ index: 0, id: 'call_1', function: { name: 'get_weather', arguments: '{"city":"A"}' } }],
      [{ index: 0, id: 'call_2', function: { name: 'get_weather', arguments: '{"city":"B"}' } }],
    );
    expect(calls(result)).toEqual([
      { id: 'call_1', name: 'get_weather', arguments: '{"city":"A"}' },
      { id: 'call_2', name: 'get_weather', arguments: '{"city":"B"}' },
    ]);
  });

  it('separates index-0 calls as vLLM sends them (empty id on the fragments) and SGLang (the id on every one)', () => {
    // The shapes InternLM/lmdeploy#3412 reports from both servers.
    const vllm = assemble(
      [
        {
          index: 0,
          id: 'chatcmpl-tool-a',
          type: 'function',
          function: { name: 'f', arguments: '' },
        },
      ],
      [{ index: 0, id: '', type: 'function', function: { name: null, arguments: '{"n":1}' } }],
      [
        {
          index: 0,
          id: 'chatcmpl-tool-b',
          type: 'function',
          function: { name: 'f', arguments: '' },
        },
      ],
      [{ index: 0, id: '', type: 'function', function: { name: null, arguments: '{"n":2}' } }],
    );
    const sglang = assemble(
      [{ index: 0, id: '0', type: 'function', function: { name: 'f', arguments: '' } }],
      [{ index: 0, id: '0', type: 'function', function: { name: null, arguments: '{"n":1}' } }],
      [{ index: 0, id: '1', type: 'function', function: { name: 'f', arguments: '' } }],
      [{ index: 0, id: '1', type: 'function', function: { name: null, arguments: '{"n":2}' } }],
    );
    expect(calls(vllm)).toEqual([
      { id: 'chatcmpl-tool-a', name: 'f', arguments: '{"n":1}' },
      { id: 'chatcmpl-tool-b', name: 'f', arguments: '{"n":2}' },
    ]);
    expect(calls(sglang)).toEqual([
      { id: '0', name: 'f', arguments: '{"n":1}' },
      { id: '1', name: 'f', arguments: '{"n":2}' },
    ]);
    // Interleaved, the id still says which call a fragment belongs to.
    const interleaved = assemble(
      [{ index: 0, id: '0', function: { name: 'f', arguments: '' } }],
      [{ index: 0, id: '1', function: { name: 'f', arguments: '' } }],
      [{ index: 0, id: '0', function: { arguments: '{"n":1}' } }],
      [{ index: 0, id: '1', function: { arguments: '{"n":2}' } }],
    );
    expect(calls(interleaved)).toEqual(calls(sglang));
  });

  it('reads arguments sent as an object, and no arguments as the empty object', () => {
    const result = assemble([
      { index: 0, id: 'a', function: { name: 'now' } },
      { index: 1, id: 'b', function: { name: 'set', arguments: { on: true } } },
    ]);
    expect(result).toEqual([
      { call: { id: 'a', name: 'now', arguments: '{}' }, error: null },
      { call: { id: 'b', name: 'set', arguments: '{"on":true}' }, error: null },
    ]);
  });

  it('reports arguments that are not a JSON object as a tool error, without throwing', () => {
    const result = assemble([
      { index: 0, id: 'cut', function: { name: 'weather', arguments: '{"city": "Flor' } },
      { index: 1, id: 'list', function: { name: 'weather', arguments: '[1, 2]' } },
      { index: 2, id: 'anon', function: { arguments: '{}' } },
    ]);
    expect(result.map((entry) => entry.error?.code)).toEqual([
      'invalid_arguments',
      'invalid_arguments',
      'missing_name',
    ]);
    expect(result[0]?.error?.message).toMatch(
      /^The arguments for "weather" are not valid JSON \(.+\), so it was not run\. Call it again/,
    );
    expect(result[1]?.error?.message).toContain('JSON but not an object');
    expect(result[0]?.call.arguments).toBe('{"city": "Flor');
  });

  it('skips what is not a fragment', () => {
    expect(
      calls(assemble([null, 'x', 3, [], { index: 0, id: 'a', function: { name: 'f' } }])),
    ).toEqual([{ id: 'a', name: 'f', arguments: '{}' }]);
  });

  it('refuses more calls than the cap, and arguments longer than the cap', () => {
    const assembler = createToolCallAssembler({ maxCalls: 2, maxArgumentChars: 10 });
    expect(
      assembler.push([
        { index: 0, id: 'a', function: { name: 'f' } },
        { index: 1, id: 'b', function: { name: 'f' } },
      ]),
    ).toBe(0);
    expect(assembler.push([{ index: 2, id: 'c', function: { name: 'f' } }])).toEqual({
      code: 'too_many_calls',
      limit: 2,
    });
    expect(assembler.push([{ index: 0, function: { arguments: '{"a":' } }])).toBe(5);
    expect(assembler.push([{ index: 0, function: { arguments: '"123456"}' } }])).toEqual({
      code: 'arguments_too_large',
      limit: 10,
      name: 'f',
    });
  });

  it('refuses an id or a name longer than any real one', () => {
    const assembler = createToolCallAssembler(limits);
    const long = 'x'.repeat(MAX_ID_CHARS + 1);
    expect(assembler.push([{ index: 0, id: long, function: { name: 'f' } }])).toMatchObject({
      code: 'field_too_long',
      field: 'id',
    });
    expect(assembler.push([{ index: 0, id: 'a', function: { name: long } }])).toMatchObject({
      code: 'field_too_long',
      field: 'name',
    });
  });

  it('says whether every call is whole, and forgets them all on clear', () => {
    const assembler = createToolCallAssembler(limits);
    expect(assembler.started).toBe(false);
    assembler.push([{ index: 0, id: 'a', function: { name: 'f', arguments: '{"a":' } }]);
    expect(assembler.started).toBe(true);
    expect(assembler.complete()).toBe(false);
    assembler.push([{ index: 0, function: { arguments: '1}' } }]);
    expect(assembler.complete()).toBe(true);
    assembler.clear();
    expect(assembler.started).toBe(false);
    expect(assembler.calls()).toEqual([]);
  });
});
