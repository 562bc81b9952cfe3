/**
 * How conversations and messages sit in SQLite: their columns, a row to a record and a record to the
 * values of its upsert.
 */
import type { SqlValue } from '@sqlite.org/sqlite-wasm';
import { cjkSegments } from './cjk-segments';
import { messageSearchColumns, readToolActivity, storedToolActivity } from './tool-activity-record';
import type { ConversationRecord, MessageRecord } from './types';

export type Row = Record<string, SqlValue>;

export const conversationColumnList = [
  'id',
  'title',
  'created_at',
  'updated_at',
  'pinned',
  'model',
  'provider_id',
  'tags',
  'current_leaf_id',
  'parameters',
] as const;
export const messageColumnList = [
  'id',
  'conversation_id',
  'parent_id',
  'role',
  'content',
  'reasoning',
  'status',
  'finish_reason',
  'usage',
  'error',
  'created_at',
  'updated_at',
  'model',
  'provider_id',
  'dropped_parameters',
  'tool_activity',
] as const;
export const conversationColumns = conversationColumnList.join(', ');
export const messageColumns = messageColumnList.join(', ');

const parseJson = <T>(text: SqlValue | undefined): T | null =>
  typeof text === 'string' && text !== '' ? (JSON.parse(text) as T) : null;

/**
 * JSON a column of schema 7 holds, or undefined when it is empty or not what it should be: these
 * are conveniences (a conversation's parameters, an answer's note), and a damaged one must never
 * stop the conversation from opening. Not checked with zod here, which the worker loads only for
 * imports: the window checks parameters with the contract's schema before it uses them.
 */
const lenientJson = <T>(
  text: SqlValue | undefined,
  fits: (value: unknown) => boolean,
): T | undefined => {
  if (typeof text !== 'string' || text === '') return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return fits(value) ? (value as T) : undefined;
  } catch {
    return undefined;
  }
};
const isPlainObject = (value: unknown): boolean =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isNonEmptyList = (value: unknown): boolean =>
  Array.isArray(value) && value.length > 0 && value.every(isPlainObject);

/** Only what was set is written: a conversation with no parameters keeps NULL. */
const parametersText = (parameters: ConversationRecord['parameters']): string | null =>
  parameters && Object.keys(parameters).length > 0 ? JSON.stringify(parameters) : null;

const optionalText = (value: SqlValue | undefined): string | undefined =>
  value === null || value === undefined ? undefined : String(value);

/** A conversation from its values in `conversationColumnList` order. */
export const conversationFromValues = ([
  id,
  title,
  createdAt,
  updatedAt,
  pinned,
  model,
  providerId,
  tags,
  currentLeafId,
  parameters,
]: SqlValue[]): ConversationRecord => {
  const stored = lenientJson<ConversationRecord['parameters']>(parameters, isPlainObject);
  return {
    id: String(id),
    title: String(title),
    createdAt: Number(createdAt),
    updatedAt: Number(updatedAt),
    pinned: Number(pinned) === 1,
    model: model === null || model === undefined ? null : String(model),
    providerId: providerId === null || providerId === undefined ? null : String(providerId),
    tags: tags === '[]' ? [] : (parseJson<string[]>(tags) ?? []),
    currentLeafId:
      currentLeafId === null || currentLeafId === undefined ? null : String(currentLeafId),
    ...(stored ? { parameters: stored } : {}),
  };
};

/** The same from a row keyed by column name. */
export const toConversation = (row: Row): ConversationRecord =>
  conversationFromValues(conversationColumnList.map((name) => row[name] ?? null));

export const toMessage = (row: Row): MessageRecord => ({
  id: String(row.id),
  conversationId: String(row.conversation_id),
  parentId: row.parent_id === null || row.parent_id === undefined ? null : String(row.parent_id),
  role: String(row.role) as MessageRecord['role'],
  content: String(row.content),
  reasoning: String(row.reasoning),
  status: String(row.status) as MessageRecord['status'],
  finishReason: row.finish_reason === null ? null : String(row.finish_reason),
  usage: parseJson<MessageRecord['usage']>(row.usage),
  error: parseJson<MessageRecord['error']>(row.error),
  createdAt: Number(row.created_at),
  updatedAt: Number(row.updated_at),
  ...answerFacts(row),
});

