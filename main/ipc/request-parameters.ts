/**
 * The parameters one answer is asked with: the conversation's choices over Settings' defaults. A
 * value the conversation leaves out comes from Settings; one it sets to null is not sent at all.
 */
import type { ChatParameters, ReasoningEffort } from '../chat/types';
import type { ChatParametersView, Preferences } from '../../preload/contract';

// The contract's parameters are the engine's (plus null for "not sent"): fail to compile if they drift.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Unnulled<T> = { [K in keyof T]: Exclude<T[K], null> };
const parametersMatchEngine: Same<Unnulled<ChatParametersView>, ChatParameters> = true;
void parametersMatchEngine;
const effortsMatchEngine: Same<
  NonNullable<ChatParametersView['reasoningEffort']>,
  ReasoningEffort
> = true;
void effortsMatchEngine;

export function requestParameters(
  preferences: Pick<Preferences, 'systemPrompt' | 'temperature'>,
  chosen: ChatParametersView = {},
): ChatParameters {
  const parameters: ChatParameters = {};
  // Settings' prompt is sent unless it is only blank space, as before conversations had their own.
  const systemPrompt =
    chosen.systemPrompt === undefined
      ? preferences.systemPrompt.trim() === ''
        ? null
        : preferences.systemPrompt
      : chosen.systemPrompt;
  if (systemPrompt) parameters.systemPrompt = systemPrompt;
  const temperature =
    chosen.temperature === undefined ? preferences.temperature : chosen.temperature;
  if (temperature !== null) parameters.temperature = temperature;
  if (chosen.topP != null) parameters.topP = chosen.topP;
  if (chosen.maxTokens != null) parameters.maxTokens = chosen.maxTokens;
  if (chosen.reasoningEffort != null) parameters.reasoningEffort = chosen.reasoningEffort;
  if (chosen.seed != null) parameters.seed = chosen.seed;
  if (chosen.stop != null && chosen.stop.length > 0) parameters.stop = chosen.stop;
  return parameters;
}
