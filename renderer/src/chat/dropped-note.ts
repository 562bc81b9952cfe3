/** The words for a parameter an answer went without, as its note says them. */
import type { DroppedParameterView } from '../../../preload/contract';

/** Each parameter as the panel names it (top_p keeps the API's spelling, as everywhere). */
const NAMES: Record<DroppedParameterView['parameter'], string> = {
  temperature: 'Temperature was',
  topP: 'top_p was',
  maxTokens: 'Max output tokens was',
  reasoningEffort: 'Reasoning effort was',
  seed: 'Seed was',
  stop: 'Stop sequences were',
};

/** "Temperature was not sent: this model refused it." */
export const droppedText = (entry: DroppedParameterView): string =>
  `${NAMES[entry.parameter]} not sent: this model refused it.`;
