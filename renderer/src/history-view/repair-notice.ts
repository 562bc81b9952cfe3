/** What the window says after history was found damaged and repaired (history/salvage.ts). */
import type { SalvageReport } from '../history/salvage';

const count = (n: number, one: string, many: string): string =>
  `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/**
 * "Recovered 1,234 of about 1,300 messages from a damaged history": about, because what the damaged
 * file held is counted from its indexes, which may be damaged too. Null report: the repair stopped
 * before it could say.
 */
export const repairSummary = (report: SalvageReport | null): string => {
  if (!report)
    return 'History was damaged. Runnel started a new history and kept the damaged file.';
  const { recovered, expected } = report.messages;
  const lost =
    report.conversations.expected !== null &&
    report.conversations.recovered < report.conversations.expected
      ? ` ${count(report.placeholders, 'conversation whose title was lost is', 'conversations whose titles were lost are')} now called “Recovered conversation”.`
      : '';
  const what =
    expected === null
      ? `Recovered ${count(recovered, 'message', 'messages')} from a damaged history`
      : recovered >= expected
        ? `All ${count(recovered, 'message', 'messages')} ${recovered === 1 ? 'was' : 'were'} recovered from a damaged history`
        : `Recovered ${recovered.toLocaleString('en-US')} of about ${count(expected, 'message', 'messages')} from a damaged history`;
  return `${what}; the damaged file is kept.${report.placeholders > 0 ? lost : ''}`;
};
