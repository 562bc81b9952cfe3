/**
 * ChatGPT's data export (`conversations.json`) → conversations and messages. Each conversation's messages
 * form a tree under `mapping` (edits and regenerations are branches); we keep the branch that ends at
 * `current_node`, which is what the person last saw. Hidden system context and tool traffic (browsing,
 * code execution output) are skipped; the text of multimodal and code parts is kept.
 */
import { z } from 'zod';
import type { ConversationBundle } from './backup';
import { historyError } from './history-errors';
import type { MessageRecord } from './types';

const contentSchema = z.looseObject({ content_type: z.string() });

const messageSchema = z.looseObject({
  id: z.string(),
  author: z.looseObject({ role: z.string() }),
  create_time: z.number().nullish(),
  update_time: z.number().nullish(),
  content: contentSchema,
  recipient: z.string().nullish(),
  metadata: z.record(z.string(), z.unknown()).nullish(),
});

const nodeSchema = z.looseObject({
  id: z.string(),
  message: messageSchema.nullish(),
  parent: z.string().nullish(),
  children: z.array(z.string()).optional(),
});

const conversationSchema = z.looseObject({
  id: z.string().optional(),
  conversation_id: z.string().nullish(),
  title: z.string().nullish(),
  create_time: z.number().nullish(),
  update_time: z.number().nullish(),
  mapping: z.record(z.string(), nodeSchema),
  current_node: z.string().nullish(),
  default_model_slug: z.string().nullish(),
});

type ChatGptMessage = z.infer<typeof messageSchema>;
type ChatGptConversation = z.infer<typeof conversationSchema>;

const fail = (message: string): never => {
  throw historyError('invalid-chatgpt-export', `${message} Nothing was imported.`);
};

const toMs = (seconds: number | null | undefined): number | null =>
  typeof seconds === 'number' && Number.isFinite(seconds) && seconds > 0
    ? Math.round(seconds * 1000)
    : null;

const asRecord = (value: unknown): Record<string, unknown> | null =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;

/** The text of one multimodal part: strings as they are, transcripts and quoted text, a marker for images. */
const partText = (part: unknown): string => {
  if (typeof part === 'string') return part;
  const record = asRecord(part);
  if (!record) return '';
  if (typeof record.text === 'string') return record.text;
  const type = typeof record.content_type === 'string' ? record.content_type : '';
  if (type === 'image_asset_pointer') return '[image]';
  if (type.includes('audio')) return '[audio]';
  return '';
};

/** Visible text and reasoning of one message, or null when it is not shown in ChatGPT itself. */
const messageText = (message: ChatGptMessage): { text: string; reasoning: string } | null => {
  const content = message.content as Record<string, unknown>;
  switch (message.content.content_type) {
    case 'text':
    case 'multimodal_text':
      return {
        text: (Array.isArray(content.parts) ? content.parts : [])
          .map(partText)
          .filter(Boolean)
          .join('\n'),
        reasoning: '',
      };
    case 'code': {
      const language =
        typeof content.language === 'string' && content.language !== 'unknown'
          ? content.language
          : '';
      const code = typeof content.text === 'string' ? content.text : '';
      return { text: `\`\`\`${language}\n${code}\n\`\`\``, reasoning: '' };
    }
    case 'thoughts': {
      const thoughts = Array.isArray(content.thoughts) ? content.thoughts : [];
      const reasoning = thoughts
        .map((thought) => {
          const record = asRecord(thought);
          return [record?.summary, record?.content]
            .filter((s) => typeof s === 'string' && s)
            .join('\n');
        })
        .filter(Boolean)
        .join('\n\n');
      return { text: '', reasoning };
    }
    case 'tether_quote':
      return {
        text: typeof content.text === 'string' ? `> ${content.text.replaceAll('\n', '\n> ')}` : '',
        reasoning: '',
      };
    case 'reasoning_recap':
    case 'user_editable_context':
    case 'model_editable_context':
    case 'tether_browsing_display':
    case 'execution_output':
    case 'system_error':
      return null;
    default:
      // Unknown kinds from newer exports: keep any plain text they carry rather than lose it.
      if (typeof content.text === 'string') return { text: content.text, reasoning: '' };
      if (Array.isArray(content.parts))
        return { text: content.parts.map(partText).filter(Boolean).join('\n'), reasoning: '' };
      return null;
  }
};

const isHidden = (message: ChatGptMessage): boolean => {
  const metadata = message.metadata ?? {};
  return (
    metadata.is_visually_hidden_from_conversation === true ||
    metadata.is_user_system_message === true
  );
};

