/**
 * Conversation titles: the prompt that asks the model for one, and the cleaning of its answer. The
 * fallback (the first words of the question) is the store's `titleFrom`, which every new
 * conversation starts with.
 */
import type { ChatMessageView } from '../../../preload/contract';

/** Titles longer than this read as sentences, not titles; the answer is rejected. */
const MAX_TITLE = 60;
/** Enough of the exchange to name it; the whole answer would only cost tokens. */
const EXCERPT = 600;

const excerpt = (text: string): string =>
  text.length <= EXCERPT ? text : `${text.slice(0, EXCERPT)}…`;

/** One user message: a system prompt of our own would be replaced by main's from settings. */
export function titlePrompt(question: string, answer: string): ChatMessageView[] {
  return [
    {
      role: 'user',
      content: [
        'Write a short title, 2 to 6 words, for the conversation below.',
        'Use the language of the question. Reply with the title only: no quotes, no final full stop.',
        '',
        `Question: ${excerpt(question)}`,
        '',
        `Answer: ${excerpt(answer)}`,
      ].join('\n'),
    },
  ];
}

/**
 * The model's reply made into a title, or null when it is not one (empty, a paragraph, a refusal
 * that rambles on): then the first words of the question stay.
 */
export function cleanModelTitle(raw: string): string | null {
  const firstLine =
    raw
      .replace(/<think>[\s\S]*?<\/think>/gi, '')
      .split('\n')
      .map((line) => line.trim())
      .find((line) => line.length > 0) ?? '';
  let title = firstLine.replace(/^(#+\s*|\*\*|title\s*:\s*)/i, '').replace(/\*\*$/, '');
  // Quotes and a final stop come in either order ("Title." / “标题”。): strip until nothing changes.
  for (let previous = ''; previous !== title;) {
    previous = title;
    title = title
      .replace(/^["'“”‘’«»「」`]+|["'“”‘’«»「」`]+$/gu, '')
      .replace(/[.。!！]+$/u, '')
      .trim();
  }
  title = title.replace(/\s+/g, ' ');
  if (title.length === 0 || title.length > MAX_TITLE) return null;
  return title;
}
