import { describe, expect, it } from 'vitest';
import {
  conversationToMarkdown,
  conversationTreeToMarkdown,
} from '../../../../renderer/src/history/export-markdown';
import { createHistoryStore } from '../../../../renderer/src/history/history-store';
import { importParsers } from '../../../../renderer/src/history/import-parsers';
import type { ConversationRecord, MessageRecord } from '../../../../renderer/src/history/types';
import { openMemoryDatabase } from './sqlite-memory';

const conversation: ConversationRecord = {
  id: 't',
  title: 'Sourdough',
  createdAt: Date.UTC(2026, 0, 2, 9, 30),
  updatedAt: 0,
  pinned: false,
  model: 'gpt-test',
  providerId: null,
  tags: [],
  currentLeafId: null,
};

const record = (
  id: string,
  at: number,
  parentId: string | null,
  content: string,
): MessageRecord => ({
  id,
  conversationId: 't',
  parentId,
  role: id.startsWith('a') ? 'assistant' : 'user',
  content,
  reasoning: '',
  status: 'complete',
  finishReason: null,
  usage: null,
  error: null,
  createdAt: at,
  updatedAt: at,
});

// q1 ─ a1 ─ q2 ─ a2          branch 1 (shown)
//    │         └ a2b         branch 2: q2's answer regenerated
//    └ a1b                   branch 3: q1's answer regenerated
// q1e ─ a1e                  branch 4: q1 edited
const messages = [
  record('q1', 1, null, 'How often do I feed it?'),
  record('a1', 2, 'q1', 'Once a day.'),
  record('q2', 3, 'a1', 'And in winter?'),
  record('a2', 4, 'q2', 'Every other day.'),
  record('a2b', 5, 'q2', 'Every third day when cold.'),
  record('a1b', 6, 'q1', 'Twice a day when warm.'),
  record('q1e', 7, null, 'How often do I feed a rye starter?'),
  record('a1e', 8, 'q1e', 'Once a day, with rye flour.'),
];

describe('Markdown export of every branch', () => {
  it('writes one flat section per branch, the one shown first, each message once', () => {
    expect(conversationTreeToMarkdown(conversation, messages, 'a2')).toBe(
      [
        '# Sourdough',
        '_Started 2026-01-02 09:30 UTC · model gpt-test · 4 branches, the one shown first_',
        '## Branch 1 of 4 (shown)',
        '### You · version 1 of 2',
        'How often do I feed it?',
        '### Assistant · version 1 of 2',
        'Once a day.',
        '### You',
        'And in winter?',
        '### Assistant · version 1 of 2',
        'Every other day.',
        '## Branch 2 of 4\n\n_Follows You in branch 1: “And in winter?”_',
        '### Assistant · version 2 of 2',
        'Every third day when cold.',
        '## Branch 3 of 4\n\n_Follows You in branch 1: “How often do I feed it?”_',
        '### Assistant · version 2 of 2',
        'Twice a day when warm.',
        '## Branch 4 of 4\n\n_Starts with another version of the first message._',
        '### You · version 2 of 2',
        'How often do I feed a rye starter?',
        '### Assistant',
        'Once a day, with rye flour.',
      ].join('\n\n') + '\n',
    );
  });

  it('puts the branch shown first wherever it is, and names where the others leave it', () => {
    const markdown = conversationTreeToMarkdown(conversation, messages, 'a1e');
    const headings = markdown.split('\n').filter((line) => line.startsWith('## '));
    expect(headings).toEqual([
      '## Branch 1 of 4 (shown)',
      '## Branch 2 of 4',
      '## Branch 3 of 4',
      '## Branch 4 of 4',
    ]);
    expect(markdown.indexOf('rye starter')).toBeLessThan(
      markdown.indexOf('How often do I feed it?'),
    );
    expect(markdown).toContain('_Follows You in branch 2: “And in winter?”_');
    // Every message written exactly once (the lines saying what a branch follows quote a line of it).
    const lines = markdown.split('\n');
    for (const message of messages)
      expect(lines.filter((line) => line === message.content)).toHaveLength(1);
  });

  it('a conversation without branches reads as the default export', () => {
    const chain = messages.slice(0, 4);
    expect(conversationTreeToMarkdown(conversation, chain, null)).toBe(
      conversationToMarkdown(conversation, chain),
    );
  });

  it('a deep tree keeps two heading levels and stays the size of its text', () => {
    // 200 branch points: every answer of a 400-message thread regenerated once.
    const deep: MessageRecord[] = [];
    let parent: string | null = null;
    for (let i = 0; i < 400; i++) {
      const id = i % 2 ? `a${i}` : `q${i}`;
      deep.push(record(id, i * 2, parent, `text ${i}`));
      if (i % 2) deep.push(record(`a${i}-again`, i * 2 + 1, parent, `again ${i}`));
      parent = id;
    }
    const markdown = conversationTreeToMarkdown(conversation, deep, null);
    expect(markdown.match(/^## Branch /gm)).toHaveLength(201);
    expect(markdown.match(/^#{4,} /gm)).toBeNull();
    expect(markdown.length).toBeLessThan(deep.reduce((n, m) => n + m.content.length, 0) * 12);
  });

  it('the store writes the branch shown by default and every branch when asked', async () => {
    const store = createHistoryStore(await openMemoryDatabase(), { parsers: importParsers });
    store.saveConversation({ ...conversation, currentLeafId: 'a2b' });
    store.saveMessages(messages);
    const shown = store.exportMarkdown('t');
    expect(shown).toContain('Every third day when cold.');
    expect(shown).not.toContain('rye');
    expect(store.exportMarkdown('t', { branches: 'shown' })).toBe(shown);
    const every = store.exportMarkdown('t', { branches: 'all' });
    expect(every).toBe(conversationTreeToMarkdown(conversation, messages, 'a2b'));
    expect(every).toMatch(/## Branch 1 of 4 \(shown\)[^#]+### You · version 1 of 2/);
  });
});
