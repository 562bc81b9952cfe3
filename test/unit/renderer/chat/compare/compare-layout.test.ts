import { describe, expect, it } from 'vitest';
import {
  answerMark,
  compareLayout,
  tabAfterKey,
} from '../../../../../renderer/src/chat/compare/compare-layout';

describe('compareLayout', () => {
  it('puts answers in columns when each gets 220 px, else in tabs', () => {
    expect(compareLayout(456, 2)).toBe('columns');
    expect(compareLayout(455, 2)).toBe('tabs');
    // A 1280 px window leaves the answers about 965 px beside the sidebar and a scroll bar.
    expect(compareLayout(965, 4)).toBe('columns');
    expect(compareLayout(927, 4)).toBe('tabs');
    // A 640 px window (the sidebar a drawer): two side by side, three or four as tabs.
    expect(compareLayout(585, 2)).toBe('columns');
    expect(compareLayout(585, 3)).toBe('tabs');
  });
});

describe('answerMark', () => {
  it('marks answers being written, failed or stopped, and nothing for a complete one', () => {
    expect(answerMark('streaming')?.state).toBe('live');
    expect(answerMark('retrying')?.words).toBe('writing');
    expect(answerMark('error')?.state).toBe('failed');
    expect(answerMark('interrupted')?.state).toBe('failed');
    expect(answerMark('cancelled')?.state).toBe('stopped');
    expect(answerMark('complete')).toBeNull();
  });
});

describe('tabAfterKey', () => {
  it('moves by arrows with wrap-around, and to the ends by Home and End', () => {
    expect(tabAfterKey('ArrowRight', 3, 4)).toBe(0);
    expect(tabAfterKey('ArrowLeft', 0, 4)).toBe(3);
    expect(tabAfterKey('Home', 2, 4)).toBe(0);
    expect(tabAfterKey('End', 0, 4)).toBe(3);
    expect(tabAfterKey('Enter', 0, 4)).toBeNull();
  });
});
