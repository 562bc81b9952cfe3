/**
 * Several models answering one question at once: which models the next question goes to, and the
 * answers of a comparison under way. Both live in memory only. The answers themselves are ordinary
 * sibling answers in history, each recording its model, so after a reload (or "Continue with this
 * one") they are versions to page through like any regenerated answer.
 */
import type { ModelRef } from './conversation-model';

/** At most this many models answer one question: four columns still read side by side. */
export const MAX_COMPARED = 4;

/** The key of a new chat not saved yet in `compareTargets` (never a conversation id). */
export const NEW_CHAT_KEY = '';

export interface Comparison {
  questionId: string;
  /** One answer per model, in the order the models were chosen (columns and tabs follow it). */
  answerIds: readonly string[];
}

export const compareKey = (conversationId: string | null): string => conversationId ?? NEW_CHAT_KEY;

export const sameModel = (a: ModelRef, b: ModelRef): boolean =>
  a.providerId === b.providerId && a.model === b.model;

/** The targets with `model` added, or taken out when it is there already; null when full. */
export function toggledTarget(
  targets: readonly ModelRef[],
  model: ModelRef,
): readonly ModelRef[] | null {
  if (targets.some((target) => sameModel(target, model)))
    return targets.filter((target) => !sameModel(target, model));
  if (targets.length >= MAX_COMPARED) return null;
  return [...targets, model];
}

/** The comparison a message is one of the answers of, if any. */
export function comparisonWith(
  comparisons: Readonly<Record<string, Comparison>>,
  conversationId: string,
  messageId: string,
): Comparison | null {
  const comparison = comparisons[conversationId];
  return comparison?.answerIds.includes(messageId) ? comparison : null;
}

/** Every message a comparison keeps in memory, shown or not. */
export function comparedIds(comparisons: Readonly<Record<string, Comparison>>): Set<string> {
  const ids = new Set<string>();
  for (const comparison of Object.values(comparisons))
    for (const id of comparison.answerIds) ids.add(id);
  return ids;
}
