/**
 * How conversations and messages sit in SQLite: their columns, a row to a record and a record to the
 * values of its upsert.
 */
import type { SqlValue } from '@sqlite.org/sqlite-wasm';
import { cjkColumns, cjkSegments } from './cjk-segments';
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
] as const;
export const conversationColumns = conversationColumnList.join(', ');
export const messageColumns = messageColumnList.join(', ');

const parseJson = <T>(text: SqlValue | undefined): T | null =>
  typeof text === 'string' && text !== '' ? (JSON.parse(text) as T) : null;

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
]: SqlValue[]): ConversationRecord => ({
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
});

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
});

/** `onlyIfNewer` keeps a stored row that is newer than the incoming one (imports). */
export const upsertConversationSql = (onlyIfNewer: boolean): string => `
  INSERT INTO conversations (id, title, title_cjk, created_at, updated_at, pinned, model, provider_id,
                             tags, current_leaf_id)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (id) DO UPDATE SET
    title = excluded.title, title_cjk = excluded.title_cjk, created_at = excluded.created_at,
    updated_at = excluded.updated_at, pinned = excluded.pinned, model = excluded.model,
    provider_id = excluded.provider_id, tags = excluded.tags,
    current_leaf_id = excluded.current_leaf_id
  ${onlyIfNewer ? 'WHERE excluded.updated_at >= conversations.updated_at' : ''}`;

/** How many values `messageValues` gives, one per column of `upsertMessageSql`. */
export const messageValueCount = 15;
export const messagePlaceholders = `VALUES (${Array(messageValueCount).fill('?').join(', ')})`;

export const upsertMessageSql = (onlyIfNewer: boolean): string => `
  INSERT INTO messages (rowid, id, conversation_id, parent_id, role, content, content_cjk,
                        content_words, reasoning, status, finish_reason, usage, error, created_at,
                        updated_at)
  ${messagePlaceholders}
  ON CONFLICT (id) DO UPDATE SET
    conversation_id = excluded.conversation_id, parent_id = excluded.parent_id, role = excluded.role,
    content = excluded.content,
    content_cjk = excluded.content_cjk, content_words = excluded.content_words,
    reasoning = excluded.reasoning, status = excluded.status,
    finish_reason = excluded.finish_reason, usage = excluded.usage, error = excluded.error,
    created_at = excluded.created_at, updated_at = excluded.updated_at
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
];

/** `upsertMessageSql`'s values, with the search columns derived from the content. */
export const messageValues = (m: MessageRecord, rowid: number | null): SqlValue[] => {
  const derived = cjkColumns(m.content);
  return [
    rowid,
    m.id,
    m.conversationId,
    m.parentId,
    m.role,
    m.content,
    derived.segments,
    derived.words,
    m.reasoning,
    m.status,
    m.finishReason,
    m.usage === null ? null : JSON.stringify(m.usage),
    m.error === null ? null : JSON.stringify(m.error),
    m.createdAt,
    m.updatedAt,
  ];
};
