/**
 * Assistants in SQLite: listed in the person's order, saved many in one transaction (an import is all
 * or nothing), deleted, reordered, and the one quick ask starts with. Every committed change is
 * announced as `{type: 'assistants'}`, so the other windows list them again.
 */
import type { Database, SqlValue } from '@sqlite.org/sqlite-wasm';
import { historyError } from './history-errors';
import type { HistoryMethods } from './history-protocol';
import type { Statements } from './store-statements';
import type { Row } from './store-rows';
import { inTransaction } from './transaction';
import type { AssistantOpeningMessage, AssistantRecord, HistoryChange } from './types';

export type StoreAssistants = Pick<
  HistoryMethods,
  | 'listAssistants'
  | 'saveAssistants'
  | 'deleteAssistant'
  | 'reorderAssistants'
  | 'setQuickAskAssistant'
>;

export const assistantColumns = [
  'id',
  'name',
  'emoji',
  'system_prompt',
  'provider_id',
  'model',
  'parameters',
  'opening_messages',
  'position',
  'builtin_id',
  'quick_ask_default',
  'created_at',
  'updated_at',
] as const;

const textOrNull = (value: SqlValue | undefined): string | null =>
  value === null || value === undefined ? null : String(value);

/**
 * A JSON column read back; text that is not what was written (a damaged row, a hand edit) reads as
 * `fallback` rather than failing the whole list.
 */
const jsonOr = <T>(
  text: SqlValue | undefined,
  fallback: T,
  accept: (value: unknown) => boolean,
): T => {
  if (typeof text !== 'string') return fallback;
  try {
    const value: unknown = JSON.parse(text);
    return accept(value) ? (value as T) : fallback;
  } catch {
    return fallback;
  }
};

const isPlainObject = (value: unknown): boolean =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isOpeningMessage = (value: unknown): value is AssistantOpeningMessage =>
  isPlainObject(value) &&
  ((value as AssistantOpeningMessage).role === 'user' ||
    (value as AssistantOpeningMessage).role === 'assistant') &&
  typeof (value as AssistantOpeningMessage).content === 'string';

export const toAssistant = (row: Row): AssistantRecord => ({
  id: String(row.id),
  name: String(row.name),
  emoji: String(row.emoji ?? ''),
  systemPrompt: String(row.system_prompt ?? ''),
  providerId: textOrNull(row.provider_id),
  model: textOrNull(row.model),
  parameters: jsonOr<AssistantRecord['parameters']>(row.parameters, {}, isPlainObject),
  openingMessages: jsonOr<AssistantOpeningMessage[]>(
    row.opening_messages,
    [],
    (value) => Array.isArray(value) && value.every(isOpeningMessage),
  ),
  position: Number(row.position),
  builtinId: textOrNull(row.builtin_id),
  quickAskDefault: Number(row.quick_ask_default) === 1,
  createdAt: Number(row.created_at),
  updatedAt: Number(row.updated_at),
});

/**
 * Insert or update. A new assistant goes to the end of the list whatever position it carries; an
 * existing one keeps its place and quick-ask mark (reorderAssistants and setQuickAskAssistant change
 * those). `onlyIfNewer` keeps a stored row newer than the incoming one (backup imports).
 */
const upsertSql = (onlyIfNewer: boolean): string => `
  INSERT INTO assistants (id, name, emoji, system_prompt, provider_id, model, parameters,
                          opening_messages, builtin_id, created_at, updated_at, position)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, (SELECT coalesce(max(position), -1) + 1 FROM assistants))
  ON CONFLICT (id) DO UPDATE SET
    name = excluded.name, emoji = excluded.emoji, system_prompt = excluded.system_prompt,
    provider_id = excluded.provider_id, model = excluded.model, parameters = excluded.parameters,
    opening_messages = excluded.opening_messages, builtin_id = excluded.builtin_id,
    created_at = excluded.created_at, updated_at = excluded.updated_at
  ${onlyIfNewer ? 'WHERE excluded.updated_at >= assistants.updated_at' : ''}`;

const upsertValues = (a: AssistantRecord): SqlValue[] => [
  a.id,
  a.name,
  a.emoji,
  a.systemPrompt,
  a.providerId,
  a.model,
  JSON.stringify(a.parameters),
  JSON.stringify(a.openingMessages),
  a.builtinId,
  a.createdAt,
  a.updatedAt,
];

/** Every assistant in list order, read through `all`: for the store and the backup's writer. */
export const readAssistants = (all: Statements['all']): AssistantRecord[] =>
  all(
    `SELECT ${assistantColumns.join(', ')} FROM assistants
     INDEXED BY assistants_by_position ORDER BY position, rowid`,
  ).map(toAssistant);

export interface StoreAssistantsDeps {
  db: Database;
  statements: Statements;
  emit: (change: HistoryChange) => void;
}

export interface AssistantsStore extends StoreAssistants {
  /**
   * A backup's assistants, inside the caller's transaction: newer stored rows are kept, and the
   * backup's quick-ask mark is taken only when no stored assistant has one.
   */
  writeFromBackup(assistants: readonly AssistantRecord[]): void;
}

export const createStoreAssistants = ({
  db,
  statements: { all, one, run },
  emit,
}: StoreAssistantsDeps): AssistantsStore => {
  const write = <T>(work: () => T): T => {
    const result = inTransaction(db, work);
    emit({ type: 'assistants' });
    return result;
  };

  const writeFromBackup = (assistants: readonly AssistantRecord[]): void => {
    const marked = assistants.find((a) => a.quickAskDefault);
    const hasMark = one('SELECT 1 AS found FROM assistants WHERE quick_ask_default = 1');
    for (const assistant of assistants) {
      run(upsertSql(true), upsertValues(assistant));
      run('UPDATE assistants SET position = ? WHERE id = ?', [assistant.position, assistant.id]);
    }
    if (marked && !hasMark) {
      run('UPDATE assistants SET quick_ask_default = 1 WHERE id = ?', [marked.id]);
    }
  };

  return {
    listAssistants: () => readAssistants(all),

    saveAssistants: (assistants) =>
      write(() => {
        for (const assistant of assistants) run(upsertSql(false), upsertValues(assistant));
      }),

    deleteAssistant: (id) =>
      write(() => {
        run('DELETE FROM assistants WHERE id = ?', [id]);
      }),

    reorderAssistants: (ids) =>
      write(() => {
        // The listed ones first, in that order; any not listed (added meanwhile by another window)
        // keep their order after them.
        const listed = new Map(ids.map((id, index) => [id, index]));
        const rest = all('SELECT id FROM assistants ORDER BY position, rowid')
          .map((row) => String(row.id))
          .filter((id) => !listed.has(id));
        [...listed.keys(), ...rest].forEach((id, position) =>
          run('UPDATE assistants SET position = ? WHERE id = ?', [position, id]),
        );
      }),

    setQuickAskAssistant: (id) =>
      write(() => {
        if (id !== null && !one('SELECT 1 AS found FROM assistants WHERE id = ?', [id])) {
          throw historyError('not-found', 'That assistant no longer exists.');
        }
        run('UPDATE assistants SET quick_ask_default = 0 WHERE quick_ask_default = 1');
        if (id !== null) run('UPDATE assistants SET quick_ask_default = 1 WHERE id = ?', [id]);
      }),

    writeFromBackup,
  };
};
