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
import type { ConversationRecord, MessageRecord, ToolCallRecord } from './types';

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

/** A fence longer than any run of backticks in `text`, so the text cannot close it. */
const fenced = (text: string, language = ''): string => {
  const longest = Math.max(2, ...Array.from(text.matchAll(/`+/g), (run) => run[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${language}\n${text}\n${fence}`;
};

/** A result is folded to this many characters: the export is for reading, the app keeps the rest. */
const resultExcerptChars = 2_000;

const outcomeWords: Record<NonNullable<ToolCallRecord['result']>['outcome'], string> = {
  ran: 'ran',
  failed: 'failed',
  denied: 'denied',
  timed_out: 'timed out',
  invalid: 'invalid arguments',
  cancelled: 'cancelled',
};

/** Pretty JSON when the arguments are JSON, else as the model wrote them. */
const prettyArguments = (text: string): string => {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
};

/**
 * One tool call: its name and how it ended on one line, the arguments in a JSON block, and the
 * result in a plain block, cut to `resultExcerptChars` with how much was left out.
 */
const toolCallMarkdown = (call: ToolCallRecord): string => {
  const facts = call.result
    ? [
        outcomeWords[call.result.outcome],
        call.result.isError && call.result.outcome === 'ran' ? 'error' : null,
        `${Math.round(call.result.durationMs)} ms`,
      ].filter(Boolean)
    : [];
  const lines = [`**Tool call** \`${call.name}\`${facts.length ? ` · ${facts.join(' · ')}` : ''}`];
  lines.push(fenced(prettyArguments(call.arguments), 'json'));
  if (call.problem) lines.push(`_${call.problem}_`);
  const result = call.result?.content ?? '';
  if (result !== '') {
    const more = result.length - resultExcerptChars;
    const excerpt = more > 0 ? `${result.slice(0, resultExcerptChars)}…` : result;
    lines.push(fenced(excerpt));
    if (more > 0) lines.push(`_(${more.toLocaleString('en-US')} more characters of the result)_`);
  }
  const media = call.result?.media ?? [];
  if (media.length > 0) lines.push(media.map((one) => `- ${mediaMarkdown(one)}`).join('\n'));
  return lines.join('\n\n');
};

/**
 * An image of a result as a line saying what it was (the picture stays in Runnel: a data URL would
 * make the document unreadable as text), a link as a link where it is http or https, else as code.
 */
const mediaMarkdown = (
  media: NonNullable<NonNullable<ToolCallRecord['result']>['media']>[number],
): string => {
  if (media.kind === 'image') {
    const kb = Math.max(1, Math.round((media.data.length * 3) / 4 / 1024));
    return `_Image (${media.mimeType}, ${kb} KB), kept in Runnel_`;
  }
  const name = media.name.replace(/[\\`*_[\]<>]/g, (char) => `\\${char}`);
  if (/^https?:\/\//i.test(media.uri)) {
    return `[${name}](<${media.uri.replace(/[<>\s]/g, encodeURIComponent)}>)`;
  }
  return `${name}: ${inlineCode(media.uri)}`;
};

/** Text as inline code, with a backtick run longer than any inside it. */
const inlineCode = (text: string): string => {
  const longest = Math.max(0, ...Array.from(text.matchAll(/`+/g), (run) => run[0].length));
  const ticks = '`'.repeat(longest + 1);
  return `${ticks} ${text} ${ticks}`;
};

/** The answer's text with each tool call written under the text that came before it. */
const contentWithTools = (message: MessageRecord): string[] => {
  const calls = message.toolActivity?.calls ?? [];
  if (calls.length === 0) return [message.content];
  const parts: string[] = [];
  let from = 0;
  const ordered = [...calls].sort((a, b) => a.at - b.at);
  for (const call of ordered) {
    const at = Math.min(Math.max(from, call.at), message.content.length);
    if (at > from) parts.push(message.content.slice(from, at));
    parts.push(toolCallMarkdown(call));
    from = at;
  }
  if (from < message.content.length) parts.push(message.content.slice(from));
  return parts;
};

const section = (message: MessageRecord, heading: string): string => {
  const lines = [heading];
  if (message.reasoning) lines.push(`${blockquote(`**Reasoning**\n\n${message.reasoning}`)}`);
  lines.push(...contentWithTools(message));
  if (message.toolActivity?.stepLimit !== undefined) {
    lines.push(
      `_(stopped after ${message.toolActivity.stepLimit} rounds of tool calls, the most one answer may take)_`,
    );
  }
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