/**
 * Which model wrote an answer, and what it went without (schema 7), and what it did with tools
 * (schema 10); absent when not known.
 */
const answerFacts = (
  row: Row,
): Pick<MessageRecord, 'model' | 'providerId' | 'droppedParameters' | 'toolActivity'> => {
  const model = optionalText(row.model);
  const providerId = optionalText(row.provider_id);
  const dropped = lenientJson<MessageRecord['droppedParameters']>(
    row.dropped_parameters,
    isNonEmptyList,
  );
  const toolActivity = readToolActivity(row.tool_activity);
  return {
    ...(model !== undefined ? { model } : {}),
    ...(providerId !== undefined ? { providerId } : {}),
    ...(dropped ? { droppedParameters: dropped } : {}),
    ...(toolActivity ? { toolActivity } : {}),
  };
};

/** `onlyIfNewer` keeps a stored row that is newer than the incoming one (imports). */
export const upsertConversationSql = (onlyIfNewer: boolean): string => `
  INSERT INTO conversations (id, title, title_cjk, created_at, updated_at, pinned, model, provider_id,
                             tags, current_leaf_id, parameters)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (id) DO UPDATE SET
    title = excluded.title, title_cjk = excluded.title_cjk, created_at = excluded.created_at,
    updated_at = excluded.updated_at, pinned = excluded.pinned, model = excluded.model,
    provider_id = excluded.provider_id, tags = excluded.tags,
    current_leaf_id = excluded.current_leaf_id, parameters = excluded.parameters
  ${onlyIfNewer ? 'WHERE excluded.updated_at >= conversations.updated_at' : ''}`;

/** How many values `messageValues` gives, one per column of `upsertMessageSql`. */
export const messageValueCount = 18;
export const messagePlaceholders = `VALUES (${Array(messageValueCount).fill('?').join(', ')})`;

export const upsertMessageSql = (onlyIfNewer: boolean): string => `
  INSERT INTO messages (rowid, id, conversation_id, parent_id, role, content, content_words,
                        reasoning, status, finish_reason, usage, error, created_at, updated_at,
                        model, provider_id, dropped_parameters, tool_activity)
  ${messagePlaceholders}
  ON CONFLICT (id) DO UPDATE SET
    conversation_id = excluded.conversation_id, parent_id = excluded.parent_id, role = excluded.role,
    content = excluded.content, content_words = excluded.content_words,
    reasoning = excluded.reasoning, status = excluded.status,
    finish_reason = excluded.finish_reason, usage = excluded.usage, error = excluded.error,
    created_at = excluded.created_at, updated_at = excluded.updated_at,
    model = excluded.model, provider_id = excluded.provider_id,
    dropped_parameters = excluded.dropped_parameters, tool_activity = excluded.tool_activity
  ${onlyIfNewer ? 'WHERE excluded.updated_at >= messages.updated_at' : ''}`;

export const conversationValues = (c: ConversationRecord): SqlValue[] => [
  c.id,
  c.title,
  cjkSegments(c.title),
  c.createdAt,
  c.updatedAt,
  c.pinned ? 1 : 0,
  c.model,
  c.providerId,
  JSON.stringify(c.tags),
  c.currentLeafId,
  parametersText(c.parameters),
];

/**
 * `upsertMessageSql`'s values, with the words column derived from the content and tool calls (the CJK
 * bigrams are derived by the index's triggers, schema 12).
 */
export const messageValues = (m: MessageRecord, rowid: number | null): SqlValue[] => {
  const tools = storedToolActivity(m.toolActivity);
  const derived = messageSearchColumns(m.content, tools);
  return [
    rowid,
    m.id,
    m.conversationId,
    m.parentId,
    m.role,
    m.content,
    derived.words,
    m.reasoning,
    m.status,
    m.finishReason,
    m.usage === null ? null : JSON.stringify(m.usage),
    m.error === null ? null : JSON.stringify(m.error),
    m.createdAt,
    m.updatedAt,
    m.model ?? null,
    m.providerId ?? null,
    m.droppedParameters && m.droppedParameters.length > 0
      ? JSON.stringify(m.droppedParameters)
      : null,
    tools ? JSON.stringify(tools) : null,
  ];
};
