/**
 * The Runnel JSON backup: every conversation with its messages, validated with zod before anything is
 * written, so a bad or truncated file imports nothing and says what is wrong.
 */
import { z } from 'zod';
import {
  chatErrorSchema,
  chatParametersSchema,
  droppedParameterSchema,
  toolMediaSchema,
  usageSchema,
} from '../../../preload/contract';
import { historyError } from './history-errors';
import { buildMessageTree } from './message-tree';
import {
  describeForeignJson,
  describeJsonValue,
  describeNonJson,
  looksLikeChatGpt,
  withoutBom,
} from './import-sniff';
import type { Backup, BackupContents, ConversationBundle } from './backup-format';
import type { AssistantRecord } from './types';
import { backupFormat, backupVersion } from './backup-format';

export { backupFormat, backupVersion, toBackup } from './backup-format';
export type { Backup, ConversationBundle } from './backup-format';

const epochMs = z.number().int().nonnegative();

const conversationSchema = z.strictObject({
  id: z.string().min(1),
  title: z.string(),
  createdAt: epochMs,
  updatedAt: epochMs,
  pinned: z.boolean(),
  model: z.string().nullable(),
  providerId: z.string().nullable(),
  tags: z.array(z.string()),
});
const conversationV2Schema = conversationSchema.extend({
  currentLeafId: z.string().nullable(),
  // Version 3.
  parameters: chatParametersSchema.optional(),
});

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'not a SHA-256 (64 lowercase hex digits)');
const attachmentRefSchema = z.strictObject({
  hash: sha256Hex,
  kind: z.enum(['image', 'text', 'pdf']),
  name: z.string(),
  mime: z.string(),
  size: z.number().int().nonnegative(),
  width: z.number().int().nonnegative().optional(),
  height: z.number().int().nonnegative().optional(),
  pages: z.number().int().nonnegative().optional(),
});
const backupAttachmentSchema = z.strictObject({
  hash: sha256Hex,
  mime: z.string(),
  text: z.string().optional(),
  data: z.base64(),
});

/** An assistant as history keeps it (types.ts AssistantRecord); its system prompt is its own field. */
const backupAssistantSchema = z.strictObject({
  id: z.string().min(1),
  name: z.string(),
  emoji: z.string(),
  systemPrompt: z.string(),
  providerId: z.string().nullable(),
  model: z.string().nullable(),
  parameters: chatParametersSchema.transform(({ systemPrompt: _own, ...rest }) => rest),
  openingMessages: z.array(
    z.strictObject({ role: z.enum(['user', 'assistant']), content: z.string() }),
  ),
  position: z.number().int(),
  builtinId: z.string().nullable(),
  quickAskDefault: z.boolean(),
  createdAt: epochMs,
  updatedAt: epochMs,
});

/** Version 3: an answer's tool calls (types.ts ToolActivityRecord); the store bounds their size. */
const toolActivitySchema = z.strictObject({
  calls: z.array(
    z.strictObject({
      callId: z.string(),
      name: z.string(),
      arguments: z.string(),
      problem: z.string().nullable(),
      at: z.number().int().min(0),
      approval: z
        .strictObject({ server: z.string(), tool: z.string(), description: z.string().nullable() })
        .nullable(),
      waiting: z.literal(true).optional(),
      result: z
        .strictObject({
          outcome: z.enum(['ran', 'failed', 'denied', 'timed_out', 'invalid', 'cancelled']),
          content: z.string(),
          isError: z.boolean(),
          durationMs: z.number().min(0),
          // Optional v3 field: the result's images and links (contract toolMediaSchema).
          media: z.array(toolMediaSchema).max(8).optional(),
        })
        .nullable(),
    }),
  ),
  stepLimit: z.number().int().min(1).optional(),
});

const backupMessageV1Schema = z.strictObject({
  id: z.string().min(1),
  role: z.enum(['system', 'user', 'assistant']),
  content: z.string(),
  reasoning: z.string(),
  status: z.enum(['complete', 'streaming', 'interrupted', 'cancelled', 'error']),
  finishReason: z.string().nullable(),
  usage: usageSchema.nullable(),
  error: chatErrorSchema.nullable(),
  createdAt: epochMs,
  updatedAt: epochMs,
});

