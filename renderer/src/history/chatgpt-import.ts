/**
 * ChatGPT's data export (`conversations.json`, or each `conversations-NNN.json` of newer, split exports)
 * → conversations and messages. Each conversation's messages form a tree under `mapping` (edits and
 * regenerations are branches), and every branch is kept; the one shown is the branch that ends at
 * `current_node`, which is what the person last saw, or, when `current_node` is missing or names no node,
 * the newest leaf's (the import summary counts those). Hidden system context, system messages and tool
 * traffic (browsing, code output, memory notes, tool calls) are skipped, their children kept under the
 * nearest message shown above them; the text of multimodal and code parts is kept, images and audio as
 * placeholders.
 *
 * A conversation that cannot be read (no messages, a damaged entry) is left out and named with why; the
 * rest imports. ChatGPT's private-use citation markers become the readable form it shows, or nothing.
 *
 * Accepted top levels: a list of conversations (the export itself), one conversation object (per-chat
 * files of browser exporters, the API's own response) and `{ "conversations": [...] }` (some tools wrap
 * the list). Anything else is refused with a message that says what the file is.
 */
import { z } from 'zod';
import type { ConversationBundle } from './backup';
import { backupFormat } from './backup';
import { historyError } from './history-errors';
import { describeForeignJson, describeJsonValue, describeNonJson } from './import-sniff';
import { buildMessageTree, type TreeLink } from './message-tree';
import type { ChatGptAssetRef } from './chatgpt-assets';
import { assetRefsById, assetsById, imageAttachmentsOf, uploadsFor } from './chatgpt-assets';
import { createConversationStream, NotJson, Truncated, type StreamedTop } from './chatgpt-stream';
import type { ChatGptAsset, ChatGptFile, MessageRecord, SkippedConversation } from './types';

/** Seconds as ChatGPT writes them (floats); numbers from other tools may be ms or ISO strings. */
const timeSchema = z.union([z.number(), z.string()]).nullish();

const messageSchema = z.looseObject({
  id: z.string().nullish(),
  author: z.looseObject({ role: z.string(), name: z.string().nullish() }).nullish(),
  create_time: timeSchema,
  update_time: timeSchema,
  // ChatGPT writes a few messages without content (failed generations): they are skipped.
  content: z.looseObject({ content_type: z.string() }).nullish(),
  recipient: z.string().nullish(),
  metadata: z.record(z.string(), z.unknown()).nullish(),
});

const nodeSchema = z.looseObject({
  message: messageSchema.nullish(),
  parent: z.string().nullish(),
  // Some exports leave `children` out of every node; the tree is rebuilt from `parent`.
  children: z.array(z.string()).nullish(),
});

const conversationSchema = z.looseObject({
  id: z.string().nullish(),
  conversation_id: z.string().nullish(),
  title: z.string().nullish(),
  create_time: timeSchema,
  update_time: timeSchema,
  mapping: z.record(z.string(), nodeSchema).nullish(),
  current_node: z.string().nullish(),
  default_model_slug: z.string().nullish(),
});

type ChatGptNode = z.infer<typeof nodeSchema>;
type ChatGptMessage = z.infer<typeof messageSchema>;
type ChatGptConversation = z.infer<typeof conversationSchema>;
type Mapping = Record<string, ChatGptNode>;

const maxTitleLength = 200;
const derivedTitleLength = 80;

const fail = (message: string): never => {
  throw historyError('invalid-chatgpt-export', `${message} Nothing was imported.`);
};

/** One conversation that cannot be read: it is left out, and the summary says why. */
class Unreadable extends Error {}

/** Epoch ms from seconds (ChatGPT), ms (values past the year 5000 in seconds) or a date string. */
const toMs = (value: number | string | null | undefined): number | null => {
  let number = typeof value === 'string' ? Number(value) : value;
  if (typeof value === 'string' && !Number.isFinite(number)) number = Date.parse(value) / 1000;
  if (typeof number !== 'number' || !Number.isFinite(number) || number <= 0) return null;
  return Math.round(number > 1e11 ? number : number * 1000);
};

const asRecord = (value: unknown): Record<string, unknown> | null =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;

const stringField = (record: Record<string, unknown> | null, key: string): string =>
  typeof record?.[key] === 'string' ? record[key] : '';

