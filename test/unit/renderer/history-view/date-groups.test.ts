import { describe, expect, it } from 'vitest';
import {
  dateGroupLabel,
  groupConversations,
  msUntilNextDay,
} from '../../../../renderer/src/history-view/date-groups';
import type { ConversationRecord } from '../../../../renderer/src/history/types';

// Local time throughout, as the user sees it: 2025-05-14 15:30 local.
const now = new Date(2025, 4, 14, 15, 30).getTime();
const at = (y: number, m: number, d: number, h = 12) => new Date(y, m - 1, d, h).getTime();
const label = (time: number) => dateGroupLabel(time, { now, locale: 'en-US' });

const conversation = (id: string, updatedAt: number, pinned = false): ConversationRecord => ({
  id,
  title: id,
  createdAt: updatedAt,
  updatedAt,
  pinned,
  model: null,
  providerId: null,
  tags: [],
  currentLeafId: null,
});

describe('dateGroupLabel', () => {
  it('puts the boundaries at local midnights', () => {
    expect(label(at(2025, 5, 14, 0))).toBe('Today');
    expect(label(now + 60_000)).toBe('Today'); // a clock slightly ahead is still today
    expect(label(at(2025, 5, 13, 23))).toBe('Yesterday');
    expect(label(at(2025, 5, 13, 0))).toBe('Yesterday');
    expect(label(at(2025, 5, 12, 23))).toBe('Previous 7 days');
    expect(label(at(2025, 5, 7, 0))).toBe('Previous 7 days');
    expect(label(at(2025, 5, 6, 23))).toBe('Previous 30 days');
    expect(label(at(2025, 4, 14, 0))).toBe('Previous 30 days');
    expect(label(at(2025, 4, 13, 23))).toBe('April');
  });

  it('names months, with the year once it is not this year', () => {
    expect(label(at(2025, 1, 3))).toBe('January');
    expect(label(at(2024, 12, 31))).toBe('December 2024');
    expect(label(at(2023, 5, 14))).toBe('May 2023');
  });
});

describe('groupConversations', () => {
  it('puts pinned first under their own heading, then one heading per date group', () => {
    const rows = groupConversations(
      [
        conversation('pinned-old', at(2024, 1, 1), true),
        conversation('today', at(2025, 5, 14, 9)),
        conversation('today-2', at(2025, 5, 14, 8)),
        conversation('yesterday', at(2025, 5, 13)),
        conversation('week', at(2025, 5, 10)),
        conversation('april', at(2025, 4, 2)),
        conversation('march', at(2025, 3, 2)),
      ],
      { now, locale: 'en-US' },
    );
    expect(rows.map((row) => (row.kind === 'header' ? `# ${row.label}` : row.key))).toEqual([
      '# Pinned',
      'pinned-old',
      '# Today',
      'today',
      'today-2',
      '# Yesterday',
      'yesterday',
      '# Previous 7 days',
      'week',
      '# April',
      'april',
      '# March',
      'march',
    ]);
    // Header keys are unique, so the virtualiser can key rows by them.
    const keys = rows.map((row) => row.key);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('is empty for no conversations and handles 10,000 quickly', () => {
    expect(groupConversations([], { now })).toEqual([]);
    const many = Array.from({ length: 10_000 }, (_, i) =>
      conversation(`c${i}`, now - i * 3_600_000),
    );
    const started = performance.now();
    const rows = groupConversations(many, { now, locale: 'en-US' });
    expect(performance.now() - started).toBeLessThan(200);
    expect(rows.filter((row) => row.kind === 'conversation')).toHaveLength(10_000);
  });
});

describe('msUntilNextDay', () => {
  it('is the time to the next local midnight', () => {
    expect(msUntilNextDay(now)).toBe(at(2025, 5, 15, 0) - now);
  });
});
