/** How the import summary names the conversations an import left out (and what Copy puts on the clipboard). */
import type { SkippedConversation } from '../history/types';

/** “Trip to Kyoto” (conversations.json item 3): why. Untitled ones by their id, else by where they are. */
export const skippedLine = ({ title, id, where, reason }: SkippedConversation): string => {
  const name = title ? `“${title}”` : id ? `The conversation with id ${id}` : 'An entry';
  return `${name} (${where}) was not imported: ${reason}.`;
};

/** The whole list as plain text, one conversation a line, headed by the file it came from. */
export const skippedReport = (file: string, skipped: readonly SkippedConversation[]): string =>
  [
    `Not imported from “${file}” (${skipped.length} ${skipped.length === 1 ? 'conversation' : 'conversations'}):`,
    ...skipped.map(skippedLine),
  ].join('\n');