// Control characters and bidirectional overrides: they can hide or reorder what a title shows.
const invisible =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** One line of plain text, at most `max` characters. Markup stays as text: the UI never renders it. */
const oneLine = (text: string, max: number): string => {
  const line = text.replace(invisible, '').replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1).trimEnd()}…` : line;
};

/** The text of one part: strings as they are, transcripts and other text, placeholders for media. */
const partText = (part: unknown): string => {
  if (typeof part === 'string') return part;
  const record = asRecord(part);
  if (!record) return '';
  if (typeof record.text === 'string') return record.text;
  const type = stringField(record, 'content_type');
  if (type === 'image_asset_pointer') {
    const prompt = stringField(asRecord(asRecord(record.metadata)?.dalle), 'prompt');
    return prompt ? `[image: ${oneLine(prompt, 200)}]` : '[image]';
  }
  if (type.includes('audio')) return '[audio]';
  if (type.includes('video')) return '[video]';
  return '';
};

/** Parts joined; an audio placeholder only when the message has no transcript of it. */
const partsText = (parts: unknown): string => {
  const texts = (Array.isArray(parts) ? parts : []).map(partText).filter(Boolean);
  const spoken = texts.filter((text) => text !== '[audio]');
  return (spoken.length ? spoken : texts).join('\n');
};

const fenced = (language: string, code: string): string =>
  `\`\`\`${language}\n${code.replace(/\n$/, '')}\n\`\`\``;

/** A Canvas document the assistant created (`canmore.create_textdoc`): its content, as ChatGPT shows it. */
const canvasText = (content: Record<string, unknown>): string => {
  try {
    const doc = asRecord(JSON.parse(stringField(content, 'text')));
    const text = stringField(doc, 'content');
    const type = stringField(doc, 'type');
    if (!text) return '';
    return type.startsWith('code/') ? fenced(type.slice(5).replace('other', ''), text) : text;
  } catch {
    return '';
  }
};

/** Visible text and reasoning of one message, or null when ChatGPT does not show it. */
const messageText = (
  message: ChatGptMessage,
  content: Record<string, unknown>,
): { text: string; reasoning: string } | null => {
  const role = message.author?.role;
  const recipient = message.recipient ?? 'all';
  const type = stringField(content, 'content_type');
  if (role === 'tool') {
    // Tool output is the model's input, except the images a tool made (DALL·E, image generation).
    const images = (Array.isArray(content.parts) ? content.parts : [])
      .filter((part) => stringField(asRecord(part), 'content_type') === 'image_asset_pointer')
      .map(partText);
    return images.length ? { text: images.join('\n'), reasoning: '' } : null;
  }
  if (recipient !== 'all') {
    // Calls to tools (browser searches, DALL·E prompts, memory notes) are not shown, except the code
    // ChatGPT runs (shown as the analysis) and a Canvas document's first version.
    if (recipient === 'python' && type === 'code') {
      const language = stringField(content, 'language');
      return {
        text: fenced(language === 'unknown' ? 'python' : language, stringField(content, 'text')),
        reasoning: '',
      };
    }
    if (recipient === 'canmore.create_textdoc') return { text: canvasText(content), reasoning: '' };
    return null;
  }
  switch (type) {
    case 'text':
    case 'multimodal_text':
      return { text: partsText(content.parts), reasoning: '' };
    case 'code': {
      const language = stringField(content, 'language');
      return {
        text: fenced(language === 'unknown' ? '' : language, stringField(content, 'text')),
        reasoning: '',
      };
    }
    case 'thoughts': {
      const thoughts = Array.isArray(content.thoughts) ? content.thoughts : [];
      const reasoning = thoughts
        .map((thought) => {
          const record = asRecord(thought);
          return [stringField(record, 'summary'), stringField(record, 'content')]
            .filter(Boolean)
            .join('\n');
        })
        .filter(Boolean)
        .join('\n\n');
      return { text: '', reasoning };
    }
    case 'tether_quote': {
      const text = stringField(content, 'text');
      return { text: text ? `> ${text.replaceAll('\n', '\n> ')}` : '', reasoning: '' };
    }
    case 'reasoning_recap':
    case 'user_editable_context':
    case 'model_editable_context':
    case 'tether_browsing_display':
    case 'execution_output':
    case 'system_error':
    case 'sonic_webpage':
      return null;
    default:
      // Unknown kinds from newer exports: keep any plain text they carry rather than lose it.
      if (typeof content.text === 'string') return { text: content.text, reasoning: '' };
      if (Array.isArray(content.parts)) return { text: partsText(content.parts), reasoning: '' };
      return null;
  }
};

