/** The words under an answer for each state of its stream (pure, so it is tested without a DOM). */
import type { UsageView } from '../../../preload/contract';
import type { MessageView, RetryInfo } from '../store/message-view';
import { oneLine } from './one-line';

export function secondsUntil(until: number, now: number): number {
  return Math.max(0, Math.ceil((until - now) / 1000));
}

/** Longer reasons are cut here; the whole reason stays in the element's title. */
const MAX_SHOWN_REASON = 140;

/**
 * "Retrying in 3 s (2/4): The server is overloaded (503)."; "Retrying now (2/4): …" once the wait is
 * over. The reason is said because a countdown alone leaves the user guessing whether to wait or act.
 */
export function retryText(retry: RetryInfo, now: number): string {
  const seconds = secondsUntil(retry.until, now);
  const when = seconds > 0 ? `in ${seconds} s` : 'now';
  const countdown = `Retrying ${when} (${retry.attempt}/${retry.of})`;
  const reason = oneLine(retry.reason, MAX_SHOWN_REASON);
  return reason === '' ? countdown : `${countdown}: ${reason}`;
}

/** A quiet note about how the answer ended or what happened on the way; null when nothing to say. */
export function answerNote(message: MessageView): string | null {
  if (message.status === 'cancelled') return 'Stopped';
  if (message.status === 'complete') {
    if (message.finishReason === 'length') return 'Cut off at the length limit';
    if (message.finishReason === 'content_filter')
      return "Stopped by the provider's content filter";
  }
  if (message.resumes > 0) return 'Resumed after a dropped connection';
  return null;
}

const count = new Intl.NumberFormat('en');

export function usageText(usage: UsageView): string {
  const parts = [
    `${count.format(usage.totalTokens)} tokens`,
    `${count.format(usage.promptTokens)} in`,
    `${count.format(usage.completionTokens)} out`,
  ];
  if (usage.reasoningTokens) parts.push(`${count.format(usage.reasoningTokens)} reasoning`);
  return parts.join(' · ');
}
