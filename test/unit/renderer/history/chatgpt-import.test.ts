/**
 * ChatGPT import against export shapes from 2023 to 2026 (see test/fixtures/chatgpt/README.md for which
 * fixtures are copied from public sources and which are constructed). Every test imports through the real
 * store over in-memory sqlite-wasm and checks what landed, not just what the parser returned.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Backup } from '../../../../renderer/src/history/backup';
import { parseChatGptExport } from '../../../../renderer/src/history/chatgpt-import';
import { buildMessageTree } from '../../../../renderer/src/history/message-tree';
import type { HistoryStore } from '../../../../renderer/src/history/history-store';
import { createHistoryStore } from '../../../../renderer/src/history/history-store';
import { importParsers } from '../../../../renderer/src/history/import-parsers';
import { openMemoryDatabase } from './sqlite-memory';
import { refusalOf } from './refusal';

const fixtureDir = new URL('../../../fixtures/chatgpt/', import.meta.url);
const fixture = (name: string): string => readFileSync(new URL(name, fixtureDir), 'utf8');
const exportFiles = readdirSync(fixtureDir).filter((name) => name.endsWith('.json'));

type Landed = Backup['conversations'];

let store: HistoryStore;
beforeEach(async () => {
  store = createHistoryStore(await openMemoryDatabase(), { parsers: importParsers, now: () => 42 });
});

/** Everything stored, as the backup sees it: conversations oldest first, messages in order. */
const landed = (): Landed => (JSON.parse(store.exportBackup()) as Backup).conversations;
const importFixture = (name: string): Landed => {
  store.importChatGpt(fixture(name));
  return landed();
};
const dialogue = (conversation: Landed[number] | undefined): string[][] =>
  (conversation?.messages ?? []).map((m) => [m.role, m.content]);
/** The branch a conversation shows, as the window reads it. */
const shownDialogue = (conversation: Landed[number] | undefined): string[][] =>
  store
    .listMessages(conversation?.id ?? '', { limit: 1000 })
    .messages.map((m) => [m.role, m.content]);