/** The file ids of a message's image parts (`file-service://file-…`, `sediment://file_…`). */
const imagePartIds = (content: Record<string, unknown> | null): Set<string> =>
  new Set(
    (Array.isArray(content?.parts) ? content.parts : []).flatMap((part: unknown) => {
      const record = asRecord(part);
      if (stringField(record, 'content_type') !== 'image_asset_pointer') return [];
      const pointer = stringField(record, 'asset_pointer');
      return pointer ? [pointer.replace(/^[a-z-]+:\/\//, '')] : [];
    }),
  );

const imageName = /\.(jpe?g|png|gif|webp|heic|heif|bmp|tiff?|avif)$/i;

/**
 * Files attached to a message, as "[file: report.pdf]" lines. An image is usually both an attachment
 * and an image part (the real export gives the attachment no media type, only the part's file id, its
 * size and a name such as "….jpeg"): the part shows it, once. An image attachment with no part left
 * in the message is named instead.
 */
const attachedFiles = (
  message: ChatGptMessage,
  content: Record<string, unknown> | null,
): string[] => {
  const shownAsParts = imagePartIds(content);
  return (Array.isArray(message.metadata?.attachments) ? message.metadata.attachments : []).flatMap(
    (attachment: unknown) => {
      const record = asRecord(attachment);
      const name = oneLine(stringField(record, 'name'), 200);
      const type = stringField(record, 'mimeType') || stringField(record, 'mime_type');
      const image =
        type.startsWith('image/') || typeof record?.width === 'number' || imageName.test(name);
      if (shownAsParts.has(stringField(record, 'id')) || (image && shownAsParts.size > 0))
        return [];
      if (!name) return [];
      return [image ? `[image: ${name}]` : `[file: ${name}]`];
    },
  );
};

const privateUse = /[\ue200-\ue206]/;
/** `\ue200<kind>\ue202<argument>…\ue201`: a citation, an entity, a group of images, a list of links. */
const markers = /\ue200([^\ue200-\ue206]*)((?:\ue202[^\ue200-\ue206]*)*)\ue201/g;

/** An entity marker's name: `\ue200entity\ue202["people","Ada Lovelace",…]\ue201` shows "Ada Lovelace". */
const entityName = (argument: string): string => {
  try {
    const value: unknown = JSON.parse(argument.split('\ue202')[1] ?? '');
    return Array.isArray(value) && typeof value[1] === 'string' ? value[1] : '';
  } catch {
    return '';
  }
};

/**
 * ChatGPT's answers carry private-use markers (U+E200–U+E206) that its app draws as citations and
 * highlights: `\ue200cite\ue202turn0search1\ue201`, spans between U+E203 and U+E204. A marker that
 * the message's `content_references` knows becomes what ChatGPT shows for it (its `alt`: for a web
 * source "([Google Developers](https://…))", for a hidden one nothing); an entity becomes its name;
 * anything else goes, so no raw private-use character reaches the text.
 */
const withoutMarkers = (text: string, references: unknown): string => {
  if (!privateUse.test(text)) return text;
  let out = text;
  for (const reference of Array.isArray(references) ? references : []) {
    const record = asRecord(reference);
    const matched = stringField(record, 'matched_text');
    if (matched && privateUse.test(matched))
      out = out.replaceAll(matched, oneLine(stringField(record, 'alt'), 2000));
  }
  return out
    .replace(markers, (_marker, kind: string, argument: string) =>
      kind === 'entity' ? entityName(argument) : '',
    )
    .replace(/[\ue200-\ue206]/g, '');
};

const isHidden = (message: ChatGptMessage): boolean => {
  const metadata = message.metadata ?? {};
  return (
    metadata.is_visually_hidden_from_conversation === true ||
    metadata.is_user_system_message === true
  );
};

const finishReason = (message: ChatGptMessage): string | null => {
  const type = asRecord(message.metadata?.finish_details)?.type;
  if (type === 'stop') return 'stop';
  if (type === 'max_tokens') return 'length';
  return typeof type === 'string' ? type : null;
};

interface Converted {
  bundle: ConversationBundle;
  sourceUpdatedAt: number;
  nodes: number;
  /** `current_node` was missing or named no node: the conversation shows its newest leaf. */
  newestLeafShown: boolean;
}

/** A node ChatGPT shows, as it will be stored. */
interface Visible {
  nodeId: string;
  role: MessageRecord['role'];
  text: string;
  reasoning: string;
  message: ChatGptMessage;
}

/** What one node shows, if anything: its text, or only reasoning for the answer below it. */
const visibleOf = (
  nodeId: string,
  node: ChatGptNode | undefined,
): Visible | { reasoning: string } | null => {
  const message = node?.message;
  const content = asRecord(message?.content);
  const role = message?.author?.role;
  if (!message || !content || isHidden(message)) return null;
  if (role !== 'user' && role !== 'assistant' && role !== 'tool') return null;
  const extracted = messageText(message, content);
  if (!extracted) return null;
  extracted.text = withoutMarkers(extracted.text, message.metadata?.content_references);
  extracted.reasoning = withoutMarkers(extracted.reasoning, null);
  if (role === 'user') {
    extracted.text = [...attachedFiles(message, content), extracted.text]
      .filter(Boolean)
      .join('\n');
  }
  // A thoughts node carries the reasoning of the answer that follows it.
  if (!extracted.text.trim())
    return extracted.reasoning ? { reasoning: extracted.reasoning } : null;
  const shownRole = role === 'user' ? 'user' : 'assistant';
  return { nodeId, role: shownRole, text: extracted.text, reasoning: '', message };
};

/** What a walk down the tree carries from a node to its children. */
interface Below {
  /** The nearest message kept above (the stored parent of the next one kept), null at the top. */
  parentId: string | null;
  /** Reasoning of thoughts nodes above, not yet given to an answer. */
  reasoning: string;
}

/**
 * Every branch of the conversation (its `mapping` is a tree: edits and regenerations are siblings).
 * Nodes ChatGPT does not show (hidden context, system, tool traffic) are left out and their children
 * hang from the nearest message kept above them. The branch shown is `current_node`'s; without one,
 * or when it names no node, the newest leaf's, and the summary says so.
 */
const convert = (
  conversation: ChatGptConversation,
  mapping: Mapping,
  assets: ReadonlyMap<string, ChatGptAssetRef>,
): Converted => {
  const rawTitle = oneLine(conversation.title ?? '', maxTitleLength);
  const sourceId = conversation.conversation_id ?? conversation.id;
  if (!sourceId) throw new Unreadable('it has neither "conversation_id" nor "id"');
  const conversationId = `chatgpt-${sourceId}`;
  const recordId = (nodeId: string) => `${conversationId}-${nodeId}`;

  // Parents as the tree reads them: a missing parent or a parent loop makes a node a first one, so a
  // damaged tree shows what it has rather than nothing. Children are rebuilt from `parent`.
  const nodes = buildMessageTree(
    Object.entries(mapping).map(([id, node]) => ({
      id,
      parentId: node.parent ?? null,
      createdAt: toMs(node.message?.create_time) ?? 0,
    })),
  );

  // Parents before children, without recursion: a 10,000-message thread is as deep as it is long.
  const kept: Array<Visible & { parentId: string | null }> = [];
  /** Each node's nearest kept message at or above it, to find the leaf `current_node` shows. */
  const keptAt = new Map<string, string | null>();
  const stack: Array<{ nodeId: string; above: Below }> = nodes
    .childrenOf(null)
    .map((root) => ({ nodeId: root.id, above: { parentId: null, reasoning: '' } }))
    .reverse();
  for (let next = stack.pop(); next; next = stack.pop()) {
    const { nodeId, above } = next;
    const shown = visibleOf(nodeId, mapping[nodeId]);
    let below = above;
    if (shown && 'message' in shown) {
      kept.push({
        ...shown,
        reasoning: shown.role === 'assistant' ? above.reasoning : '',
        parentId: above.parentId,
      });
      below = {
        parentId: recordId(nodeId),
        reasoning: shown.role === 'assistant' ? '' : above.reasoning,
      };
    } else if (shown) {
      below = {
        ...above,
        reasoning: (above.reasoning ? `${above.reasoning}\n\n` : '') + shown.reasoning,
      };
    }
    keptAt.set(nodeId, below.parentId);
    const children = nodes.childrenOf(nodeId);
    for (let i = children.length - 1; i >= 0; i -= 1)
      stack.push({ nodeId: (children[i] as TreeLink).id, above: below });
  }

  // Times: a conversation starts no later than its first message (a chat branched off another keeps the
  // older messages' times), and a message is never older than the one it follows. Missing times take
  // the one before.
  const messageTimes = kept
    .map((v) => toMs(v.message.create_time))
    .filter((time): time is number => time !== null);
  const knownTimes = [
    toMs(conversation.create_time),
    messageTimes.length ? messageTimes.reduce((a, b) => Math.min(a, b)) : null,
    toMs(conversation.update_time),
  ].filter((time): time is number => typeof time === 'number');
  const createdAt = knownTimes.length ? Math.min(...knownTimes) : 0;
  const timeOf = new Map<string | null, number>([[null, createdAt]]);
  const messages = kept.map(
    ({ nodeId, role, text, reasoning, message, parentId }): MessageRecord => {
      const before = timeOf.get(parentId) ?? createdAt;
      const at = Math.max(before, toMs(message.create_time) ?? before);
      // ChatGPT gives a chat branched off another the other's message ids, and split exports may put
      // the two in different files: only the conversation's id with the node's keeps each one its own.
      const id = recordId(nodeId);
      timeOf.set(id, at);
      // The images of the ZIP this message's parts point to (chatgpt-assets.ts).
      const attachments = imageAttachmentsOf(message.content, assets);
      // The model ChatGPT names for an answer is shown on it; the provider is none of Runnel's.
      const slug = role === 'assistant' ? message.metadata?.model_slug : undefined;
      return {
        id,
        conversationId,
        parentId,
        role,
        content: text,
        reasoning,
        status: 'complete',
        finishReason: role === 'assistant' ? finishReason(message) : null,
        usage: null,
        error: null,
        createdAt: at,
        updatedAt: Math.max(at, toMs(message.update_time) ?? at),
        ...(attachments.length > 0 ? { attachments } : {}),
        ...(typeof slug === 'string' && slug !== '' ? { model: slug.slice(0, 200) } : {}),
      };
    },
  );

  const tree = buildMessageTree(messages);
  const current = conversation.current_node;
  const newestLeafShown = !current || !Object.hasOwn(mapping, current);
  const currentLeafId =
    (current && !newestLeafShown ? keptAt.get(current) : null) ?? tree.newestLeaf()?.id ?? null;
  const shownBranch = currentLeafId ? tree.pathTo(currentLeafId) : [];
  const byId = new Map(kept.map((v) => [recordId(v.nodeId), v]));
  let model = conversation.default_model_slug ?? null;
  for (const message of shownBranch) {
    const slug = byId.get(message.id)?.message.metadata?.model_slug;
    if (message.role === 'assistant' && typeof slug === 'string' && slug) model = slug;
  }

  const firstQuestion = shownBranch.find((m) => m.role === 'user')?.content ?? '';
  // Folded, not spread: a conversation may hold more messages than a call takes arguments.
  let lastTime = createdAt;
  for (const time of timeOf.values()) lastTime = Math.max(lastTime, time);
  const sourceUpdatedAt = toMs(conversation.update_time) ?? lastTime;
  return {
    bundle: {
      conversation: {
        id: conversationId,
        title: rawTitle || oneLine(firstQuestion, derivedTitleLength) || 'Untitled',
        createdAt,
        updatedAt: Math.max(sourceUpdatedAt, lastTime),
        pinned: false,
        model,
        providerId: null,
        tags: ['chatgpt'],
        currentLeafId,
      },
      messages,
      mirroredIdPrefix: 'chatgpt-',
    },
    sourceUpdatedAt,
    nodes: Object.keys(mapping).length,
    newestLeafShown,
  };
};

/** What an entry that is not an object is, in words. */
const kindOf = (item: unknown): string =>
  typeof item === 'string'
    ? 'text'
    : Array.isArray(item)
      ? 'a list'
      : item === null
        ? 'empty (null)'
        : `a ${typeof item}`;

/** What a conversation entry calls itself, to name it when it is left out. */
const nameOf = (item: unknown): { title: string | null; id: string | null } => {
  const record = asRecord(item);
  const title = oneLine(stringField(record, 'title'), maxTitleLength);
  const id = stringField(record, 'conversation_id') || stringField(record, 'id');
  return { title: title || null, id: id || null };
};

/** One entry of a conversations file: converted, or left out with why. */
const convertEntry = (
  item: unknown,
  where: string,
  assets: ReadonlyMap<string, ChatGptAssetRef>,
): { converted: Converted } | { skipped: SkippedConversation } => {
  const skip = (reason: string) => ({ skipped: { ...nameOf(item), where, reason } });
  if (!asRecord(item)) return skip(`it is ${kindOf(item)}, not a conversation`);
  const parsed = conversationSchema.safeParse(item);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue?.path.length ? issue.path.map(String).join('.') : 'the entry';
    return skip(`it is damaged (${path}: ${issue?.message ?? 'invalid'})`);
  }
  // ChatGPT writes an entry without a mapping for a chat that failed to save.
  const { mapping } = parsed.data;
  if (!mapping || Object.keys(mapping).length === 0) {
    return skip('it has no messages in the export (its "mapping" is missing or empty)');
  }
  try {
    return { converted: convert(parsed.data, mapping, assets) };
  } catch (error) {
    if (error instanceof Unreadable) return skip(error.message);
    throw error;
  }
};

/** What one conversations file's reader hands over, one conversation at a time. */
export interface ChatGptSink {
  converted(converted: Converted, title: string): void;
  skipped(skipped: SkippedConversation): void;
}

export type { Converted as ConvertedConversation };

export interface ChatGptFileReader {
  write(bytes: Uint8Array): void;
  /** The file ended; refuses a file that is not an export (nothing of it is then to be kept). */
  end(): void;
}

/**
 * Reads one conversations file as it streams in (chatgpt-stream.ts), converting each conversation as
 * it completes. `name` is the file's name ("conversations-001.json"), `where` its place in a ZIP for
 * refusals ("export/conversations-001.json: "), empty for a file chosen on its own. Refusals throw an
 * `invalid-chatgpt-export` HistoryFailure: the file itself is not an export, or is cut off.
 */
export const createChatGptFileReader = (
  name: string,
  where: string,
  sink: ChatGptSink,
  assets: ReadonlyMap<string, ChatGptAssetRef> = new Map(),
): ChatGptFileReader => {
  let sawMapping = false;
  let checkedForeign = false;
  const take = (item: unknown, index: number): void => {
    const record = asRecord(item);
    if (record && !checkedForeign) {
      // Another app's export, or another file of ChatGPT's: said at its first entry.
      checkedForeign = true;
      const foreign = describeForeignJson([item]);
      if (foreign && !('mapping' in record)) fail(`${where}${foreign}`);
    }
    if (asRecord(record?.mapping)) sawMapping = true;
    const result = convertEntry(item, `${name} item ${index}`, assets);
    if ('converted' in result)
      sink.converted(result.converted, result.converted.bundle.conversation.title);
    else sink.skipped(result.skipped);
  };
  const stream = createConversationStream((entry) => {
    if (entry.kind === 'entry') take(entry.value, entry.index);
    else {
      const title = entry.title === null ? '' : oneLine(entry.title, maxTitleLength);
      sink.skipped({
        title: title || null,
        id: entry.id,
        where: `${name} item ${entry.index}`,
        // The parser's own words (a byte position) mean nothing to a person; where and what do.
        reason: 'its text in the file is broken (cut short or changed), so it could not be read',
      });
    }
  });

  const refuseTop = (top: StreamedTop): void => {
    if (top.kind === 'list') {
      if (top.entries > 0 && !sawMapping) {
        fail(
          `${where}This is not ChatGPT's conversations.json: none of its items has a "mapping" of messages.`,
        );
      }
      return;
    }
    if (top.kind === 'value') {
      fail(
        `${where}This is not ChatGPT's conversations.json: it holds ${describeJsonValue(top.value)}, where the export has a list of conversations.`,
      );
      return;
    }
    const record = top.value;
    if (record.format === backupFormat) {
      fail(
        `${where}This is a Runnel history backup, not ChatGPT's conversations.json: import it with “Import backup”.`,
      );
    }
    const foreign = describeForeignJson(record);
    if (foreign) fail(`${where}${foreign}`);
    if ('mapping' in record) {
      take(record, 0);
      return;
    }
    if (Array.isArray(record.conversations)) {
      if (!sawMapping && checkedForeign) {
        fail(
          `${where}This is not ChatGPT's conversations.json: none of its items has a "mapping" of messages.`,
        );
      }
      return;
    }
    fail(
      `${where}This is not ChatGPT's conversations.json: it holds ${describeJsonValue(record)}, where the export has a list of conversations.`,
    );
  };

  const cutOff = (error: Truncated): never =>
    fail(`This ${name} is not valid JSON (${error.message}); it may be truncated.`);
  const notJson = (error: NotJson): never =>
    fail(
      `${where}${describeNonJson(error.start, 'chatgpt') ?? `This ${name} is not JSON: it starts with “${error.start.slice(0, 20)}”.`}`,
    );

  return {
    write: (bytes) => {
      try {
        stream.write(bytes);
      } catch (error) {
        if (error instanceof NotJson) notJson(error);
        if (error instanceof Truncated) cutOff(error);
        throw error;
      }
    },
    end: () => {
      let top: StreamedTop;
      try {
        top = stream.end();
      } catch (error) {
        if (error instanceof NotJson) return notJson(error);
        return fail(
          `This ${name} is not valid JSON (${error instanceof Error ? error.message : String(error)}); it may be truncated.`,
        );
      }
      refuseTop(top);
    },
  };
};

/** Writes a string as UTF-8 in slices, never split inside a surrogate pair. */
const writeText = (reader: ChatGptFileReader, text: string): void => {
  const encoder = new TextEncoder();
  const slice = 1 << 20;
  for (let at = 0; at < text.length;) {
    let end = Math.min(text.length, at + slice);
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end--;
    reader.write(encoder.encode(text.slice(at, end)));
    at = end;
  }
};

/**
 * The newest snapshot of a conversation wins when one file, or the files of a ZIP, hold it twice (files
 * joined by hand, tools that append, two exports in one ZIP).
 */
const newer = (converted: Converted, earlier: Converted | undefined): boolean =>
  !earlier ||
  converted.sourceUpdatedAt > earlier.sourceUpdatedAt ||
  (converted.sourceUpdatedAt === earlier.sourceUpdatedAt && converted.nodes >= earlier.nodes);

/**
 * Reads a whole `conversations.json`, or every conversations file of an export ZIP as one import: the
 * conversations, and those left out with why. Throws an `invalid-chatgpt-export` HistoryFailure naming
 * the problem (and the file, in a ZIP) when the file itself is not an export. The text goes through
 * the same streaming reader as a file chosen in the window does.
 */
export const readChatGptExport = (
  input: string | readonly ChatGptFile[],
): {
  bundles: ConversationBundle[];
  skipped: SkippedConversation[];
  /** Conversations whose `current_node` was missing or named no node: they show their newest leaf. */
  newestLeafShown: number;
} => {
  const byId = new Map<string, Converted>();
  const skipped: SkippedConversation[] = [];
  const sink: ChatGptSink = {
    converted: (converted) => {
      const id = converted.bundle.conversation.id;
      if (newer(converted, byId.get(id))) byId.set(id, converted);
    },
    skipped: (entry) => skipped.push(entry),
  };
  const files: readonly ChatGptFile[] =
    typeof input === 'string' ? [{ name: 'conversations.json', json: input }] : input;
  const assets = assetRefsById(files);
  for (const file of files) {
    const reader = createChatGptFileReader(
      file.name,
      typeof input === 'string' ? '' : `${file.name}: `,
      sink,
      assets,
    );
    writeText(reader, file.json);
    reader.end();
  }
  const withBytes = assetsById(files);
  return {
    bundles: Array.from(byId.values(), (converted) => withUploads(converted.bundle, withBytes)),
    // A damaged copy of a conversation that another copy brought in is not missing.
    skipped: skipped.filter((entry) => entry.id === null || !byId.has(`chatgpt-${entry.id}`)),
    newestLeafShown: Array.from(byId.values()).filter((converted) => converted.newestLeafShown)
      .length,
  };
};

/** A bundle with the bytes of the images its messages list, from the assets a ZIP's files carry. */
const withUploads = (
  bundle: ConversationBundle,
  assets: ReadonlyMap<string, ChatGptAsset>,
): ConversationBundle => {
  if (assets.size === 0) return bundle;
  const attachments = uploadsFor(bundle.messages, assets);
  return attachments.length > 0 ? { ...bundle, attachments } : bundle;
};

/** The conversations alone (tests, and callers that do not report what was left out). */
export const parseChatGptExport = (input: string | readonly ChatGptFile[]): ConversationBundle[] =>
  readChatGptExport(input).bundles;
