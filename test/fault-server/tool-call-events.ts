/**
 * Tool calls streamed the ways real providers stream them (the toolcall corpus in
 * ../shared/acceptance-data/toolcall-corpus/ has one recording of most shapes). Each shape is a
 * list of `delta.tool_calls` arrays, one per chunk; answer-body.ts wraps them in chunks.
 */

export interface ToolCallSpec {
  id: string;
  name: string;
  /** The JSON text, exactly as the model writes it. */
  arguments: string;
}

export type ToolCallShape =
  /** OpenAI: a header `{index, id, type, function: {name, arguments: ""}}`, then argument pieces. */
  | 'fragments'
  /** Groq, xAI: each call whole in its own chunk. */
  | 'whole'
  /** Several calls in one delta. */
  | 'one-delta'
  /** Ollama: whole calls with an id and no index. */
  | 'no-index'
  /** No index anywhere: a header with id and name, then bare argument pieces. */
  | 'no-index-fragments'
  /** Indices that start at 1. */
  | 'from-1'
  /** Fireworks: header without `arguments`, pieces with `id: null`, a repeated name, a trailing "". */
  | 'null-id'
  /** A gateway in front of Gemini: every call at index 0, each whole with its own id. */
  | 'index-0';

export const TOOL_CALL_SHAPES: readonly ToolCallShape[] = [
  'fragments',
  'whole',
  'one-delta',
  'no-index',
  'no-index-fragments',
  'from-1',
  'null-id',
  'index-0',
];

/** Two calls to the same function and one to another: only index or id tell the first two apart. */
export const DEFAULT_TOOL_CALLS: readonly ToolCallSpec[] = [
  { id: 'call_weather_1', name: 'get_weather', arguments: '{"city": "Lyon", "unit": "celsius"}' },
  { id: 'call_weather_2', name: 'get_weather', arguments: '{"city": "Hô Chi Minh (胡志明市)"}' },
  { id: 'call_add_3', name: 'add', arguments: '{"a": 2, "b": 3}' },
];

/** The `delta.tool_calls` of each chunk, in order. */
export function toolCallDeltas(
  calls: readonly ToolCallSpec[],
  shape: ToolCallShape,
  pieceChars: number,
): unknown[][] {
  const whole = (call: ToolCallSpec, index: number | undefined) => ({
    ...(index === undefined ? {} : { index }),
    id: call.id,
    type: 'function',
    function: { name: call.name, arguments: call.arguments },
  });
  switch (shape) {
    case 'whole':
      return calls.map((call, index) => [whole(call, index)]);
    case 'one-delta':
      return [calls.map((call, index) => whole(call, index))];
    case 'no-index':
      return calls.map((call) => [whole(call, undefined)]);
    case 'index-0':
      return calls.map((call) => [whole(call, 0)]);
    case 'no-index-fragments':
      return calls.flatMap((call) => [
        [{ id: call.id, type: 'function', function: { name: call.name, arguments: '' } }],
        ...pieces(call.arguments, pieceChars).map((piece) => [{ function: { arguments: piece } }]),
      ]);
    case 'null-id':
      return calls.flatMap((call, index) => [
        [{ index, id: call.id, type: 'function', function: { name: call.name } }],
        ...pieces(call.arguments, pieceChars).map((piece, at) => [
          {
            index,
            id: null,
            type: 'function',
            function: at === 0 ? { name: call.name, arguments: piece } : { arguments: piece },
          },
        ]),
        [{ index, id: null, type: 'function', function: { arguments: '' } }],
      ]);
    case 'fragments':
    case 'from-1': {
      const first = shape === 'from-1' ? 1 : 0;
      return calls.flatMap((call, at) => [
        [
          {
            index: at + first,
            id: call.id,
            type: 'function',
            function: { name: call.name, arguments: '' },
          },
        ],
        ...pieces(call.arguments, pieceChars).map((piece) => [
          { index: at + first, function: { arguments: piece } },
        ]),
      ]);
    }
  }
}

/** Splits text into pieces of `size` code points (never inside a surrogate pair). */
function pieces(text: string, size: number): string[] {
  const characters = Array.from(text);
  const out: string[] = [];
  for (let index = 0; index < characters.length; index += Math.max(1, size)) {
    out.push(characters.slice(index, index + Math.max(1, size)).join(''));
  }
  return out;
}