describe('ChatGPT export shapes', () => {
  it('the hand-written sample: every branch kept, current_node’s shown, hidden and tool nodes skipped', () => {
    const [kyoto, plot, chinese] = importFixture('conversations.json');
    expect([kyoto, plot, chinese].map((c) => c?.title)).toEqual([
      'Trip to Kyoto in spring',
      'Plot a sine wave',
      '用中文解释递归',
    ]);
    expect(shownDialogue(kyoto).map(([role, text]) => [role, text?.slice(0, 24)])).toEqual([
      ['user', 'Plan three days in Kyoto'],
      ['assistant', 'Day 1: Fushimi Inari at '],
      ['user', '[image]\nIs this temple o'],
      ['assistant', 'Yes: that is Fushimi Ina'],
    ]);
    expect(kyoto?.messages.find((m) => m.content.startsWith('Yes:'))?.reasoning).toContain(
      'vermilion gates',
    );
    expect(kyoto?.model).toBe('o3');
    expect(kyoto?.id).toBe('chatgpt-6632a1b0-7c1e-8005-a4a1-1f2e3d4c5b6a');
    expect(kyoto?.tags).toEqual(['chatgpt']);
    expect(kyoto?.messages[0]?.createdAt).toBe(1714557601123);
    // The regenerated answer is kept: the first version of the answer shown, a page away.
    const kyotoId = kyoto?.id ?? '';
    const { siblings } = store.listMessages(kyotoId);
    expect(siblings[`${kyotoId}-c1c2c3c4-new`]).toMatchObject({
      index: 2,
      count: 2,
      previousId: `${kyotoId}-b1b2b3b4-old`,
    });
    expect(kyoto?.messages.find((m) => m.id === `${kyotoId}-b1b2b3b4-old`)).toMatchObject({
      content: 'First draft itinerary that was regenerated away.',
      parentId: `${kyotoId}-aaa2c1d4-user`,
    });
    // The question before the edit is the first version of the first question; the edited one shows.
    expect(shownDialogue(plot).map(([role]) => role)).toEqual(['user', 'assistant', 'assistant']);
    expect(shownDialogue(plot)[0]?.[1]).toContain('matplotlib');
    expect(store.listMessages(plot?.id ?? '').siblings[`${plot?.id}-u2-edited`]).toMatchObject({
      index: 2,
      count: 2,
    });
    expect(dialogue(plot)[0]).toEqual(['user', 'plot sin x']);
    // Code sent to python is what ChatGPT shows as the analysis; its output (a tool node) is not, and
    // the answer after it hangs from the code.
    expect(shownDialogue(plot)[1]?.[1]).toMatch(/^```python\nimport numpy as np/);
    expect(plot?.messages.at(-1)?.parentId).toBe(`${plot?.id}-a2-code`);
    // current_node is a tool node ChatGPT does not show: the answer above it ends the branch.
    expect(chinese?.currentLeafId).toBe(`${chinese?.id}-a3`);
    expect(shownDialogue(chinese).map(([role]) => role)).toEqual(['user', 'assistant']);
    expect(store.stats()).toMatchObject({ conversations: 3, messages: 11 });
  });

  it('2023, copied from a real export: a hidden system node listed before its root, old model slug', () => {
    const [intervals] = importFixture('2023-10-librechat-linear.json');
    expect(intervals).toMatchObject({
      id: 'chatgpt-7c5ab593-dbab-43bd-862d-2c3c1eeebf6a',
      title: 'Conversation 2',
      createdAt: 1697373097900,
      updatedAt: 1697373123976,
      model: 'text-davinci-002-render-sha',
    });
    // Message ids are the conversation's id and the node's (ChatGPT reuses node ids across chats).
    const chat = 'chatgpt-7c5ab593-dbab-43bd-862d-2c3c1eeebf6a';
    expect(intervals?.messages.map((m) => [m.id, m.role, m.createdAt, m.finishReason])).toEqual([
      [`${chat}-aaa2e334-b386-4ed8-b33b-5d788c882f1d`, 'user', 1697373097900, null],
      [`${chat}-9f97ac83-7408-4872-9e3b-ee4272c94e10`, 'assistant', 1697373107211, 'stop'],
      [`${chat}-aaa21d18-8c68-43b2-8939-86fadac2b861`, 'user', 1697373115892, null],
      [`${chat}-73a2fe12-36bd-4cc2-8460-8108d16cc42d`, 'assistant', 1697373123971, 'stop'],
    ]);
    expect(intervals?.messages[0]?.content).toBe(
      'In programming how to find if all intervals have the one point where they intersect. \nFor example in [2, 5] [4,5] [3,7] it will be 4.',
    );
    expect(intervals?.messages[3]?.content).toContain('```csharp\nusing System;');
  });

  it('each answer keeps the model ChatGPT says wrote it, with no provider of ours', () => {
    const [intervals] = importFixture('2023-10-librechat-linear.json');
    const answers = intervals?.messages.filter((m) => m.role === 'assistant') ?? [];
    expect(answers.map((m) => m.model)).toEqual([
      'text-davinci-002-render-sha',
      'text-davinci-002-render-sha',
    ]);
    for (const message of intervals?.messages ?? [])
      expect(message).not.toHaveProperty('providerId');
    for (const question of intervals?.messages.filter((m) => m.role === 'user') ?? [])
      expect(question).not.toHaveProperty('model');
  });

  it('2024 browsing (real structure): the search and click calls and page dumps stay out', () => {
    const [search] = importFixture('2024-01-browsing-excerpt.json');
    expect(dialogue(search).map(([role]) => role)).toEqual(['user', 'assistant']);
    expect(search?.messages[0]?.content).toBe(
      'What is the fuel consumption of vw  transporter with 8 people in l/km',
    );
    expect(search?.messages[1]?.content).toMatch(/0\.064–0\.082 l\/km/);
    const all = JSON.stringify(search);
    for (const noise of ['search(', 'mclick(', 'Fuelly', 'high volume of page views'])
      expect(all).not.toContain(noise);
    expect(search?.model).toBe('gpt-4');
  });

  it('2025 (LibreChat’s modern fixture): hidden context, sparse metadata, an entry with no mapping', () => {
    const [deploy, pasta] = importFixture('2025-librechat-modern.json');
    expect(dialogue(deploy)).toEqual([
      ['user', 'How do I roll back the deploy?'],
      ['assistant', 'Run `helm rollback staging`.'],
      ['user', 'And if that fails?'],
      ['assistant', 'Restore from the last known-good chart.'],
    ]);
    expect(deploy?.model).toBe('o4-mini');
    expect(JSON.stringify(deploy)).not.toContain('The user is an SRE');
    expect(pasta?.model).toBe('gpt-5');
    expect(dialogue(pasta)).toEqual([
      ['user', 'Something with anchovies?'],
      ['assistant', 'Puttanesca.'],
    ]);
    // "Corrupted entry" has no messages at all: nothing to import, and it does not stop the rest.
    expect(store.stats()).toMatchObject({ conversations: 2, messages: 6 });
  });

  it('2026 slim exports without children: current_node when present, else the newest leaf', () => {
    expect(store.importChatGpt(fixture('2026-slim-no-children.json'))).toMatchObject({
      conversations: 2,
      newestLeafShown: 1,
    });
    const [hamlet, prime] = landed();
    expect(dialogue(hamlet)).toEqual([
      ['user', 'Summarise the plot of Hamlet in one sentence.'],
      ['assistant', 'A prince feigns madness to avenge his father and nearly everyone dies.'],
    ]);
    expect(hamlet?.messages[0]?.createdAt).toBe(1767583930285);
    expect(shownDialogue(prime)).toEqual([
      ['user', 'Name a prime number above 100.'],
      ['assistant', '103 (the newer answer)'],
    ]);
    expect(prime?.currentLeafId).toBe(`${prime?.id}-n-a1-second`);
    expect(dialogue(prime)).toContainEqual(['assistant', '101 (first answer, regenerated)']);
  });

  it('voice mode, images and files: transcripts kept, media as placeholders, tool instructions dropped', () => {
    const [dog, voice] = importFixture('2025-voice-and-images.json');
    expect(dialogue(voice)).toEqual([
      ['user', 'Can the voice change its tone, like telling a story?'],
      ['assistant', 'Yes, within limits: I can sound calmer or more playful.'],
      ['user', '[audio]'],
      ['assistant', 'Sorry, I did not catch that.'],
    ]);
    expect(dialogue(dog)).toEqual([
      ['user', '[image]\nWhat breed is this dog?'],
      ['assistant', 'It looks like a Shiba Inu.'],
      ['user', 'Draw one in a spacesuit.'],
      ['assistant', '[image: A Shiba Inu in a white spacesuit floating above Earth]'],
      ['assistant', 'Here is your astronaut Shiba.'],
      // A file without text: its name, as ChatGPT shows the attachment (images are parts, not repeated).
      ['user', '[file: vet-report.pdf]'],
      ['assistant', 'The report says the vaccinations are up to date.'],
    ]);
    expect(JSON.stringify(dog)).not.toMatch(/DALL·E displayed|"size": "1024x1024"/);
  });

  it('2025–2026 tools: Canvas and python code kept; memory, web, errors and reasoning recaps not', () => {
    const [untitled, go] = importFixture('2025-tools-and-titles.json');
    expect(go?.messages.map((m) => [m.role, m.content])).toEqual([
      ['user', 'Write a Go HTTP server in a canvas, and remember I use Go 1.23.'],
      ['assistant', '```go\npackage main\n\nfunc main() {}\n```'],
      ['assistant', 'The server is in the canvas; noted that you use Go 1.23.'],
      ['user', 'What changed in Go 1.23 iterators? Search the web.'],
      ['assistant', '```python\nprint(sum(range(10)))\n```'],
      [
        'assistant',
        'Go 1.23 lets `for range` iterate over functions (range-over-func)【turn0search0】.',
      ],
    ]);
    expect(go?.messages[1]?.reasoning).toBe('Plan the server\nA net/http server with one handler.');
    expect(go?.messages[5]?.finishReason).toBe('length');
    const all = JSON.stringify(go);
    for (const hidden of [
      'Prefers Go',
      'The user writes Go',
      'Model set context updated',
      'search_query',
      'Full scraped page',
      'robots.txt',
      'Thought for 4 seconds',
      'textdoc_id',
      '"45"',
    ])
      expect(all).not.toContain(hidden);
    // Null message times take the conversation's; a null update_time the last message's.
    expect(go?.messages[0]?.createdAt).toBe(1750000000500);
    expect(go?.updatedAt).toBe(1750000106000);
    // Titles: one line, no invisible reordering characters, markup kept as the text it is.
    expect(go?.title).toBe('Go server <script>alert(1)</script> evil &amp; canvas');
    expect(store.search('script').map((hit) => hit.conversationTitle)).toEqual([go?.title]);
    // No title and no times at all: the first question names it; times are 0, never NaN.
    expect(untitled?.title).toBe('How do I reverse a linked list in place?');
    expect(untitled?.messages.map((m) => m.createdAt)).toEqual([0, 0]);
    expect(untitled?.messages[0]?.content).toBe('  How do I\nreverse a linked list in place?  ');
  });

  it('a message id that ChatGPT reused in two conversations stays in both', () => {
    const conversations = importFixture('2024-09-shared-message-id.json');
    expect(conversations.map((c) => [c.title, c.messages.length])).toEqual([
      ['how to use typescript?', 2],
      ['Using TypeScript Guide', 2],
    ]);
    expect(conversations.flatMap((c) => c.messages.map((m) => m.content))).toContain(
      'TypeScript adds static types to JavaScript; start with a tsconfig.json.',
    );
    store.importChatGpt(fixture('2024-09-shared-message-id.json'));
    expect(store.stats()).toMatchObject({ conversations: 2, messages: 4 });
  });

  it('split exports: a chat branched off another keeps its shared messages when they are in another file', () => {
    const [first, second] = JSON.parse(fixture('2024-09-shared-message-id.json')) as unknown[];
    store.importChatGpt(JSON.stringify([first]));
    store.importChatGpt(JSON.stringify([second]));
    expect(landed().map((c) => [c.title, c.messages.length])).toEqual([
      ['how to use typescript?', 2],
      ['Using TypeScript Guide', 2],
    ]);
    store.importChatGpt(JSON.stringify([second]));
    store.importChatGpt(JSON.stringify([first]));
    expect(store.stats()).toMatchObject({ conversations: 2, messages: 4 });
  });

  describe('a conversation imported again from a later export', () => {
    type Node = {
      message: { create_time: number; content: { parts: string[] } } | null;
      parent?: string;
      children?: string[];
    };
    type Chat = { update_time: number; current_node: string; mapping: Record<string, Node> };
    /** The sample chat with its last answer regenerated a minute later, as ChatGPT exports it. */
    const regenerated = (): { before: Chat; after: Chat } => {
      const [chat] = JSON.parse(fixture('2024-09-shared-message-id.json')) as Chat[];
      if (!chat) throw new Error('fixture has no chat');
      const before = structuredClone(chat);
      const answerId = chat.current_node;
      const answer = chat.mapping[answerId];
      const question = answer?.parent ?? '';
      if (!answer?.message) throw new Error('fixture has no answer');
      const time = answer.message.create_time + 60;
      chat.mapping['regenerated'] = {
        ...structuredClone(answer),
        message: {
          ...structuredClone(answer.message),
          create_time: time,
          content: { ...answer.message.content, parts: ['A better answer.'] },
        },
      };
      chat.mapping[question]?.children?.push('regenerated');
      chat.current_node = 'regenerated';
      chat.update_time = time;
      return { before, after: chat };
    };
    const contents = (): string[] => landed()[0]?.messages.map((m) => m.content) ?? [];

    it('adds the new answer beside the old one, shows it, and keeps what was written in Runnel', () => {
      const { before, after } = regenerated();
      store.importChatGpt(JSON.stringify([before]));
      const oldAnswer = landed()[0]?.messages[1]?.content ?? '';
      expect(store.importChatGpt(JSON.stringify([after]))).toMatchObject({ messages: 3 });
      expect(contents()).toEqual(['how to use typescript?', oldAnswer, 'A better answer.']);
      const [chat] = landed();
      expect(shownDialogue(chat)).toEqual([
        ['user', 'how to use typescript?'],
        ['assistant', 'A better answer.'],
      ]);
      // A question asked in Runnel below the new answer stays through the next import, which adds
      // nothing twice and leaves the branch shown as the person left it.
      store.saveMessages([
        {
          ...(chat?.messages[2] as Landed[number]['messages'][number]),
          id: 'written-in-runnel',
          conversationId: chat?.id ?? '',
          parentId: chat?.messages[2]?.id ?? null,
          role: 'user',
          content: 'A question asked in Runnel',
          createdAt: 2e12,
          updatedAt: 2e12,
        },
      ]);
      const once = store.exportBackup();
      store.importChatGpt(JSON.stringify([after]));
      expect(store.exportBackup()).toBe(once);
      expect(shownDialogue(chat).at(-1)).toEqual(['user', 'A question asked in Runnel']);
    });

    it('an older export imported afterwards changes nothing', () => {
      const { before, after } = regenerated();
      store.importChatGpt(JSON.stringify([after]));
      const newer = store.exportBackup();
      store.importChatGpt(JSON.stringify([before]));
      expect(store.exportBackup()).toBe(newer);
    });

    it('replaces messages stored under the ids of earlier versions', () => {
      const { before } = regenerated();
      store.importChatGpt(JSON.stringify([before]));
      // Before ids were per conversation, a message was "chatgpt-" and its node id.
      const backup = JSON.parse(store.exportBackup()) as Backup;
      for (const message of backup.conversations[0]?.messages ?? []) {
        message.id = message.id.replace(/^chatgpt-[0-9a-f-]{36}-/, 'chatgpt-');
        message.parentId = message.parentId?.replace(/^chatgpt-[0-9a-f-]{36}-/, 'chatgpt-') ?? null;
      }
      store.deleteConversation(backup.conversations[0]?.id ?? '');
      store.importBackup(JSON.stringify(backup));
      expect(landed()[0]?.messages.map((m) => m.id)).not.toContain(
        expect.stringMatching(/^chatgpt-.{36}-/),
      );
      store.importChatGpt(JSON.stringify([before]));
      expect(store.stats()).toMatchObject({ conversations: 1, messages: 2 });
    });
  });

  it('the same conversation twice in one file: the newest snapshot wins', () => {
    const [snapshot] = importFixture('duplicate-conversation.json');
    expect(snapshot?.messages.map((m) => m.content)).toEqual([
      'how to use typescript?',
      'First answer.',
      'And a follow-up?',
      'A follow-up answer.',
    ]);
    expect(store.stats()).toMatchObject({ conversations: 1, messages: 4 });
  });

  it('accepts one conversation object and {"conversations": [...]} as well as the list', () => {
    const [single] = importFixture('single-conversation-object.json');
    expect(single?.id).toBe('chatgpt-6700bbbb-0000-8000-0000-000000000002');
    store.importChatGpt(fixture('wrapped-conversations.json'));
    expect(landed().map((c) => c.title)).toEqual([
      'One chat from a browser exporter',
      'Wrapped in an object',
    ]);
  });

  it('every fixture imports twice without duplicates, and the second import changes nothing', () => {
    for (const name of exportFiles) store.importChatGpt(fixture(name));
    const once = store.exportBackup();
    const stats = store.stats();
    for (const name of exportFiles) store.importChatGpt(fixture(name));
    expect(store.stats()).toEqual(stats);
    expect(store.exportBackup()).toBe(once);
    expect(store.verify()).toEqual({ ok: true, problems: [] });
  });

  it('times: milliseconds and date strings from other tools, and a chat branched off an older one', () => {
    const base = JSON.parse(fixture('2023-10-librechat-linear.json')) as Array<
      Record<string, unknown> & { mapping: Record<string, { message: Record<string, unknown> }> }
    >;
    const chat = base[0];
    if (!chat) throw new Error('fixture');
    chat.create_time = '2023-10-15T12:31:37.899Z';
    chat.update_time = 1697373123975;
    const first = chat.mapping['aaa2e334-b386-4ed8-b33b-5d788c882f1d']?.message;
    if (first) first.create_time = 1697000000; // older than the chat itself
    const [imported] = parseChatGptExport(JSON.stringify(base));
    expect(imported?.conversation.createdAt).toBe(1697000000000);
    expect(imported?.conversation.updatedAt).toBe(1697373123975);
    expect(imported?.messages.map((m) => m.createdAt)).toEqual([
      1697000000000, 1697373107211, 1697373115892, 1697373123971,
    ]);
  });

  it('a very long conversation with many branches imports every branch, quickly', () => {
    const mapping: Record<string, unknown> = { root: { id: 'root', message: null, parent: null } };
    let parent = 'root';
    const turns = 5000;
    for (let i = 0; i < turns; i++) {
      const id = `n${i}`;
      const role = i % 2 ? 'assistant' : 'user';
      const message = (text: string, at: number) => ({
        id,
        author: { role },
        create_time: 1700000000 + at,
        content: { content_type: 'text', parts: [text] },
        recipient: 'all',
      });
      mapping[id] = { id, parent, message: message(`turn ${i}`, i) };
      // Every assistant turn was regenerated once; the discarded answer is a sibling leaf.
      if (role === 'assistant')
        mapping[`${id}-old`] = {
          id: `${id}-old`,
          parent,
          message: { ...message(`discarded ${i}`, i), id: `${id}-old` },
        };
      parent = id;
    }
    const json = JSON.stringify([{ id: 'long', title: 'Long', mapping, current_node: parent }]);
    const started = performance.now();
    expect(store.importChatGpt(json)).toEqual({
      conversations: 1,
      messages: turns * 1.5,
      skipped: [],
    });
    expect(performance.now() - started).toBeLessThan(5000);
    const page = store.listMessages('chatgpt-long', { limit: 1000 });
    expect(page.messages.at(-1)?.content).toBe(`turn ${turns - 1}`);
    expect(page.messages.some((m) => m.content.startsWith('discarded'))).toBe(false);
    // Every answer shown has two versions; the other is the discarded one (of the same second).
    expect(page.siblings['chatgpt-long-n4999']).toMatchObject({
      count: 2,
      nextId: 'chatgpt-long-n4999-old',
    });
  });
});

describe('a conversation longer than a function call takes arguments', () => {
  it('130,000 messages parse: times are folded, never spread into Math.min or Math.max', () => {
    const mapping: Record<string, unknown> = {};
    let parent: string | null = null;
    for (let i = 0; i < 130_000; i++) {
      const id = `n${i}`;
      mapping[id] = {
        parent,
        message: {
          author: { role: i % 2 ? 'assistant' : 'user' },
          create_time: 1700000000 + i,
          content: { content_type: 'text', parts: ['x'] },
        },
      };
      parent = id;
    }
    const [chat] = parseChatGptExport(
      JSON.stringify([{ id: 'huge', mapping, current_node: parent }]),
    );
    expect(chat?.messages).toHaveLength(130_000);
    expect(chat?.conversation.createdAt).toBe(1700000000000);
    expect(chat?.conversation.updatedAt).toBe((1700000000 + 129_999) * 1000);
  }, 30_000);
});

describe('broken and wrong files', () => {
  const refusal = (json: string): Promise<string> => {
    store.importChatGpt(fixture('conversations.json'));
    return refusalOf(store, 'invalid-chatgpt-export', () => store.importChatGpt(json));
  };
  const sample = (): Array<Record<string, unknown>> =>
    JSON.parse(fixture('conversations.json')) as Array<Record<string, unknown>>;

  it('truncated, empty, the ZIP itself and chat.html say what they are', async () => {
    const whole = fixture('conversations.json');
    expect(await refusal(whole.slice(0, whole.length / 2))).toMatch(
      /not valid JSON.*may be truncated/,
    );
    expect(await refusal('')).toMatch(/The file is empty/);
    // The dialog hands a ZIP over as a file (chatgpt-zip.test.ts); as text it is a caller's mistake.
    expect(await refusal('PK\u0003\u0004\u0014\u0000\u0008\u0000')).toMatch(
      /ZIP archive read as text.*“Import ChatGPT…”/,
    );
    expect(await refusal('<!DOCTYPE html><html><body>ChatGPT Data Export')).toMatch(/chat\.html/);
  });

  it('a byte order mark in front of the JSON is not an error', () => {
    store.importChatGpt(`\uFEFF${fixture('2023-10-librechat-linear.json')}`);
    expect(store.stats()).toMatchObject({ conversations: 1, messages: 4 });
  });

  it('wrong top-level values name what they hold', async () => {
    expect(await refusal('"conversations"')).toMatch(/holds a string, where the export has a list/);
    expect(await refusal('42')).toMatch(/holds a number/);
    expect(await refusal('null')).toMatch(/holds null/);
    expect(await refusal('{"data": []}')).toMatch(/an object with the keys "data"/);
    expect(await refusal('[{"title": "x"}, {"title": "y"}]')).toMatch(
      /none of its items has a "mapping"/,
    );
  });

  it('other files of the export and other apps’ exports are named', async () => {
    const foreign: Record<string, RegExp> = {
      'claude-conversations.json': /Claude's data export/,
      'openwebui-export.json': /Open WebUI/,
      'librechat-conversation.json': /LibreChat/,
      'message_feedback.json': /message_feedback\.json .*choose conversations\.json/,
      'shared_conversations.json': /shared_conversations\.json/,
      'user.json': /user\.json/,
    };
    for (const [name, expected] of Object.entries(foreign))
      expect(await refusal(fixture(`not-chatgpt/${name}`))).toMatch(expected);
    const backup = store.exportBackup();
    expect(await refusal(backup)).toMatch(/Runnel history backup, not ChatGPT's.*Import backup/);
  });

  it('damaged conversations are left out and each is named with why; the rest imports', () => {
    const data: unknown[] = sample();
    const [kyoto, plot, chinese] = data as Array<Record<string, unknown>>;
    // ChatGPT writes an entry with no mapping for a chat that failed to save.
    delete kyoto?.mapping;
    const node = (plot?.mapping as Record<string, { message: { author: { role: unknown } } }>)[
      'a2-text'
    ];
    if (node) node.message.author.role = 7;
    if (chinese) chinese.current_node = 'missing-node';
    data.push(
      'stray text',
      { id: 'no-mapping-id', mapping: {} },
      { title: 'Nameless', mapping: { a: { message: null, parent: null, children: [] } } },
    );
    // A current_node that names no node: the conversation imports, shown on its newest leaf.
    expect(store.importChatGpt(JSON.stringify(data))).toEqual({
      conversations: 1,
      messages: 2,
      newestLeafShown: 1,
      skipped: [
        {
          title: 'Trip to Kyoto in spring',
          id: '6632a1b0-7c1e-8005-a4a1-1f2e3d4c5b6a',
          where: 'conversations.json item 0',
          reason: 'it has no messages in the export (its "mapping" is missing or empty)',
        },
        {
          title: 'Plot a sine wave',
          id: '6633b2c1-8d2f-8005-b5b2-2a3b4c5d6e7f',
          where: 'conversations.json item 1',
          reason:
            'it is damaged (mapping.a2-text.message.author.role: Invalid input: expected string, received number)',
        },
        {
          title: null,
          id: null,
          where: 'conversations.json item 3',
          reason: 'it is text, not a conversation',
        },
        {
          title: null,
          id: 'no-mapping-id',
          where: 'conversations.json item 4',
          reason: 'it has no messages in the export (its "mapping" is missing or empty)',
        },
        {
          title: 'Nameless',
          id: null,
          where: 'conversations.json item 5',
          reason: 'it has neither "conversation_id" nor "id"',
        },
      ],
    });
  });

  it('one damaged conversation does not stop the others, and the summary names it', () => {
    const data = sample();
    delete data[1]?.mapping;
    const summary = store.importChatGpt(JSON.stringify(data));
    expect(summary.conversations).toBe(2);
    expect(summary.skipped.map((entry) => [entry.title, entry.where])).toEqual([
      ['Plot a sine wave', 'conversations.json item 1'],
    ]);
    expect(landed().map((c) => c.title)).toEqual(['Trip to Kyoto in spring', '用中文解释递归']);
    // A damaged copy of a conversation that a good copy brought in is not reported missing.
    const twice = [...sample(), { ...sample()[0], mapping: undefined }];
    expect(store.importChatGpt(JSON.stringify(twice)).skipped).toEqual([]);
  });

  it('a parent loop or a missing root still imports what the branch has', () => {
    const data = sample();
    const mapping = data[2]?.mapping as Record<string, { parent: string | null }>;
    if (mapping.u3) mapping.u3.parent = 'not-in-the-file';
    const looped = sample();
    const loopMapping = looped[2]?.mapping as Record<string, { parent: string | null }>;
    if (loopMapping.u3) loopMapping.u3.parent = 'a3';
    for (const variant of [data, looped]) {
      const [, , chinese] = parseChatGptExport(JSON.stringify(variant));
      expect(chinese?.messages.map((m) => m.role).sort()).toEqual(['assistant', 'user']);
      // The loop is cut in one place, not dropped: one of the two is a first message, and the branch
      // shown starts there.
      const leaf = chinese?.conversation.currentLeafId ?? '';
      expect(buildMessageTree(chinese?.messages ?? []).pathTo(leaf)[0]?.parentId).toBeNull();
      expect(chinese?.messages.filter((m) => m.parentId === null)).toHaveLength(1);
    }
  });
});

describe('every branch of a conversation', () => {
  type Node = {
    id?: string;
    message: Record<string, unknown> | null;
    parent?: string | null;
    children?: string[];
  };
  type Chat = {
    conversation_id: string;
    title: string;
    update_time: number;
    current_node?: string;
    mapping: Record<string, Node>;
  };
  const acceptance = '/work/shared/acceptance-data/chatgpt-export/';
  const realExport = (name: string): Chat =>
    JSON.parse(readFileSync(`${acceptance}${name}.json`, 'utf8')) as Chat;
  const expected = (name: string) =>
    (
      JSON.parse(readFileSync(`${acceptance}${name}.expected.json`, 'utf8')) as {
        conversations: Array<{
          current_node: string;
          branch_points: number;
          messages: Array<{ role: string; text: string; hidden?: boolean; recipient?: string }>;
        }>;
      }
    ).conversations[0];

  /** A node of the export's own shape: `text` asked or answered at `time` (seconds) below `parent`. */
  const textNode = (chat: Chat, id: string, parent: string, role: string, text: string) => {
    const time = chat.update_time + Object.keys(chat.mapping).length;
    chat.mapping[id] = {
      id,
      parent,
      children: [],
      message: {
        id,
        author: { role },
        create_time: time,
        content: { content_type: 'text', parts: [text] },
        recipient: 'all',
        metadata: {},
      },
    };
    chat.mapping[parent]?.children?.push(id);
    chat.update_time = time;
  };
  const hiddenNode = (chat: Chat, id: string, parent: string) => {
    textNode(chat, id, parent, 'system', 'You are ChatGPT.');
    (chat.mapping[id]?.message as { metadata: Record<string, unknown> }).metadata = {
      is_visually_hidden_from_conversation: true,
    };
  };
  const parentOf = (chat: Chat, id: string): string => chat.mapping[id]?.parent ?? '';

  describe.skipIf(!existsSync(acceptance))('on the real exports in acceptance-data', () => {
    for (const name of ['echomine-with-code', 'echomine-with-images']) {
      it(`${name}: one branch, as ChatGPT showed it, with nothing beside it`, () => {
        const facts = expected(name);
        expect(facts?.branch_points).toBe(0);
        const summary = store.importChatGpt(JSON.stringify(realExport(name)));
        expect(summary).toMatchObject({ conversations: 1, skipped: [] });
        expect(summary.newestLeafShown).toBeUndefined();
        const [chat] = landed();
        const page = store.listMessages(chat?.id ?? '', { limit: 1000 });
        // No branches: the branch shown holds every message, and no message has other versions.
        expect(page.messages).toHaveLength(chat?.messages.length ?? -1);
        expect(page.siblings).toEqual({});
        expect(chat?.currentLeafId).toBe(page.messages.at(-1)?.id);
        // The questions are the export's visible questions, in order.
        const questions = (facts?.messages ?? [])
          .filter((m) => m.role === 'user' && !m.hidden && m.text.trim())
          .map((m) => m.text);
        expect(
          page.messages
            .filter((m) => m.role === 'user')
            .map((m) => m.content.replace(/^\[image\]\n/, '')),
        ).toEqual(questions);
      });
    }

    it('echomine-with-code, regenerated and edited: every version kept, current_node’s shown', () => {
      const chat = realExport('echomine-with-code');
      const lastAnswer = chat.current_node ?? '';
      const lastQuestion = parentOf(chat, lastAnswer);
      // The last answer regenerated, with a hidden node between the question and the new answer
      // (the new answer then hangs from the question, as a sibling of the old one).
      hiddenNode(chat, 'hidden-context', lastQuestion);
      textNode(
        chat,
        'regenerated',
        'hidden-context',
        'assistant',
        'Add spring-boot-starter-oauth2-client.',
      );
      // The last question edited, and the edit answered.
      textNode(
        chat,
        'edited',
        parentOf(chat, lastQuestion),
        'user',
        'Which Gradle plugins do I need?',
      );
      textNode(
        chat,
        'edited-answer',
        'edited',
        'assistant',
        'The Spring Boot plugin and dependency-management.',
      );
      chat.current_node = 'regenerated';
      const id = `chatgpt-${chat.conversation_id}`;

      const summary = store.importChatGpt(JSON.stringify([chat]));
      expect(summary.newestLeafShown).toBeUndefined();
      const page = store.listMessages(id, { limit: 1000 });
      expect(page.messages.at(-1)?.content).toBe('Add spring-boot-starter-oauth2-client.');
      expect(page.messages.at(-2)?.id).toBe(`${id}-${lastQuestion}`);
      expect(page.siblings[`${id}-regenerated`]).toMatchObject({
        index: 2,
        count: 2,
        previousId: `${id}-${lastAnswer}`,
      });
      expect(page.siblings[`${id}-${lastQuestion}`]).toMatchObject({
        index: 1,
        count: 2,
        nextId: `${id}-edited`,
      });
      expect(JSON.stringify(landed())).not.toContain('You are ChatGPT.');
      // Paging to the edit shows its answer.
      expect(store.branchLeaf(`${id}-edited`)).toBe(`${id}-edited-answer`);
    });

    it('a later export adds only what is new; the same one again adds nothing', () => {
      const chat = realExport('echomine-with-images');
      store.importChatGpt(JSON.stringify([chat]));
      const first = store.stats().messages;
      const answer = chat.current_node ?? '';
      textNode(chat, 'regenerated', parentOf(chat, answer), 'assistant', 'A second reading.');
      chat.current_node = 'regenerated';
      store.importChatGpt(JSON.stringify([chat]));
      expect(store.stats().messages).toBe(first + 1);
      const twice = store.exportBackup();
      store.importChatGpt(JSON.stringify([chat]));
      expect(store.exportBackup()).toBe(twice);
      const id = `chatgpt-${chat.conversation_id}`;
      expect(store.listMessages(id).messages.at(-1)?.content).toBe('A second reading.');
    });
  });

  it('a missing or dangling current_node shows the newest leaf, and the summary counts them', () => {
    const chats = (JSON.parse(fixture('conversations.json')) as Chat[]).map((chat, i) => {
      if (i === 0) chat.current_node = 'no-such-node';
      if (i === 1) delete chat.current_node;
      return chat;
    });
    expect(store.importChatGpt(JSON.stringify(chats))).toMatchObject({
      conversations: 3,
      newestLeafShown: 2,
      skipped: [],
    });
    const [kyoto, plot] = landed();
    // Kyoto's newest leaf is the answer about the photo; Plot's the answer after the code.
    expect(shownDialogue(kyoto).at(-1)?.[1]).toMatch(/^Yes: that is Fushimi Inari/);
    expect(shownDialogue(plot).at(-1)?.[1]).toMatch(/^Here is the plot/);
  });
});
