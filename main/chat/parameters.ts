/**
 * A request's sampling and output parameters: their limits, the check that refuses a bad value before
 * anything is sent, and the names they travel under. Each is sent exactly as given, and only when set.
 *
 * Max output tokens travels as `max_tokens`: Ollama, llama.cpp, LM Studio, vLLM, Groq, DeepSeek and
 * Mistral take it, and Mistral refuses `max_completion_tokens` (422 "Extra inputs are not permitted").
 * OpenAI's reasoning models refuse `max_tokens` and say "Use 'max_completion_tokens' instead": the
 * engine then sends the same value under that name and remembers it (rejected-parameters.ts).
 */
/**
 * Values providers document for `reasoning_effort`: OpenAI's none…xhigh, `max` (Azure AI Foundry) and
 * `default` (Groq's Qwen models). Which one a model takes is the provider's business.
 */
export const REASONING_EFFORTS = [
  'none',
  'minimal',
  'low',
  'medium',
  'high',
  'xhigh',
  'max',
  'default',
] as const;

export type ReasoningEffort = (typeof REASONING_EFFORTS)[number];

/** What a conversation may set; unset ones are left to the provider's defaults. */
export interface ChatParameters {
  /** Sent as the first message, with the role `system`. An empty one is not sent. */
  systemPrompt?: string;
  temperature?: number;
  topP?: number;
  maxTokens?: number;
  reasoningEffort?: ReasoningEffort;
  seed?: number;
  stop?: string[];
}

/** The parameters a provider may refuse (the system prompt is a message, not a field). */
export type ParameterName = Exclude<keyof ChatParameters, 'systemPrompt'>;

/** Each parameter's name on the wire, in the order it is written into the body. */
export const WIRE_NAMES: Readonly<Record<ParameterName, string>> = {
  temperature: 'temperature',
  topP: 'top_p',
  maxTokens: 'max_tokens',
  reasoningEffort: 'reasoning_effort',
  seed: 'seed',
  stop: 'stop',
};

/** OpenAI's newer name for `max_tokens`, which its reasoning models insist on. */
export const MAX_COMPLETION_TOKENS = 'max_completion_tokens';

export const parameterLimits = {
  temperature: { min: 0, max: 2 },
  topP: { min: 0, max: 1 },
  /** A server reads it into a 32-bit integer; no model writes anywhere near this many. */
  maxTokens: { min: 1, max: 2 ** 31 - 1 },
  /** OpenAI documents up to 4 stop sequences; most compatible servers follow it. */
  stopSequences: 4,
  stopChars: 1_000,
  systemPromptChars: 100_000,
} as const;

/** Why a value cannot be sent, in words for the person who set it; null when every value is good. */
export function parametersProblem(p: ChatParameters): string | null {
  const { temperature, topP, maxTokens } = parameterLimits;
  if (p.systemPrompt !== undefined) {
    if (typeof p.systemPrompt !== 'string') return 'The system prompt must be text.';
    if (p.systemPrompt.length > parameterLimits.systemPromptChars) {
      return `The system prompt can be at most ${parameterLimits.systemPromptChars.toLocaleString('en')} characters; it has ${p.systemPrompt.length.toLocaleString('en')}.`;
    }
  }
  if (p.temperature !== undefined && !inRange(p.temperature, temperature)) {
    return `Temperature must be a number from ${temperature.min} to ${temperature.max}; it was ${shown(p.temperature)}.`;
  }
  if (p.topP !== undefined && !inRange(p.topP, topP)) {
    return `top_p must be a number from ${topP.min} to ${topP.max}; it was ${shown(p.topP)}.`;
  }
  if (
    p.maxTokens !== undefined &&
    (!Number.isInteger(p.maxTokens) || !inRange(p.maxTokens, maxTokens))
  ) {
    return `Max output tokens must be a whole number from ${maxTokens.min} to ${maxTokens.max}; it was ${shown(p.maxTokens)}.`;
  }
  if (
    p.reasoningEffort !== undefined &&
    !(REASONING_EFFORTS as readonly unknown[]).includes(p.reasoningEffort)
  ) {
    return `Reasoning effort must be one of ${REASONING_EFFORTS.join(', ')}; it was ${shown(p.reasoningEffort)}.`;
  }
  if (p.seed !== undefined && !Number.isSafeInteger(p.seed)) {
    return `The seed must be a whole number between -${Number.MAX_SAFE_INTEGER} and ${Number.MAX_SAFE_INTEGER}; it was ${shown(p.seed)}.`;
  }
  if (p.stop !== undefined) return stopProblem(p.stop);
  return null;
}

function stopProblem(stop: unknown): string | null {
  if (!Array.isArray(stop)) return 'Stop sequences must be a list of texts.';
  if (stop.length > parameterLimits.stopSequences) {
    return `At most ${parameterLimits.stopSequences} stop sequences can be sent; there were ${stop.length}.`;
  }
  for (const sequence of stop as unknown[]) {
    if (typeof sequence !== 'string') return 'Each stop sequence must be text.';
    if (sequence === '')
      return 'A stop sequence cannot be empty: it would end every answer at once.';
    if (sequence.length > parameterLimits.stopChars) {
      return `A stop sequence can be at most ${parameterLimits.stopChars} characters; one has ${sequence.length}.`;
    }
  }
  return null;
}

function inRange(value: unknown, range: { min: number; max: number }): boolean {
  return (
    typeof value === 'number' && Number.isFinite(value) && value >= range.min && value <= range.max
  );
}

function shown(value: unknown): string {
  return typeof value === 'string' ? `"${value.slice(0, 40)}"` : String(value);
}

export interface ParameterField {
  name: ParameterName;
  wire: string;
  value: unknown;
}

/** The set parameters as body fields, less those the provider refused (`omit`). */
export function parameterFields(
  parameters: ChatParameters,
  options: { omit: ReadonlySet<ParameterName>; maxTokensAs: string },
): ParameterField[] {
  const fields: ParameterField[] = [];
  for (const name of Object.keys(WIRE_NAMES) as ParameterName[]) {
    const value = parameters[name];
    if (value === undefined || options.omit.has(name)) continue;
    if (name === 'stop' && Array.isArray(value) && value.length === 0) continue;
    fields.push({
      name,
      wire: name === 'maxTokens' ? options.maxTokensAs : WIRE_NAMES[name],
      value,
    });
  }
  return fields;
}
