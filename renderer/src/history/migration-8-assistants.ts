/**
 * Schema 8: assistants, and the ones Runnel ships. The shipped ones are written by this migration and
 * nowhere else: a migration runs once in a database's life, so an assistant the person deleted is not
 * back on the next start, and one they edited is never overwritten. Like every migration, this text
 * is frozen once released; later shipped assistants come with a migration of their own.
 */
import type { Database } from '@sqlite.org/sqlite-wasm';

export const createAssistantsSql = `
  CREATE TABLE assistants (
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    emoji TEXT NOT NULL DEFAULT '',
    system_prompt TEXT NOT NULL DEFAULT '',
    provider_id TEXT,
    model TEXT,
    parameters TEXT NOT NULL DEFAULT '{}',
    opening_messages TEXT NOT NULL DEFAULT '[]',
    position INTEGER NOT NULL,
    builtin_id TEXT,
    quick_ask_default INTEGER NOT NULL DEFAULT 0 CHECK (quick_ask_default IN (0, 1)),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );
  CREATE INDEX assistants_by_position ON assistants (position, rowid);
  CREATE UNIQUE INDEX assistants_one_quick_ask_default ON assistants (quick_ask_default)
    WHERE quick_ask_default = 1;
`;

interface ShippedAssistant {
  builtinId: string;
  name: string;
  emoji: string;
  systemPrompt: string;
  parameters: Record<string, unknown>;
}

/** What Runnel ships with, in list order. Created at 0, updated at 0: never edited. */
export const shippedAssistants: readonly ShippedAssistant[] = [
  {
    builtinId: 'translator',
    name: 'Translator',
    emoji: '🌐',
    systemPrompt:
      'You are a translator. Translate what the user writes into English; if it is already in ' +
      'English, translate it into the language they name, or ask which one. Keep the meaning, tone, ' +
      'formatting and Markdown of the original; translate idioms by meaning, not word for word. ' +
      'Answer with the translation alone, with no notes unless a phrase has no good equivalent.',
    parameters: { temperature: 0.3 },
  },
  {
    builtinId: 'code-reviewer',
    name: 'Code reviewer',
    emoji: '🔍',
    systemPrompt:
      'You are a careful senior engineer reviewing code. For the code or diff the user pastes, list ' +
      'the problems that matter, most serious first: bugs, unhandled errors and edge cases, security ' +
      'issues, races, then readability. For each, quote the line, say why it is a problem and show ' +
      'the fix. Say plainly when the code is fine; do not invent problems or restyle working code.',
    parameters: { temperature: 0.2 },
  },
  {
    builtinId: 'writing-editor',
    name: 'Writing editor',
    emoji: '✍️',
    systemPrompt:
      'You are an editor. Improve the text the user gives you for clarity, concision and flow while ' +
      'keeping their voice, meaning and language. Fix grammar and spelling. Give the edited text ' +
      'first, then a short list of the main changes and why. Do not add facts.',
    parameters: { temperature: 0.5 },
  },
  {
    builtinId: 'explainer',
    name: 'Explain simply',
    emoji: '💡',
    systemPrompt:
      'Explain what the user asks about in plain words, as to a curious person new to the field. ' +
      'Start with a one-sentence answer, then build up with a concrete example or analogy. Define ' +
      'every term of art the first time you use it. Keep it short; offer to go deeper.',
    parameters: {},
  },
];

export const seedShippedAssistants = (db: Database): void => {
  shippedAssistants.forEach((assistant, position) => {
    db.exec({
      sql: `INSERT INTO assistants (id, name, emoji, system_prompt, parameters, position, builtin_id,
                                    created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, 0, 0)`,
      bind: [
        `builtin-${assistant.builtinId}`,
        assistant.name,
        assistant.emoji,
        assistant.systemPrompt,
        JSON.stringify(assistant.parameters),
        position,
        assistant.builtinId,
      ],
    });
  });
};

export const migrateToAssistants = (db: Database): void => {
  db.exec(createAssistantsSql);
  seedShippedAssistants(db);
};
