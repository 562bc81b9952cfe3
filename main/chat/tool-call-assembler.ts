/**
 * Streamed `delta.tool_calls` fragments → complete calls `{id, name, arguments}`, the way real providers
 * send them (recordings in ../shared/acceptance-data/toolcall-corpus/):
 *
 * - A call opens with a header (`index`, `id`, `function.name`, often `arguments: ""`) and its arguments
 *   follow in fragments that carry only `index` (OpenAI, DeepSeek, Azure, OpenRouter); or the whole
 *   call comes in one chunk (Groq, xAI, DeepInfra, Ollama); or several calls share one delta.
 * - `index` says which call a fragment belongs to, and may start at 1. Without one (Ollama, some
 *   gateways) the `id` says it; a fragment with neither but with a non-empty name starts a new call;
 *   a bare arguments fragment continues the call last written to.
 * - `id` and `name` may be repeated, empty or `null` on later fragments (Fireworks sends `id: null` on
 *   every one): the first non-empty value wins, and they are never concatenated.
 * - Some servers give every parallel call `index: 0`, each opening with its own id and name: gateways
 *   in front of Gemini (su-kaka/gcli2api#406, NousResearch/hermes-agent#62937), and vLLM and SGLang as
 *   InternLM/lmdeploy#3412 shows them (SGLang repeats the call's id on every fragment). A header with a
 *   new id and a name at an index whose call already has an id is a new call, not more of the old
 *   one; a fragment whose id names a call at that index belongs to it.
 *
 * Calls come out at the end, in index order (arrival order among equal indices), each with its
 * arguments checked as JSON. Bounds (the number of calls, one call's arguments, the length of an id or
 * a name) are checked on every fragment, so a hostile server is refused before it grows memory.
 */
import { hostOf, type ErrorContext } from './errors';
import type { ChatError, ToolCall, ToolCallError } from './types';

export interface ToolCallLimits {
  maxCalls: number;
  maxArgumentChars: number;
}

/** A server that broke a bound: the stream cannot be trusted, so it fails with this. */
export type AssemblyProblem =
  | { code: 'too_many_calls'; limit: number }
  | { code: 'arguments_too_large'; limit: number; name: string }
  | { code: 'field_too_long'; field: 'id' | 'name'; limit: number };

export interface AssembledCall {
  call: ToolCall;
  error: ToolCallError | null;
}

export interface ToolCallAssembler {
  /**
   * One delta's `tool_calls` (anything a server put there: what is not a fragment is skipped). Returns
   * how many argument characters it added, or the bound it broke.
   */
  push(fragments: readonly unknown[]): number | AssemblyProblem;
  /** Whether any fragment has been taken since the start (or the last `clear`). */
  readonly started: boolean;
  /** Every call has a name and arguments that are a whole JSON object: nothing is cut off. */
  complete(): boolean;
  /** The calls so far, in order, each checked. */
  calls(): AssembledCall[];
  /** Forget every call (a step that is asked again from its start). */
  clear(): void;
}

/** Longer than any id or function name a provider makes; OpenAI caps names at 64. */
export const MAX_ID_CHARS = 256;

interface Slot {
  /** The provider's index, or for calls without one their place among them. */
  order: number;
  /** Arrival, to keep calls of equal order apart and in the order they came. */
  seq: number;
  id: string;
  name: string;
  arguments: string;
}

type JsonObject = Record<string, unknown>;

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const nonEmpty = (value: unknown): string =>
  typeof value === 'string' && value.length > 0 ? value : '';

const indexOf = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : undefined;

