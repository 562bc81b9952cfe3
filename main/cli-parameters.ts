/**
 * `runnel ask`'s request parameters: the flags, and their values checked in terminal terms. Each is
 * sent exactly as typed: a number is taken only in plain decimal (`0x10` or `1_000` would not be
 * sent as written), and a value the engine would refuse is refused here, naming the flag (through
 * `refuse`, which cli-options.ts turns into its usage error).
 */
import {
  parameterLimits,
  REASONING_EFFORTS,
  type ChatParameters,
  type ParameterName,
  type ReasoningEffort,
} from './chat/parameters';

export const PARAMETER_OPTIONS = {
  temperature: { type: 'string' },
  'top-p': { type: 'string' },
  'max-tokens': { type: 'string' },
  'reasoning-effort': { type: 'string' },
  seed: { type: 'string' },
  stop: { type: 'string', multiple: true },
} as const;

/** The flag that sets each parameter, for messages about it. */
export const PARAMETER_FLAGS: Readonly<Record<ParameterName, string>> = {
  temperature: '--temperature',
  topP: '--top-p',
  maxTokens: '--max-tokens',
  reasoningEffort: '--reasoning-effort',
  seed: '--seed',
  stop: '--stop',
};

export const PARAMETER_USAGE = `  --temperature T         Sampling temperature, 0 to ${parameterLimits.temperature.max}
  --top-p P               Nucleus sampling (top_p), 0 to 1
  --max-tokens N          Most tokens the answer may have, sent as max_tokens (as
                          max_completion_tokens to a model that asks for that name)
  --reasoning-effort E    reasoning_effort: ${REASONING_EFFORTS.join(', ')}
  --seed N                A whole number, for answers that repeat where the provider supports it
  --stop TEXT             Stop at TEXT; repeat for up to ${parameterLimits.stopSequences} sequences`;

export const PARAMETER_NOTE = `Each parameter is sent exactly as given, and only when given. A provider that refuses one for
the model is asked again without it; stderr (and droppedParameters in --json) says which.`;

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const WHOLE = /^[+-]?\d+$/;

type ParameterValues = {
  temperature?: string | undefined;
  'top-p'?: string | undefined;
  'max-tokens'?: string | undefined;
  'reasoning-effort'?: string | undefined;
  seed?: string | undefined;
  stop?: string[] | undefined;
};

type Refuse = (message: string) => never;

export function parametersFromFlags(values: ParameterValues, refuse: Refuse): ChatParameters {
  const parameters: ChatParameters = {};
  const { temperature, topP, maxTokens } = parameterLimits;
  if (values.temperature !== undefined) {
    parameters.temperature = numberIn(values.temperature, '--temperature', temperature, refuse);
  }
  if (values['top-p'] !== undefined) {
    parameters.topP = numberIn(values['top-p'], '--top-p', topP, refuse);
  }
  if (values['max-tokens'] !== undefined) {
    parameters.maxTokens = wholeIn(values['max-tokens'], '--max-tokens', maxTokens, refuse);
  }
  if (values['reasoning-effort'] !== undefined) {
    parameters.reasoningEffort = effort(values['reasoning-effort'], refuse);
  }
  if (values.seed !== undefined) {
    const most = Number.MAX_SAFE_INTEGER;
    parameters.seed = wholeIn(values.seed, '--seed', { min: -most, max: most }, refuse);
  }
  if (values.stop !== undefined) parameters.stop = stops(values.stop, refuse);
  return parameters;
}

function numberIn(
  raw: string,
  flag: string,
  range: { min: number; max: number },
  refuse: Refuse,
): number {
  const value = Number(raw);
  if (!DECIMAL.test(raw.trim()) || value < range.min || value > range.max) {
    return refuse(`${flag} needs a number from ${range.min} to ${range.max}, not "${raw}".`);
  }
  return value;
}

function wholeIn(
  raw: string,
  flag: string,
  range: { min: number; max: number },
  refuse: Refuse,
): number {
  const value = Number(raw);
  if (!WHOLE.test(raw.trim()) || value < range.min || value > range.max) {
    return refuse(`${flag} needs a whole number from ${range.min} to ${range.max}, not "${raw}".`);
  }
  return value;
}

function effort(raw: string, refuse: Refuse): ReasoningEffort {
  const found = REASONING_EFFORTS.find((level) => level === raw);
  if (!found) {
    return refuse(`--reasoning-effort needs one of ${REASONING_EFFORTS.join(', ')}, not "${raw}".`);
  }
  return found;
}

function stops(sequences: string[], refuse: Refuse): string[] {
  const { stopSequences, stopChars } = parameterLimits;
  if (sequences.length > stopSequences) {
    return refuse(
      `--stop can be given at most ${stopSequences} times (it was given ${sequences.length}).`,
    );
  }
  if (sequences.some((sequence) => sequence === '')) {
    return refuse('--stop needs some text: an empty stop sequence would end every answer at once.');
  }
  if (sequences.some((sequence) => sequence.length > stopChars)) {
    return refuse(`--stop can be at most ${stopChars} characters long.`);
  }
  return sequences;
}
