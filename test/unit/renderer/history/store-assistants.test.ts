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
  it('adds assistants to a schema 7 database with conversations in it, keeping them', async () => {
    const db = await openMemoryDatabase(7);
    expect(schemaVersion(db)).toBe(7);
    db.exec(`
      INSERT INTO conversations (id, title, created_at, updated_at, parameters)
        VALUES ('c', 'Kept', 1, 2, '{"temperature":0.2}');
      INSERT INTO messages (id, conversation_id, role, content, status, created_at, updated_at)
        VALUES ('m', 'c', 'user', 'still here after the migration', 'complete', 1, 1);
    `);
    expect(db.selectValue(`SELECT count(*) FROM sqlite_master WHERE name = 'assistants'`)).toBe(0);
    migrate(db, 8);
    expect(schemaVersion(db)).toBe(8);
    expect(db.selectValues('SELECT id FROM assistants ORDER BY position')).toEqual(shippedIds);
    migrate(db);
    const store = createHistoryStore(db, { parsers: importParsers });
    expect(store.listAssistants().map((a) => a.id)).toEqual(shippedIds);
    expect(store.getConversation('c')?.parameters).toEqual({ temperature: 0.2 });
    expect(store.listMessages('c').messages.map((m) => m.content)).toEqual([
      'still here after the migration',
    ]);
    expect(store.search('migration').map((h) => h.messageId)).toEqual(['m']);
  });

  it('adds them to a schema 6 database too, through 7', async () => {
    const db = await openMemoryDatabase(6);
    db.exec(
      `INSERT INTO conversations (id, title, created_at, updated_at) VALUES ('c', 'Old', 1, 2)`,
    );
    migrate(db);
    const store = createHistoryStore(db, { parsers: importParsers });
    expect(store.listAssistants().map((a) => a.id)).toEqual(shippedIds);
    expect(store.getConversation('c')?.title).toBe('Old');
  });
});

describe('assistants in the JSON backup', () => {
  const fresh = async () =>
    createHistoryStore(await openMemoryDatabase(), { parsers: importParsers });

  it('round-trips every assistant exactly, in the same transaction as the conversations', async () => {
    const source = await fresh();
    source.saveAssistants([
      assistant('builtin-translator', {
        name: 'Translator (to French)',
        builtinId: 'translator',
        parameters: { temperature: 0.1, reasoningEffort: 'low' },
        updatedAt: 50,
      }),
      assistant('tutor', {
        openingMessages: [
          { role: 'user', content: 'Teach me.' },
          { role: 'assistant', content: 'Gladly.' },
        ],
        providerId: 'local',
        model: 'llama3',
        parameters: { stop: ['END'], seed: 7, maxTokens: 400, topP: 0.9 },
      }),
    ]);
    source.deleteAssistant('builtin-explainer');
    source.reorderAssistants(['tutor']);
    source.setQuickAskAssistant('tutor');
    source.saveConversation({
      id: 'c',
      title: 'Kept',
      createdAt: 1,
      updatedAt: 1,
      pinned: false,
      model: null,
      providerId: null,
      tags: [],
      currentLeafId: null,
    });
    const backup = source.exportBackup();
    const written = JSON.parse(backup) as { version: number; assistants: AssistantRecord[] };
    expect(written.version).toBe(3);
    expect(written.assistants).toEqual(source.listAssistants());

    const target = await fresh();
    const changes: HistoryChange[] = [];
    const listening = createHistoryStore(await openMemoryDatabase(), {
      parsers: importParsers,
      onChange: (change) => changes.push(change),
    });
    expect(target.importBackup(backup).conversations).toBe(1);
    const imported = target.listAssistants();
    // Every assistant of the backup, as it was; the target's own unedited explainer stays too.
    expect(imported.filter((a) => a.id !== 'builtin-explainer')).toEqual(source.listAssistants());
    expect(imported.map((a) => a.id)).toContain('builtin-explainer');
    // Twice: no duplicates.
    target.importBackup(backup);
    expect(target.listAssistants()).toEqual(imported);
    listening.importBackup(backup);
    expect(changes).toContainEqual({ type: 'assistants' });
  });

  it('keeps the quick-ask choice already made, and a stored assistant newer than the backup', async () => {
    const source = await fresh();
    source.saveAssistants([assistant('a', { updatedAt: 10 })]);
    source.setQuickAskAssistant('a');
    const backup = source.exportBackup();
    const target = await fresh();
    target.saveAssistants([assistant('a', { name: 'Newer here', updatedAt: 99 })]);
    target.setQuickAskAssistant('builtin-translator');
    target.importBackup(backup);
    const listed = target.listAssistants();
    expect(listed.find((a) => a.id === 'a')?.name).toBe('Newer here');
    expect(listed.filter((a) => a.quickAskDefault).map((a) => a.id)).toEqual([
      'builtin-translator',
    ]);
  });

  it('imports a version 2 backup with no assistants, leaving them be; refuses a damaged one whole', async () => {
    const target = await fresh();
    const v2 = JSON.stringify({
      format: 'runnel-history-backup',
      version: 2,
      exportedAt: 1,
      conversations: [],
    });
    expect(target.importBackup(v2).conversations).toBe(0);
    expect(target.listAssistants().map((a) => a.id)).toEqual(shippedIds);

    const damaged = JSON.stringify({
      format: 'runnel-history-backup',
      version: 3,
      exportedAt: 1,
      conversations: [
        {
          id: 'c',
          title: 'Not imported',
          createdAt: 1,
          updatedAt: 1,
          pinned: false,
          model: null,
          providerId: null,
          tags: [],
          currentLeafId: null,
          messages: [],
        },
      ],
      assistants: [{ ...assistant('x'), parameters: { temperature: 5 } }],
    });
    expect(() => target.importBackup(damaged)).toThrow(
      'This backup is damaged: assistants[0].parameters: Temperature must be a number from 0 to 2; it was 5.. Nothing was imported.',
    );
    expect(target.listConversations()).toEqual([]);
    const repeated = JSON.stringify({
      ...JSON.parse(damaged),
      assistants: [assistant('x'), assistant('x')],
    });
    expect(() => target.importBackup(repeated)).toThrow(
      'This backup is damaged: assistants[1] repeats the id "x". Nothing was imported.',
    );
    expect(target.listConversations()).toEqual([]);
  });
});
