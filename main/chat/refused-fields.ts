/**
 * Request fields a provider refused, remembered for the rest of the process so later requests go
 * without them: `stream_options` per base URL (a gateway refuses it for every model), and parameters
 * per base URL and model (OpenAI's reasoning models refuse `temperature`, its chat models take it).
 *
 * Also reads a refusal: a 400 (or 422) whose body names a parameter we sent, in the words real
 * providers use, for example:
 *   OpenAI   {"error":{"message":"Unsupported parameter: 'max_tokens' is not supported with this model.
 *            Use 'max_completion_tokens' instead.","param":"max_tokens","code":"unsupported_parameter"}}
 *   OpenAI   "Unsupported value: 'temperature' does not support 0.2 with this model. Only the default (1)
 *            value is supported." (code unsupported_value)
 *   Groq     "property 'reasoning_effort' is unsupported, did you mean 'reasoning_format'?"
 *   Mistral  422 {"detail":[{"type":"extra_forbidden","loc":["body","seed"],"msg":"Extra inputs are not permitted"}]}
 *   Gemini   "Invalid JSON payload received. Unknown name \"seed\": Cannot find field." (one line per field)
 *   Azure    "Unrecognized request arguments supplied: maxTokens, responseFormat"
 *   xAI      "Model grok-4 does not support parameter reasoningEffort."
 *   serde    "unknown field `seed`, expected one of …" (Rust servers)
 * (collected from public issue threads; see the tests for each one.)
 */
import { detailFromBody, redactSecrets } from './errors';
import { MAX_COMPLETION_TOKENS, type ParameterName } from './parameters';

export interface RefusedFields {
  has(scope: string, field: string): boolean;
  add(scope: string, field: string): void;
}

export function createRefusedFields(): RefusedFields {
  const refused = new Map<string, Set<string>>();
  return {
    has: (scope, field) => refused.get(scope)?.has(field) ?? false,
    add: (scope, field) => {
      const fields = refused.get(scope) ?? new Set<string>();
      fields.add(field);
      refused.set(scope, fields);
    },
  };
}

/** The process's memory: one per process, like the connections it describes. */
export const refusedFields = createRefusedFields();

/** The scope of a refusal the whole gateway makes. */
export const gatewayScope = (url: string): string => url;
/** The scope of a refusal one model makes (the same gateway may take it for another model). */
export const modelScope = (url: string, model: string): string => `${url}\n${model}`;

/** Remembered for the model: `max_tokens` refused, so max tokens travel as max_completion_tokens. */
export const RENAMED_MAX_TOKENS = 'max_tokens→max_completion_tokens';

export interface Refusal {
  parameter: ParameterName;
  /** Set when the provider asked for the same value under another name (max_completion_tokens). */
  renameTo?: typeof MAX_COMPLETION_TOKENS;
  /** The provider's words, without secrets, at most a few hundred characters. */
  reason: string;
}

/** Words that say a field is refused, in some provider's phrasing. */
const REFUSAL_WORDS =
  /unsupported|not supported|does not support|unknown|unrecognized|not permitted|extra_forbidden|not allowed|not one of|must be one of|invalid|cannot find field/i;
const MAX_REASON = 300;

/**
 * The parameters (among those sent, given with their wire names) that this answer refuses; empty when
 * it refuses none of them, or is not a refusal at all.
 */
export function refusedParameters(
  status: number,
  body: string,
  sent: ReadonlyArray<readonly [ParameterName, string]>,
  secrets: readonly string[],
): Refusal[] {
  if ((status !== 400 && status !== 422) || sent.length === 0) return [];
  const detail = detailFromBody(body);
  if (!REFUSAL_WORDS.test(body)) return [];
  const param = paramField(body);
  const reason = shortReason(detail, secrets);
  const refusals: Refusal[] = [];
  for (const [parameter, wire] of sent) {
    if (param !== wire && !namedAsField(body, wire)) continue;
    const refusal: Refusal = { parameter, reason };
    // "Use 'max_completion_tokens' instead": the value is wanted, under OpenAI's newer name.
    if (wire === 'max_tokens' && body.includes(MAX_COMPLETION_TOKENS)) {
      refusal.renameTo = MAX_COMPLETION_TOKENS;
    }
    refusals.push(refusal);
  }
  return refusals;
}

