/**
 * Which model wrote an answer ("gpt-4o-mini · OpenAI"), and the parameters it went without because
 * the provider refused them. Both are stored with the answer, so they read the same after a reload.
 */
import type { DroppedParameterView } from '../../../preload/contract';
import { useSettings } from '../store/context';
import { droppedText } from './dropped-note';
import { modelLabel } from './model-list';

export function AnswerModel({ model, providerId }: { model: string; providerId?: string }) {
  const providerName = useSettings(
    (s) => s.view?.providers.find((p) => p.id === providerId)?.name ?? null,
  );
  return (
    <p className="answer-model" data-testid="answer-model">
      {modelLabel(model, providerName)}
    </p>
  );
}

export function DroppedNote({ dropped }: { dropped: readonly DroppedParameterView[] }) {
  return (
    <ul className="dropped-note" data-testid="dropped-note" aria-label="Parameters not sent">
      {dropped.map((entry) => (
        <li key={entry.parameter} title={entry.reason}>
          {droppedText(entry)}
        </li>
      ))}
    </ul>
  );
}
