/**
 * How a comparison is laid out, and what each tab says of its answer. Pure, so the breakpoint and
 * the marks are tested without a browser.
 */
import type { MessageViewStatus } from '../../store/message-view';

/** The narrowest a column may be: a paragraph of prose still reads at about 30 characters a line. */
export const MIN_COLUMN_PX = 220;
export const COLUMN_GAP_PX = 16;

export type CompareLayout = 'columns' | 'tabs';

/**
 * Columns when every answer gets at least MIN_COLUMN_PX of the conversation's width, else tabs. By
 * the space the comparison has (not the window's width), so a sidebar or a narrow window counts: two
 * answers sit side by side from about 460 px, four from about 930 px (a 1,280 px window, with room
 * for a scroll bar).
 */
export function compareLayout(width: number, count: number): CompareLayout {
  if (count <= 1) return 'columns';
  return width >= count * MIN_COLUMN_PX + (count - 1) * COLUMN_GAP_PX ? 'columns' : 'tabs';
}

export interface AnswerMark {
  state: 'live' | 'failed' | 'stopped';
  symbol: string;
  /** Read after the model's name by screen readers. */
  words: string;
}

/** What a tab shows of its answer's state beside the model's name; null when it is complete. */
export function answerMark(status: MessageViewStatus): AnswerMark | null {
  switch (status) {
    case 'waiting':
    case 'streaming':
    case 'retrying':
      return { state: 'live', symbol: '●', words: 'writing' };
    case 'error':
    case 'interrupted':
      return { state: 'failed', symbol: '!', words: 'failed' };
    case 'cancelled':
      return { state: 'stopped', symbol: '■', words: 'stopped' };
    case 'complete':
      return null;
  }
}

/** The tab that arrow keys, Home and End move to from `index` among `count` tabs. */
export function tabAfterKey(key: string, index: number, count: number): number | null {
  if (count === 0) return null;
  if (key === 'ArrowRight') return (index + 1) % count;
  if (key === 'ArrowLeft') return (index - 1 + count) % count;
  if (key === 'Home') return 0;
  if (key === 'End') return count - 1;
  return null;
}
