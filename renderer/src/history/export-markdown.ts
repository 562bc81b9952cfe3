/** One conversation as a Markdown document a person can read or paste elsewhere. */
import type { ConversationRecord, MessageRecord } from './types';

const roleHeading: Record<MessageRecord['role'], string> = {
  system: 'System',
  user: 'You',
  assistant: 'Assistant',
};

const statusNote: Partial<Record<MessageRecord['status'], string>> = {
  streaming: '_(still being written when exported)_',
  interrupted: '_(interrupted: the answer stopped before it was finished)_',
  cancelled: '_(cancelled)_',
  error: '_(failed)_',
};

const isoDate = (ms: number): string =>
  new Date(ms).toISOString().replace('T', ' ').slice(0, 16) + ' UTC';

/** Quotes text as a Markdown blockquote, line by line. */
const blockquote = (text: string): string =>
  text
    .split('\n')
    .map((line) => (line ? `> ${line}` : '>'))
    .join('\n');

export const conversationToMarkdown = (
  conversation: ConversationRecord,
  messages: readonly MessageRecord[],
): string => {
  const meta = [
    `Started ${isoDate(conversation.createdAt)}`,
    conversation.model ? `model ${conversation.model}` : null,
    conversation.tags.length ? `tags: ${conversation.tags.join(', ')}` : null,
  ]
    .filter(Boolean)
    .join(' · ');
  const parts = [`# ${conversation.title.replaceAll('\n', ' ') || 'Untitled'}`, `_${meta}_`];
  for (const message of messages) {
    const section = [`## ${roleHeading[message.role]}`];
    if (message.reasoning) section.push(`${blockquote(`**Reasoning**\n\n${message.reasoning}`)}`);
    section.push(message.content);
    const note = statusNote[message.status];
    if (note) section.push(note);
    if (message.error) section.push(`_Error: ${message.error.message}_`);
    parts.push(section.join('\n\n'));
  }
  return `${parts.join('\n\n')}\n`;
};