/** Remembered for the model: it cannot take `tools`, so requests go without them. */
export const TOOLS_REFUSED = 'tools';

/**
 * How servers say a model (or the server as set up) takes no tools, each seen in public issue threads:
 *   Ollama      400 "registry.ollama.ai/library/gemma3:4b does not support tools"
 *   OpenRouter  404 "No endpoints found that support tool use." / "… support the provided 'tool_choice' value."
 *   llama.cpp   500 "tools param requires --jinja flag"; older builds 500 "Unsupported param: tools"
 *   vLLM        400 "\"auto\" tool choice requires --enable-auto-tool-choice and --tool-call-parser to be set"
 *   others      "deepseek-reasoner does not support Function Calling", "Function calling is not enabled for
 *               this model", "tool use is not supported"
 */
const TOOLS_REFUSAL = new RegExp(
  [
    String.raw`(?:does not|doesn't|do not|cannot) support (?:tools|tool use|tool calls|tool calling|function calling|functions)\b`,
    String.raw`no endpoints found that support (?:tool use|the provided 'tool_choice')`,
    String.raw`tools? param(?:eter)? requires`,
    String.raw`unsupported param(?:eter)?:? '?tools\b`,
    String.raw`tool choice requires --enable-auto-tool-choice`,
    String.raw`(?:tools|tool use|tool calls|tool calling|function calling) (?:is|are) not (?:supported|enabled|available)`,
  ].join('|'),
  'i',
);

/**
 * The provider's words when this answer says the model cannot take the tools we sent (a 400, 404, 422
 * or 500 in some provider's phrasing); null when it says something else.
 */
export function toolsRefusal(
  status: number,
  body: string,
  secrets: readonly string[],
): string | null {
  if (![400, 404, 422, 500].includes(status) || !TOOLS_REFUSAL.test(body)) return null;
  return shortReason(detailFromBody(body), secrets);
}

/** OpenAI's `error.param` (or a top-level `param`), when the body is JSON and has one. */
function paramField(body: string): string | null {
  try {
    const json = JSON.parse(body) as Record<string, unknown> | null;
    const error = json?.error;
    const nested =
      typeof error === 'object' && error !== null ? (error as { param?: unknown }) : {};
    const param = nested.param ?? json?.param;
    return typeof param === 'string' ? param : null;
  } catch {
    return null;
  }
}

/**
 * Whether the body names the field as a field: quoted ('x', "x", `x`, \"x\"), as the end of a
 * validation path (`"loc":["body","x"]`), after "parameter"/"property"/"field"/"name", or in a list
 * of refused arguments; in snake_case or camelCase. A word like "stop" in prose does not count.
 */
function namedAsField(body: string, wire: string): boolean {
  for (const spelling of new Set([wire, camelCase(wire)])) {
    const name = escapeRegExp(spelling);
    const quoted = new RegExp(`(?:\\\\?["'\`])${name}(?:\\\\?["'\`])`);
    const introduced = new RegExp(
      `\\b(?:parameter|property|field|argument|name)s?:?\\s+\\\\?["'\`]?${name}\\b`,
      'i',
    );
    if (quoted.test(body) || introduced.test(body) || inArgumentList(body, spelling)) return true;
  }
  return false;
}

/** Azure's "Unrecognized request arguments supplied: maxTokens, responseFormat". */
function inArgumentList(body: string, spelling: string): boolean {
  const list = /arguments? supplied:\s*([A-Za-z0-9_, ]+)/i.exec(body)?.[1];
  return list !== undefined && list.split(/\s*,\s*/).some((item) => item.trim() === spelling);
}

function camelCase(snake: string): string {
  return snake.replace(/_([a-z])/g, (_match, letter: string) => letter.toUpperCase());
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function shortReason(detail: string, secrets: readonly string[]): string {
  const clean = redactSecrets(detail, secrets).replace(/\s+/g, ' ').trim();
  return clean.length > MAX_REASON ? `${clean.slice(0, MAX_REASON)}…` : clean;
}