const backupMessageSchema = backupMessageV1Schema.extend({
  parentId: z.string().min(1).nullable(),
  // Version 3.
  model: z.string().optional(),
  providerId: z.string().optional(),
  droppedParameters: z.array(droppedParameterSchema).optional(),
  // Version 3: the files the message was sent with, their bytes in the backup's `attachments`.
  attachments: z.array(attachmentRefSchema).optional(),
  // Version 3: the answer's tool calls and their results.
  toolActivity: toolActivitySchema.optional(),
});

/** One entry of a version 2 or 3 backup's `conversations`, and of a version 1 backup's. */
const conversationEntrySchema = conversationV2Schema.extend({
  messages: z.array(backupMessageSchema),
});
const conversationV1EntrySchema = conversationSchema.extend({
  messages: z.array(backupMessageV1Schema),
});

export const backupSchema = z.strictObject({
  format: z.literal(backupFormat),
  version: z.literal(backupVersion),
  exportedAt: epochMs,
  conversations: z.array(conversationEntrySchema),
  // Version 3: each attached file's bytes, once per hash.
  attachments: z.array(backupAttachmentSchema).optional(),
  // Version 3: the assistants, in list order.
  assistants: z.array(backupAssistantSchema).optional(),
});

/** Version 2 is version 3 without its optional fields. */
const backupV2Schema = backupSchema.extend({ version: z.literal(2) });

/** Version 1 had no parent links (each message follows the one before it) and no branch shown. */
const backupV1Schema = backupSchema.extend({
  version: z.literal(1),
  conversations: z.array(conversationV1EntrySchema),
});

const fromBase64 = (data: string): Uint8Array =>
  Uint8Array.from(atob(data), (c) => c.charCodeAt(0));

const asChain = <M extends { id: string }>(messages: M[]): (M & { parentId: string | null })[] =>
  messages.map((message, i) => ({ ...message, parentId: messages[i - 1]?.id ?? null }));

// What the schema accepts is exactly what backup-format.ts writes: fail to compile if they drift.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const schemaMatchesFormat: Same<z.infer<typeof backupSchema>, Backup> = true;
void schemaMatchesFormat;

const describePath = (path: ReadonlyArray<PropertyKey>): string =>
  path.length === 0
    ? 'the file'
    : path
        .map((part, i) =>
          typeof part === 'number' ? `[${part}]` : `${i ? '.' : ''}${String(part)}`,
        )
        .join('');

const refuse = (message: string): never => {
  throw historyError('invalid-backup', `${message} Nothing was imported.`);
};

/**
 * What a parsed file that is not a version-1 backup is, or null when it claims to be one. A backup from a
 * newer Runnel is refused rather than read in part: its new fields would be dropped without a word, and
 * exporting again would lose them for good.
 */
const notABackup = (data: unknown): string | null => {
  const foreign = describeForeignJson(data);
  if (foreign) return foreign;
  if (looksLikeChatGpt(data)) {
    return "This is ChatGPT's conversations.json, not a Runnel backup: import it with “Import from ChatGPT”.";
  }
  const record =
    typeof data === 'object' && data !== null && !Array.isArray(data)
      ? (data as { format?: unknown; version?: unknown })
      : null;
  if (record?.format !== backupFormat) {
    return `This file is not a Runnel history backup: it holds ${describeJsonValue(data)}, and a backup is an object whose "format" is "${backupFormat}".`;
  }
  if (typeof record.version === 'number' && record.version > backupVersion) {
    return `This backup was made by a newer version of Runnel (backup version ${record.version}; this version reads version ${backupVersion}). Update Runnel, then import it.`;
  }
  return null;
};

/**
 * A file whose parent links run in a circle would leave those messages on no branch: the link that
 * closes the circle is dropped, so they show from the first of them. Links to messages not in the file
 * stay: the store may hold them already.
 */
const withoutCycles = <M extends { id: string; parentId: string | null; createdAt: number }>(
  messages: M[],
): M[] => {
  const tree = buildMessageTree(messages);
  return messages.map((message) =>
    message.parentId !== null && tree.get(message.parentId) && tree.parentOf(message.id) === null
      ? { ...message, parentId: null }
      : message,
  );
};

/** Parses and validates a backup file; throws an `invalid-backup` HistoryFailure naming the problem. */
export const parseBackup = (json: string): ConversationBundle[] => parseBackupFile(json).bundles;

