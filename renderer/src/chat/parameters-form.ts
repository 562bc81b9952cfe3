/**
 * The parameters panel as data: a conversation's parameters as the texts its fields show, and those
 * texts back as parameters, each field checked on its own with the contract's words
 * (`chatParametersProblem`), so the message sits beside the field it is about.
 */
import {
  chatParametersProblem,
  reasoningEfforts,
  type ChatParametersView,
  type Preferences,
} from '../../../preload/contract';

export interface ParametersForm {
  systemPrompt: string;
  temperature: string;
  topP: string;
  maxTokens: string;
  /** '' for not sent. */
  reasoningEffort: string;
  seed: string;
  stop: string[];
}

export type ParameterField = keyof ParametersForm;

export const emptyForm: ParametersForm = {
  systemPrompt: '',
  temperature: '',
  topP: '',
  maxTokens: '',
  reasoningEffort: '',
  seed: '',
  stop: [],
};

const numberText = (value: number | null | undefined): string =>
  value === null || value === undefined ? '' : String(value);

/** The fields for a conversation's parameters; one it leaves to Settings shows empty. */
export function formFrom(parameters: ChatParametersView): ParametersForm {
  return {
    systemPrompt: parameters.systemPrompt ?? '',
    temperature: numberText(parameters.temperature),
    topP: numberText(parameters.topP),
    maxTokens: numberText(parameters.maxTokens),
    reasoningEffort: parameters.reasoningEffort ?? '',
    seed: numberText(parameters.seed),
    stop: [...(parameters.stop ?? [])],
  };
}

export interface ReadForm {
  /** Only the fields that were filled in; the rest follow Settings. */
  parameters: ChatParametersView;
  /** Each field's problem, in the contract's words. */
  problems: Partial<Record<ParameterField, string>>;
}

/** A number as typed, or the text itself when it is not one (so the message can quote it). */
const typedNumber = (text: string): number | string => {
  const trimmed = text.trim();
  const value = Number(trimmed);
  return trimmed !== '' && Number.isFinite(value) ? value : trimmed;
};

/** The contract's sentence for a number field, quoting the text when it was no number at all. */
const numberProblem = (
  field: 'temperature' | 'topP' | 'maxTokens' | 'seed',
  typed: number | string,
): string | null => {
  if (typeof typed === 'number') return chatParametersProblem({ [field]: typed });
  const problem = chatParametersProblem({ [field]: Number.NaN }) ?? '';
  return problem.replace(/it was NaN\.$/, `it was "${typed.slice(0, 40)}".`);
};

/** The fields as parameters, and what is wrong with any of them. */
export function readForm(form: ParametersForm): ReadForm {
  const parameters: ChatParametersView = {};
  const problems: ReadForm['problems'] = {};
  if (form.systemPrompt.trim() !== '') {
    parameters.systemPrompt = form.systemPrompt;
    const problem = chatParametersProblem({ systemPrompt: form.systemPrompt });
    if (problem) problems.systemPrompt = problem;
  }
  for (const field of ['temperature', 'topP', 'maxTokens', 'seed'] as const) {
    if (form[field].trim() === '') continue;
    const typed = typedNumber(form[field]);
    const problem = numberProblem(field, typed);
    if (problem) problems[field] = problem;
    else if (typeof typed === 'number') parameters[field] = typed;
  }
  if (form.reasoningEffort !== '') {
    const problem = chatParametersProblem({ reasoningEffort: form.reasoningEffort });
    if (problem) problems.reasoningEffort = problem;
    else parameters.reasoningEffort = form.reasoningEffort as (typeof reasoningEfforts)[number];
  }
  if (form.stop.length > 0) {
    const problem = chatParametersProblem({ stop: form.stop });
    if (problem) problems.stop = problem;
    else parameters.stop = [...form.stop];
  }
  return { parameters, problems };
}

/** What an empty field means: Settings' value where Settings has one, else the provider's own. */
export function placeholders(
  preferences: Pick<Preferences, 'systemPrompt' | 'temperature'> | null,
): Record<Exclude<ParameterField, 'stop' | 'reasoningEffort'>, string> {
  const providerDefault = "Provider's default";
  const prompt = preferences?.systemPrompt.trim() ?? '';
  return {
    systemPrompt: prompt === '' ? 'None (Settings has no system prompt)' : `Settings: ${prompt}`,
    temperature:
      preferences?.temperature === null || preferences?.temperature === undefined
        ? providerDefault
        : `Settings: ${preferences.temperature}`,
    topP: providerDefault,
    maxTokens: providerDefault,
    seed: 'None',
  };
}

/** A stop sequence added from the field beside the chips: refused in the contract's words. */
export function addStop(
  stop: readonly string[],
  typed: string,
): { stop: string[]; problem: string | null } {
  if (typed === '') return { stop: [...stop], problem: null };
  if (stop.includes(typed))
    return { stop: [...stop], problem: `"${typed.slice(0, 40)}" is already a stop sequence.` };
  const next = [...stop, typed];
  const problem = chatParametersProblem({ stop: next });
  return problem ? { stop: [...stop], problem } : { stop: next, problem: null };
}

/** How many parameters a conversation sets itself (the header button shows it). */
export const setCount = (parameters: ChatParametersView): number =>
  Object.values(parameters).filter(
    (value) =>
      value !== undefined && value !== null && !(Array.isArray(value) && value.length === 0),
  ).length;

export { reasoningEfforts };
