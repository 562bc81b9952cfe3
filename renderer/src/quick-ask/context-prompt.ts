/**
 * The question as sent and saved when it carries context (the clipboard or the selection): the
 * question first, then the context fenced off with a label, so the model reads which is which.
 */
import { oneLine } from '../chat/one-line';
import type { ShownContext } from './shown-signal';

export const QUICK_ASK_TAG = 'quick-ask';

const SOURCE_LABEL = { clipboard: 'from the clipboard', selection: 'selected text' } as const;

export function questionWithContext(question: string, context: ShownContext): string {
  const asked = question.trim();
  if (!context || context.text.trim() === '') return asked;
  // A fence longer than any run of backticks inside, so the context cannot close it early.
  const longest = Math.max(2, ...[...context.text.matchAll(/`+/g)].map((run) => run[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${asked}\n\nContext (${SOURCE_LABEL[context.source]}):\n${fence}\n${context.text}\n${fence}`;
}

const PREVIEW_CHARS = 80;
/** The expanded chip shows this much; a clipboard can hold megabytes, and all of it is still sent. */
export const SHOWN_CONTEXT_CHARS = 20_000;

/** The start of the context on one line, for the chip. */
export const contextPreview = (context: NonNullable<ShownContext>): string =>
  oneLine(context.text, PREVIEW_CHARS);

/** How the context chip names what it holds. */
export const contextSummary = (context: NonNullable<ShownContext>): string => {
  const chars = context.text.length;
  const what = context.source === 'selection' ? 'Selected text' : 'Clipboard';
  return `${what} · ${chars.toLocaleString('en')} character${chars === 1 ? '' : 's'}`;
};