/** The same, with the assistants the file holds (none in a file older than version 3). */
export const parseBackupFile = (json: string): BackupContents => {
  const text = withoutBom(json);
  const notJson = describeNonJson(text, 'backup');
  if (notJson) return refuse(notJson);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return refuse(
      `This backup is not valid JSON (${error instanceof Error ? error.message : String(error)}); it may be truncated.`,
    );
  }
  const wrongKind = notABackup(data);
  if (wrongKind) return refuse(wrongKind);
  const isVersion1 = (data as { version?: unknown }).version === 1;
  const parsed = isVersion1
    ? backupV1Schema
        .transform((v1) => ({
          ...v1,
          conversations: v1.conversations.map((c) => ({
            ...c,
            currentLeafId: null,
            messages: asChain(c.messages),
          })),
        }))
        .safeParse(data)
    : (data as { version?: unknown }).version === 2
      ? backupV2Schema.transform((v2) => ({ ...v2, version: backupVersion })).safeParse(data)
      : backupSchema.safeParse(data);
  if (!parsed.success) {
    const issues = parsed.error.issues
      .slice(0, 3)
      .map((issue) => `${describePath(issue.path)}: ${issue.message}`);
    const more =
      parsed.error.issues.length > 3 ? ` (and ${parsed.error.issues.length - 3} more)` : '';
    throw historyError(
      'invalid-backup',
      `This backup is damaged: ${issues.join('; ')}${more}. Nothing was imported.`,
    );
  }
  const files = new Map((parsed.data.attachments ?? []).map((file) => [file.hash, file]));
  const taken = new Set<string>();
  /** The bytes a conversation's messages list that no conversation before it took. */
  const filesFor = (
    messages: ReadonlyArray<{ id: string; attachments?: Array<{ hash: string; name: string }> }>,
    where: string,
  ): NonNullable<ConversationBundle['attachments']> =>
    messages.flatMap((message) =>
      (message.attachments ?? []).flatMap((ref) => {
        if (taken.has(ref.hash)) return [];
        const file = files.get(ref.hash);
        if (!file) {
          return refuse(
            `This backup is damaged: ${where} lists the file “${ref.name}”, whose bytes are not in the backup.`,
          );
        }
        taken.add(ref.hash);
        const { data, ...rest } = file;
        return [{ ...rest, bytes: fromBase64(data) }];
      }),
    );
  const assistants = parsed.data.assistants ?? [];
  const assistantIds = new Set<string>();
  assistants.forEach((assistant, index) => {
    if (assistantIds.has(assistant.id)) {
      refuse(`This backup is damaged: assistants[${index}] repeats the id "${assistant.id}".`);
    }
    assistantIds.add(assistant.id);
  });
  const conversationIds = new Set<string>();
  const messageIds = new Set<string>();
  const bundles = parsed.data.conversations.map(({ messages: listed, ...conversation }, index) => {
    const messages = withoutCycles(listed);
    if (conversationIds.has(conversation.id)) {
      throw historyError(
        'invalid-backup',
        `This backup is damaged: conversations[${index}] repeats the id "${conversation.id}". Nothing was imported.`,
      );
    }
    conversationIds.add(conversation.id);
    const attachments = filesFor(listed, `conversations[${index}]`);
    return {
      conversation,
      ...(attachments.length > 0 ? { attachments } : {}),
      messages: messages.map((message, messageIndex) => {
        if (messageIds.has(message.id)) {
          throw historyError(
            'invalid-backup',
            `This backup is damaged: conversations[${index}].messages[${messageIndex}] repeats the message id "${message.id}". Nothing was imported.`,
          );
        }
        messageIds.add(message.id);
        return { ...message, conversationId: conversation.id };
      }),
    };
  });
  return { bundles, assistants };
};

/*
 * The same checks one piece at a time, for the streamed import of a backup file (backup-stream-import.ts),
 * which never holds the file whole: its head first, then each conversation, file and the assistants
 * as the reader completes them.
 */

