/**
 * The conversation list as rows: pinned conversations on top, then the rest under date headings
 * (Today, Yesterday, Previous 7 days, Previous 30 days, then months), the way people scan a history.
 * Pure, so the boundaries are tested without a clock or a DOM.
 */
import type { ConversationRecord } from '../history/types';

export type ListRow =
  | { kind: 'header'; key: string; label: string }
  | { kind: 'conversation'; key: string; conversation: ConversationRecord };

/** Local midnight `days` days before `now`'s day; built from calendar parts so DST shifts do not matter. */
const startOfDay = (now: Date, daysBack: number): number =>
  new Date(now.getFullYear(), now.getMonth(), now.getDate() - daysBack).getTime();

export interface GroupOptions {
  now: number;
  locale?: string;
}

/**
 * A labeller for one moment: the day boundaries and month names are worked out once, because
 * formatting a date is far slower than comparing numbers and the list may hold 10,000 rows.
 */
export function dateGroupLabeller({ now, locale }: GroupOptions): (at: number) => string {
  const today = new Date(now);
  const boundaries: Array<[number, string]> = [
    [startOfDay(today, 0), 'Today'],
    [startOfDay(today, 1), 'Yesterday'],
    [startOfDay(today, 7), 'Previous 7 days'],
    [startOfDay(today, 30), 'Previous 30 days'],
  ];
  const thisYear = new Intl.DateTimeFormat(locale, { month: 'long' });
  const otherYear = new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric' });
  const months = new Map<number, string>();
  return (at) => {
    for (const [start, label] of boundaries) if (at >= start) return label;
    const date = new Date(at);
    const month = date.getFullYear() * 12 + date.getMonth();
    let label = months.get(month);
    if (label === undefined) {
      const format = date.getFullYear() === today.getFullYear() ? thisYear : otherYear;
      label = format.format(date);
      months.set(month, label);
    }
    return label;
  };
}

/** The heading a conversation last active at `at` falls under, seen at `now` (local time). */
export function dateGroupLabel(at: number, options: GroupOptions): string {
  return dateGroupLabeller(options)(at);
}

/**
 * Rows for the list. Expects conversations pinned first, then newest first (as the store returns
 * them); a heading is emitted whenever the group changes, so the order is never second-guessed here.
 */
export function groupConversations(
  conversations: readonly ConversationRecord[],
  options: GroupOptions,
): ListRow[] {
  const labelOf = dateGroupLabeller(options);
  const rows: ListRow[] = [];
  let current: string | null = null;
  for (const conversation of conversations) {
    const label = conversation.pinned ? 'Pinned' : labelOf(conversation.updatedAt);
    if (label !== current) {
      rows.push({ kind: 'header', key: `header:${label}:${rows.length}`, label });
      current = label;
    }
    rows.push({ kind: 'conversation', key: conversation.id, conversation });
  }
  return rows;
}

/** How long until the grouping can change (the next local midnight), so the list regroups on time. */
export function msUntilNextDay(now: number): number {
  return Math.max(1_000, startOfDay(new Date(now), -1) - now);
}
