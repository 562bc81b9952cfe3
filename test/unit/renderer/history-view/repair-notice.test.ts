import { describe, expect, it } from 'vitest';
import { repairSummary } from '../../../../renderer/src/history-view/repair-notice';

const report = (recovered: number, expected: number | null, placeholders = 0) => ({
  conversations: { recovered: 40 - placeholders, expected: 40 },
  messages: { recovered, expected },
  placeholders,
});

describe('the repair notice', () => {
  it('says how much of how much came back, and that the damaged file is kept', () => {
    expect(repairSummary(report(1234, 1300))).toBe(
      'Recovered 1,234 of about 1,300 messages from a damaged history; the damaged file is kept.',
    );
    expect(repairSummary(report(1200, 1200))).toBe(
      'All 1,200 messages were recovered from a damaged history; the damaged file is kept.',
    );
    expect(repairSummary(report(12, null))).toBe(
      'Recovered 12 messages from a damaged history; the damaged file is kept.',
    );
  });

  it('names the placeholder conversations, and a repair that could not say', () => {
    expect(repairSummary(report(1200, 1200, 3))).toMatch(
      /3 conversations whose titles were lost are now called “Recovered conversation”\.$/,
    );
    expect(repairSummary(null)).toBe(
      'History was damaged. Runnel started a new history and kept the damaged file.',
    );
  });
});