/** The version a streamed backup's head (the keys before its conversations) says; refuses any other file. */
export const readBackupHead = (head: Record<string, unknown>): 1 | 2 | 3 => {
  const wrongKind = notABackup(head);
  if (wrongKind) return refuse(wrongKind);
  const checked = z
    .strictObject({
      version: z.union([z.literal(1), z.literal(2), z.literal(3)]),
      exportedAt: epochMs,
    })
    .safeParse({ version: head.version, exportedAt: head.exportedAt });
  if (!checked.success) {
    const issue = checked.error.issues[0];
    return refuse(
      `This backup is damaged: ${describePath(issue?.path ?? [])}: ${issue?.message ?? 'invalid'}.`,
    );
  }
  return checked.data.version;
};

/** One conversation of a streamed backup, ready to write, or why it was left out. */
export type BackupConversationRead =
  | { ok: true; bundle: ConversationBundle }
  | { ok: false; title: string | null; id: string | null; reason: string };

const stringField = (value: unknown, key: string): string | null => {
  const field =
    typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : null;
  return typeof field === 'string' ? field : null;
};

/**
 * Checks and converts `conversations[index]` as the whole-file parse does (version 1 chains, parent
 * links that run in a circle, ids repeated inside it); its messages keep their `attachments` lists.
 */
export const readBackupConversation = (
  raw: unknown,
  index: number,
  version: 1 | 2 | 3,
): BackupConversationRead => {
  const where = `conversations[${index}]`;
  const damaged = (reason: string): BackupConversationRead => ({
    ok: false,
    title: stringField(raw, 'title'),
    id: stringField(raw, 'id'),
    reason,
  });
  const parsed =
    version === 1
      ? conversationV1EntrySchema
          .transform((c) => ({ ...c, currentLeafId: null, messages: asChain(c.messages) }))
          .safeParse(raw)
      : conversationEntrySchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues
      .slice(0, 3)
      .map((issue) => `${describePath(['conversations', index, ...issue.path])}: ${issue.message}`);
    const more =
      parsed.error.issues.length > 3 ? ` (and ${parsed.error.issues.length - 3} more)` : '';
    return damaged(`it is damaged: ${issues.join('; ')}${more}`);
  }
  const { messages: listed, ...conversation } = parsed.data;
  const ids = new Set<string>();
  for (const [messageIndex, message] of listed.entries()) {
    if (ids.has(message.id)) {
      return damaged(
        `it is damaged: ${where}.messages[${messageIndex}] repeats the message id "${message.id}"`,
      );
    }
    ids.add(message.id);
  }
  return {
    ok: true,
    bundle: {
      conversation,
      messages: withoutCycles(listed).map((message) => ({
        ...message,
        conversationId: conversation.id,
      })),
    },
  };
};

/** One file of a streamed backup's `attachments`, its bytes decoded; refuses a damaged one. */
export const readBackupAttachment = (
  raw: unknown,
  index: number,
): { hash: string; mime: string; text?: string; bytes: Uint8Array } => {
  const parsed = backupAttachmentSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return refuse(
      `This backup is damaged: ${describePath(['attachments', index, ...(issue?.path ?? [])])}: ${issue?.message ?? 'invalid'}.`,
    );
  }
  const { data, ...rest } = parsed.data;
  return { ...rest, bytes: fromBase64(data) };
};

/** A streamed backup's `assistants`, checked as the whole-file parse checks them. */
export const readBackupAssistants = (raw: unknown): AssistantRecord[] => {
  const parsed = z.array(backupAssistantSchema).safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return refuse(
      `This backup is damaged: ${describePath(['assistants', ...(issue?.path ?? [])])}: ${issue?.message ?? 'invalid'}.`,
    );
  }
  const ids = new Set<string>();
  parsed.data.forEach((assistant, index) => {
    if (ids.has(assistant.id)) {
      refuse(`This backup is damaged: assistants[${index}] repeats the id "${assistant.id}".`);
    }
    ids.add(assistant.id);
  });
  return parsed.data;
};

/** For a streamed file whose top is not an object: what it is, as the whole-file parse says. */
export const notABackupMessage = (data: unknown): string =>
  `${notABackup(data) ?? 'This file is not a Runnel history backup.'} Nothing was imported.`;

/** The refusal of a file that stops being JSON part way (cut off, or a stray byte). */
export const backupNotJson = (detail: string): never =>
  refuse(`This backup is not valid JSON (${detail}); it may be truncated.`);
