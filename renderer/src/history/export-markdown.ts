/**
 * One conversation as a Markdown document a person can read or paste elsewhere: the branch shown, or
 * every branch.
 *
 * Every branch is written flat, one `## Branch k of n` section per leaf, each starting where it leaves
 * the branches written before it (with a line saying which message it follows), the branch shown
 * first. Flat rather than nested "Version 2 of 3" headings because Markdown has six heading levels and
 * a conversation edited at three depths would run out of them, and deep nesting stops being readable
 * long before; because no message is written twice, so a tree with 200 branch points stays about the
 * size of its text; and because each section still reads top to bottom like a chat. Messages with other
 * versions say which one they are ("version 2 of 3"), as the pager in the app does.
 */
import { buildMessageTree, type MessageTree } from './message-tree';
import type { ConversationRecord, MessageRecord } from './types';

/** What to write: the branch the conversation shows (the default), or all of them. */
export interface MarkdownExportOptions {
  branches?: 'shown' | 'all';
}

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

const header = (conversation: ConversationRecord, extra: string | null = null): string[] => {
  const meta = [
    `Started ${isoDate(conversation.createdAt)}`,
    conversation.model ? `model ${conversation.model}` : null,
    conversation.tags.length ? `tags: ${conversation.tags.join(', ')}` : null,
    extra,
  ]
    .filter(Boolean)
    .join(' · ');
  return [`# ${conversation.title.replaceAll('\n', ' ') || 'Untitled'}`, `_${meta}_`];
};

const section = (message: MessageRecord, heading: string): string => {
  const lines = [heading];
  if (message.reasoning) lines.push(`${blockquote(`**Reasoning**\n\n${message.reasoning}`)}`);
  lines.push(message.content);
  const note = statusNote[message.status];
  if (note) lines.push(note);
  if (message.error) lines.push(`_Error: ${message.error.message}_`);
  return lines.join('\n\n');
};

/** The branch shown, oldest first. */
export const conversationToMarkdown = (
  conversation: ConversationRecord,
  messages: readonly MessageRecord[],
): string => {
  const parts = header(conversation);
  for (const message of messages) parts.push(section(message, `## ${roleHeading[message.role]}`));
  return `${parts.join('\n\n')}\n`;
};

/** The leaves of the tree in reading order: each version's subtree before the next version's. */
const leavesInOrder = (tree: MessageTree<MessageRecord>): MessageRecord[] => {
  const leaves: MessageRecord[] = [];
  const stack = [...tree.childrenOf(null)].reverse();
  for (let at = stack.pop(); at; at = stack.pop()) {
    const children = tree.childrenOf(at.id);
    if (children.length === 0) leaves.push(at);
    else stack.push(...[...children].reverse());
  }
  return leaves;
};

/** One line of a message, to say which message a branch follows. */
const excerpt = (text: string): string => {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 80 ? `${line.slice(0, 79).trimEnd()}…` : line;
};

/**
 * Every branch: `messages` are all of the conversation's, `shownLeafId` the leaf of the branch it shows
 * (null or unknown: the newest leaf). A conversation without branches reads as the default export.
 */
export const conversationTreeToMarkdown = (
  conversation: ConversationRecord,
  messages: readonly MessageRecord[],
  shownLeafId: string | null,
): string => {
  const tree = buildMessageTree(messages);
  const shown =
    (shownLeafId && tree.get(shownLeafId) ? tree.newestLeafUnder(shownLeafId) : null) ??
    tree.newestLeaf();
  const leaves = leavesInOrder(tree);
  if (leaves.length <= 1) {
    return conversationToMarkdown(conversation, shown ? tree.pathTo(shown.id) : []);
  }
  const ordered = shown ? [shown, ...leaves.filter((leaf) => leaf.id !== shown.id)] : leaves;
  const parts = header(conversation, `${ordered.length} branches, the one shown first`);
  /** The branch each message was written in. */
  const writtenIn = new Map<string, number>();
  ordered.forEach((leaf, index) => {
    const number = index + 1;
    const path = tree.pathTo(leaf.id);
    const start = path.findIndex((message) => !writtenIn.has(message.id));
    const title = `## Branch ${number} of ${ordered.length}${number === 1 ? ' (shown)' : ''}`;
    const lines = [title];
    const parent = start > 0 ? path[start - 1] : undefined;
    if (parent) {
      lines.push(
        `_Follows ${roleHeading[parent.role]} in branch ${writtenIn.get(parent.id)}: “${excerpt(parent.content)}”_`,
      );
    } else if (number > 1) {
      lines.push('_Starts with another version of the first message._');
    }
    parts.push(lines.join('\n\n'));
    for (const message of path.slice(start)) {
      writtenIn.set(message.id, number);
      const position = tree.siblingPosition(message.id);
      const version =
        position && position.count > 1 ? ` · version ${position.index} of ${position.count}` : '';
      parts.push(section(message, `### ${roleHeading[message.role]}${version}`));
    }
  });
  return `${parts.join('\n\n')}\n`;
};
