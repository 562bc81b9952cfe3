import { beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '@sqlite.org/sqlite-wasm';
import {
  createHistoryStore,
  type HistoryStore,
} from '../../../../renderer/src/history/history-store';
import { importParsers } from '../../../../renderer/src/history/import-parsers';
import { shippedAssistants } from '../../../../renderer/src/history/migration-8-assistants';
import { migrate, schemaVersion } from '../../../../renderer/src/history/migrations';
import type { AssistantRecord, HistoryChange } from '../../../../renderer/src/history/types';
import { openMemoryDatabase } from './sqlite-memory';

const assistant = (id: string, patch: Partial<AssistantRecord> = {}): AssistantRecord => ({
  id,
  name: `Assistant ${id}`,
  emoji: '🤖',
  systemPrompt: `You are ${id}.`,
  providerId: null,
  model: null,
  parameters: {},
  openingMessages: [],
  position: 0,
  builtinId: null,
  quickAskDefault: false,
  createdAt: 10,
  updatedAt: 10,
  ...patch,
});

const shippedIds = shippedAssistants.map((a) => `builtin-${a.builtinId}`);

describe('assistants in the history store', () => {
  let db: Database;
  let store: HistoryStore;
  let changes: HistoryChange[];

  beforeEach(async () => {
    db = await openMemoryDatabase();
    changes = [];
    store = createHistoryStore(db, {
      parsers: importParsers,
      onChange: (change) => changes.push(change),
    });
  });

  const ids = (): string[] => store.listAssistants().map((a) => a.id);

  it('starts with the shipped assistants, in order, marked as shipped and never edited', () => {
    const listed = store.listAssistants();
    expect(listed.map((a) => a.name)).toEqual([
      'Translator',
      'Code reviewer',
      'Writing editor',
      'Explain simply',
    ]);
    expect(listed.map((a) => a.builtinId)).toEqual(shippedAssistants.map((a) => a.builtinId));
    expect(listed[0]).toMatchObject({
      id: 'builtin-translator',
      parameters: { temperature: 0.3 },
      openingMessages: [],
      quickAskDefault: false,
      createdAt: 0,
      updatedAt: 0,
    });
    expect(listed[0]?.systemPrompt).toMatch(/translator/i);
  });

  it('adds new ones at the end, keeps the place of an edited one, and says so to other windows', () => {
    store.saveAssistants([
      assistant('a', { position: 0, openingMessages: [{ role: 'assistant', content: 'Hi!' }] }),
      assistant('b', {
        parameters: { temperature: 1.2, stop: ['END'] },
        providerId: 'p',
        model: 'm',
      }),
    ]);
    expect(ids()).toEqual([...shippedIds, 'a', 'b']);
    expect(changes).toEqual([{ type: 'assistants' }]);
    store.saveAssistants([assistant('a', { name: 'Renamed', position: 99, updatedAt: 20 })]);
    expect(ids()).toEqual([...shippedIds, 'a', 'b']);
    const [a, b] = store.listAssistants().slice(-2);
    expect(a).toMatchObject({ name: 'Renamed', updatedAt: 20, openingMessages: [] });
    expect(b).toMatchObject({
      parameters: { temperature: 1.2, stop: ['END'] },
      providerId: 'p',
      model: 'm',
    });
  });

  it('saves a batch all or nothing', () => {
    const broken = { ...assistant('y'), name: null } as unknown as AssistantRecord;
    expect(() => store.saveAssistants([assistant('x'), broken])).toThrow();
    expect(ids()).toEqual(shippedIds);
  });

  it('reorders: the named ones first, in that order, the rest after in their order', () => {
    store.saveAssistants([assistant('a'), assistant('b')]);
    store.reorderAssistants(['b', 'builtin-writing-editor']);
    expect(ids()).toEqual([
      'b',
      'builtin-writing-editor',
      'builtin-translator',
      'builtin-code-reviewer',
      'builtin-explainer',
      'a',
    ]);
  });

  it('deletes one, and a deleted shipped one does not come back when the database opens again', () => {
    store.deleteAssistant('builtin-translator');
    expect(ids()).not.toContain('builtin-translator');
    expect(migrate(db)).toBe(schemaVersion(db));
    const reopened = createHistoryStore(db, { parsers: importParsers });
    expect(reopened.listAssistants().map((a) => a.id)).toEqual(shippedIds.slice(1));
  });

  it('marks at most one assistant for quick ask, and refuses one that is gone', () => {
    store.setQuickAskAssistant('builtin-translator');
    store.setQuickAskAssistant('builtin-code-reviewer');
    expect(
      store
        .listAssistants()
        .filter((a) => a.quickAskDefault)
        .map((a) => a.id),
    ).toEqual(['builtin-code-reviewer']);
    // Saving an edit keeps the mark.
    store.saveAssistants([assistant('builtin-code-reviewer', { quickAskDefault: false })]);
    expect(store.listAssistants().find((a) => a.quickAskDefault)?.id).toBe('builtin-code-reviewer');
    expect(() => store.setQuickAskAssistant('nope')).toThrow('That assistant no longer exists.');
    store.setQuickAskAssistant(null);
    expect(store.listAssistants().some((a) => a.quickAskDefault)).toBe(false);
    // Deleting the marked one takes the mark with it.
    store.setQuickAskAssistant('builtin-explainer');
    store.deleteAssistant('builtin-explainer');
    expect(store.listAssistants().some((a) => a.quickAskDefault)).toBe(false);
  });

  it('reads a damaged JSON column as empty instead of failing the list', () => {
    store.saveAssistants([assistant('a')]);
    db.exec(
      `UPDATE assistants SET parameters = '{oops', opening_messages = '[{"role":"x"}]' WHERE id = 'a'`,
    );
    expect(store.listAssistants().at(-1)).toMatchObject({
      id: 'a',
      parameters: {},
      openingMessages: [],
    });
  });

  it('lists them through the position index', () => {
    const plan = db
      .selectValues(
        `EXPLAIN QUERY PLAN SELECT id FROM assistants INDEXED BY assistants_by_position ORDER BY position, rowid`,
      )
      .join(' ');
    expect(plan).not.toMatch(/TEMP B-TREE/);
  });
});

describe('migration 8', () => {
  it('adds assistants to a schema 7 (or 6) database with conversations in it, keeping them', async () => {
    const db = await openMemoryDatabase(7);
    const before = schemaVersion(db);
    expect(before).toBeGreaterThanOrEqual(6);
    expect(before).toBeLessThan(8);
    db.exec(`
      INSERT INTO conversations (id, title, created_at, updated_at) VALUES ('c', 'Kept', 1, 2);
      INSERT INTO messages (id, conversation_id, role, content, status, created_at, updated_at)
        VALUES ('m', 'c', 'user', 'still here after the migration', 'complete', 1, 1);
    `);
    expect(db.selectValue(`SELECT count(*) FROM sqlite_master WHERE name = 'assistants'`)).toBe(0);
    migrate(db, 8);
    expect(schemaVersion(db)).toBe(8);
    const store = createHistoryStore(db, { parsers: importParsers });
    expect(store.listAssistants().map((a) => a.id)).toEqual(shippedIds);
    expect(store.listMessages('c').messages.map((m) => m.content)).toEqual([
      'still here after the migration',
    ]);
    expect(store.search('migration').map((h) => h.messageId)).toEqual(['m']);
  });
});
