/**
 * Above the composer while the next question goes to several models: one chip per model, each with
 * its own ×, and Clear. Removing down to one model leaves that one as the conversation's model.
 */
import { useChat, useSettings, useStores } from '../../store/context';
import { compareKey } from '../../store/comparison';
import type { ModelRef } from '../../store/conversation-model';
import { modelLabel } from '../model-list';
import './compare.css';

const NONE: readonly ModelRef[] = [];

/** The models the conversation's next question goes to, when several (else none). */
export function useCompareTargets(conversationId: string | null): readonly ModelRef[] {
  const targets = useChat((s) => s.compareTargets[compareKey(conversationId)] ?? NONE);
  return targets.length >= 2 ? targets : NONE;
}

export function CompareTargets({ conversationId }: { conversationId: string | null }) {
  const { chat } = useStores();
  const targets = useCompareTargets(conversationId);
  const view = useSettings((s) => s.view);
  const providers = view?.providers ?? [];
  if (targets.length === 0) return null;
  const label = (target: ModelRef) =>
    modelLabel(target.model, providers.find((p) => p.id === target.providerId)?.name ?? null);
  return (
    <div
      className="compare-targets"
      role="group"
      aria-label="Models the next question goes to"
      data-testid="compare-targets"
    >
      <span className="compare-targets-label">Ask {targets.length} models:</span>
      {targets.map((target) => (
        <span
          key={`${target.providerId}/${target.model}`}
          className="compare-chip"
          data-testid="compare-chip"
        >
          <span className="compare-chip-name">{label(target)}</span>
          <button
            type="button"
            className="compare-chip-remove"
            data-testid="compare-chip-remove"
            aria-label={`Do not ask ${label(target)}`}
            title="Do not ask this model"
            onClick={() =>
              void chat.setCompareTargets(
                conversationId,
                targets.filter((t) => t !== target),
              )
            }
          >
            ×
          </button>
        </span>
      ))}
      <button
        type="button"
        className="button button-small button-ghost"
        data-testid="compare-clear"
        onClick={() => void chat.setCompareTargets(conversationId, [])}
      >
        Clear
      </button>
    </div>
  );
}