/** The branch from the root to `current_node`, root first. */
const currentBranch = (
  conversation: ChatGptConversation,
  label: string,
): ChatGptConversation['mapping'][string][] => {
  const { mapping } = conversation;
  let leafId = conversation.current_node ?? null;
  if (leafId === null) {
    // Very old exports lack current_node: follow the last child from the root, as ChatGPT shows it.
    const root = Object.values(mapping).find((node) => !node.parent);
    let node = root;
    while (node?.children?.length) node = mapping[node.children[node.children.length - 1] ?? ''];
    leafId = node?.id ?? null;
  }
  if (leafId === null) return [];
  const branch: ChatGptConversation['mapping'][string][] = [];
  const seen = new Set<string>();
  let id: string | null | undefined = leafId;
  while (id) {
    const node: ChatGptConversation['mapping'][string] | undefined = mapping[id];
    if (!node) {
      return fail(
        id === leafId
          ? `${label}: current_node "${id}" is not in its mapping.`
          : `${label}: mapping node "${branch[branch.length - 1]?.id ?? ''}" has parent "${id}", which is not in the mapping.`,
      );
    }
    if (seen.has(id)) return fail(`${label}: the mapping has a cycle at node "${id}".`);
    seen.add(id);
    branch.push(node);
    id = node.parent;
  }
  return branch.reverse();
};

const finishReason = (message: ChatGptMessage): string | null => {
  const details = asRecord(message.metadata?.finish_details);
  const type = details?.type;
  if (type === 'stop') return 'stop';
  if (type === 'max_tokens') return 'length';
  return typeof type === 'string' ? type : null;
};

const toBundle = (conversation: ChatGptConversation, index: number): ConversationBundle => {
  const title = conversation.title?.trim() || 'Untitled';
  const label = `conversations.json item ${index} ("${title.slice(0, 60)}")`;
  const sourceId = conversation.conversation_id ?? conversation.id;
  if (!sourceId) return fail(`${label} has neither "conversation_id" nor "id".`);
  const conversationId = `chatgpt-${sourceId}`;
  const createdAt = toMs(conversation.create_time) ?? 0;
  const messages: MessageRecord[] = [];
  let pendingReasoning = '';
  let lastTime = createdAt;
  let model = conversation.default_model_slug ?? null;
  for (const node of currentBranch(conversation, label)) {
    const message = node.message;
    if (!message) continue;
    const role = message.author.role;
    if (role === 'tool' || isHidden(message)) continue;
    if (role !== 'user' && role !== 'assistant' && role !== 'system') continue;
    const extracted = messageText(message);
    if (!extracted) continue;
    if (!extracted.text.trim()) {
      // A thoughts node carries the reasoning of the answer that follows it.
      if (extracted.reasoning)
        pendingReasoning += (pendingReasoning ? '\n\n' : '') + extracted.reasoning;
      continue;
    }
    const at = Math.max(lastTime, toMs(message.create_time) ?? lastTime);
    lastTime = at;
    const slug = message.metadata?.model_slug;
    if (role === 'assistant' && typeof slug === 'string') model = slug;
    messages.push({
      id: `chatgpt-${message.id}`,
      conversationId,
      role,
      content: extracted.text,
      reasoning: role === 'assistant' ? pendingReasoning : '',
      status: 'complete',
      finishReason: role === 'assistant' ? finishReason(message) : null,
      usage: null,
      error: null,
      createdAt: at,
      updatedAt: Math.max(at, toMs(message.update_time) ?? at),
    });
    if (role === 'assistant') pendingReasoning = '';
  }
  return {
    conversation: {
      id: conversationId,
      title,
      createdAt,
      updatedAt: Math.max(toMs(conversation.update_time) ?? createdAt, lastTime),
      pinned: false,
      model,
      providerId: null,
      tags: ['chatgpt'],
    },
    messages,
  };
};

/** Parses a whole `conversations.json`; throws an `invalid-chatgpt-export` HistoryFailure naming the problem. */
export const parseChatGptExport = (json: string): ConversationBundle[] => {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (error) {
    return fail(
      `This conversations.json is not valid JSON (${error instanceof Error ? error.message : String(error)}); it may be truncated.`,
    );
  }
  if (!Array.isArray(data)) {
    return fail("This is not ChatGPT's conversations.json: it should be a list of conversations.");
  }
  const seen = new Set<string>();
  return data.map((item, index) => {
    const parsed = conversationSchema.safeParse(item);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.length ? issue.path.map(String).join('.') : 'the item';
      return fail(
        `conversations.json item ${index} is not a ChatGPT conversation: ${where}: ${issue?.message ?? 'invalid'}.`,
      );
    }
    const bundle = toBundle(parsed.data, index);
    if (seen.has(bundle.conversation.id)) {
      return fail(
        `conversations.json item ${index} repeats conversation "${bundle.conversation.id}".`,
      );
    }
    seen.add(bundle.conversation.id);
    return bundle;
  });
};