export function createToolCallAssembler(limits: ToolCallLimits): ToolCallAssembler {
  let slots: Slot[] = [];
  let byIndex = new Map<number, Slot>();
  let byId = new Map<string, Slot>();
  let last: Slot | undefined;
  let unindexed = 0;

  const open = (index: number | undefined): Slot | AssemblyProblem => {
    if (slots.length >= limits.maxCalls) return { code: 'too_many_calls', limit: limits.maxCalls };
    const slot: Slot = {
      order: index ?? unindexed++,
      seq: slots.length,
      id: '',
      name: '',
      arguments: '',
    };
    slots.push(slot);
    if (index !== undefined) byIndex.set(index, slot);
    return slot;
  };

  const slotFor = (index: number | undefined, id: string, name: string): Slot | AssemblyProblem => {
    const named = id === '' ? undefined : byId.get(id);
    if (index !== undefined) {
      if (named?.order === index) return named;
      const known = byIndex.get(index);
      if (known === undefined) return open(index);
      const newCall = id !== '' && name !== '' && known.id !== '' && known.id !== id;
      return newCall ? open(index) : known;
    }
    if (named) return named;
    if (id !== '' || name !== '' || last === undefined) return open(undefined);
    return last;
  };

  return {
    push(fragments) {
      let added = 0;
      for (const fragment of fragments) {
        if (!isObject(fragment)) continue;
        const fn = isObject(fragment.function) ? fragment.function : {};
        const id = nonEmpty(fragment.id);
        const name = nonEmpty(fn.name);
        if (id.length > MAX_ID_CHARS) {
          return { code: 'field_too_long', field: 'id', limit: MAX_ID_CHARS };
        }
        if (name.length > MAX_ID_CHARS) {
          return { code: 'field_too_long', field: 'name', limit: MAX_ID_CHARS };
        }
        const slot = slotFor(indexOf(fragment.index), id, name);
        if ('code' in slot) return slot;
        if (slot.id === '' && id !== '') {
          slot.id = id;
          byId.set(id, slot);
        }
        if (slot.name === '' && name !== '') slot.name = name;
        // Some servers put the arguments as an object rather than its JSON text.
        const piece =
          typeof fn.arguments === 'string'
            ? fn.arguments
            : isObject(fn.arguments)
              ? JSON.stringify(fn.arguments)
              : '';
        if (slot.arguments.length + piece.length > limits.maxArgumentChars) {
          return {
            code: 'arguments_too_large',
            limit: limits.maxArgumentChars,
            name: slot.name,
          };
        }
        slot.arguments += piece;
        added += piece.length;
        last = slot;
      }
      return added;
    },
    get started() {
      return slots.length > 0;
    },
    complete() {
      return slots.every((slot) => slot.name !== '' && checkArguments(slot) === null);
    },
    calls() {
      return [...slots]
        .sort((a, b) => a.order - b.order || a.seq - b.seq)
        .map((slot, position) => assembled(slot, position));
    },
    clear() {
      slots = [];
      byIndex = new Map();
      byId = new Map();
      last = undefined;
      unindexed = 0;
    },
  };
}

/** A broken bound, in words: the answer stops, and the text so far is kept. */
export function toolCallBoundError(problem: AssemblyProblem, context: ErrorContext): ChatError {
  const host = hostOf(context.baseURL);
  const count = (value: number): string => value.toLocaleString('en-US');
  const what =
    problem.code === 'too_many_calls'
      ? `asked for more than ${count(problem.limit)} tool calls in one answer`
      : problem.code === 'arguments_too_large'
        ? `sent arguments longer than ${count(problem.limit)} characters for one tool call${problem.name ? ` ("${problem.name}")` : ''}`
        : `sent a tool-call ${problem.field} longer than ${count(problem.limit)} characters`;
  return {
    code: 'bad_response',
    message: `${host} ${what}, more than any model needs, so the answer was stopped and nothing was run. The text so far is kept; try again, or check the base URL if this repeats.`,
  };
}

function assembled(slot: Slot, position: number): AssembledCall {
  // Some models send nothing for a call without parameters: that is the empty object.
  const args = slot.arguments.trim() === '' ? '{}' : slot.arguments;
  // A call without an id cannot be answered by id: give it one that is stable within the answer.
  const call: ToolCall = { id: slot.id || `call_${position}`, name: slot.name, arguments: args };
  if (slot.name === '') {
    return {
      call,
      error: {
        code: 'missing_name',
        message:
          'This tool call names no function, so it cannot be run. Call the tool again and give its name.',
      },
    };
  }
  const problem = checkArguments({ ...slot, arguments: args });
  return {
    call,
    error: problem === null ? null : { code: 'invalid_arguments', message: problem },
  };
}

/** Why these arguments are not one JSON object, in words for the model and the person; or null. */
function checkArguments(slot: Pick<Slot, 'name' | 'arguments'>): string | null {
  const text = slot.arguments.trim() === '' ? '{}' : slot.arguments;
  const tool = slot.name === '' ? 'this tool' : `"${slot.name}"`;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return `The arguments for ${tool} are not valid JSON (${reason}), so it was not run. Call it again with the arguments as one JSON object.`;
  }
  if (!isObject(value)) {
    return `The arguments for ${tool} are JSON but not an object, so it was not run. Call it again with the arguments as one JSON object, such as {"name": "value"}.`;
  }
  return null;
}
