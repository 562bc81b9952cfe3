/**
 * One very long conversation (issue 28 item 3: 5,000 messages) for the thread benchmark and its e2e
 * test, generated from a fixed seed: questions, and answers of the kind models write (paragraphs with
 * inline code, code blocks, tables, lists). Chosen messages carry a needle, a word found nowhere else
 * in the history, so a search for it has exactly one hit at a known depth.
 */
import type { Backup } from '../../renderer/src/history/backup-format';
import { seededRandom } from './seeded-random';

export interface LongThreadOptions {
  messages: number;
  seed: number;
  /** Indexes (0 = the oldest message) that get a needle word. */
  needleAt?: readonly number[];
  title?: string;
  /** When the newest message was written; the conversation is this recent. */
  endsAt?: number;
}

export interface Needle {
  index: number;
  messageId: string;
  /** Lower-case letters only: one token to every tokenizer, found in no other message. */
  word: string;
}

export interface LongThread {
  backup: Backup;
  conversationId: string;
  title: string;
  messageIds: string[];
  needles: Needle[];
}

const words = (
  'stream token buffer render layout paint frame latency parser block settle tail memo chunk model ' +
  'answer request provider retry backoff socket proxy cache index query search history window event ' +
  'handler state update commit browser thread worker queue batch delta message session profile value'
).split(' ');

/** Questions people ask in a long technical chat; the long-stream benchmark asks them too. */
export const questions = [
  'How should I structure the retry policy for a flaky proxy?',
  'Can you show the same thing in Python?',
  'Why does the stream stall after a few seconds behind the corporate gateway?',
  'Summarise the trade-offs in a table, please.',
  'What would a minimal reproduction look like?',
  'Explain the difference between the two approaches again, shorter.',
  'Is there a way to cache this between runs?',
  'Rewrite the function so it does not allocate in the loop.',
];

/** `aa`, `ab`, …: a needle's suffix, so needles never share a prefix with each other's whole word. */
const letters = (n: number): string =>
  String.fromCharCode(97 + (Math.floor(n / 26) % 26)) + String.fromCharCode(97 + (n % 26));

export const needleWord = (n: number): string => `quillwort${letters(n)}`;

export function generateLongThread(options: LongThreadOptions): LongThread {
  const random = seededRandom(options.seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const sentence = (): string => {
    const parts = Array.from({ length: 8 + Math.floor(random() * 12) }, () => {
      const word = pick(words);
      const roll = random();
      return roll < 0.06 ? `\`${word}()\`` : roll < 0.09 ? `**${word}**` : word;
    });
    const text = parts.join(' ');
    return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
  };
  const paragraph = (): string =>
    Array.from({ length: 2 + Math.floor(random() * 3) }, sentence).join(' ');
  const code = (): string => {
    const lines = Array.from({ length: 4 + Math.floor(random() * 12) }, () => {
      const a = pick(words);
      const b = pick(words);
      return `const ${a}${Math.floor(random() * 1000)} = await ${b}.${a}({ limit: ${Math.floor(random() * 100)} });`;
    });
    return ['```ts', ...lines, '```'].join('\n');
  };
  const table = (): string => {
    const rows = ['| Provider | Model | Latency (ms) | Tokens/s |', '| --- | --- | ---: | ---: |'];
    for (let i = 0; i < 3 + Math.floor(random() * 8); i += 1) {
      rows.push(
        `| ${pick(words)} | \`${pick(words)}-${i}\` | ${Math.floor(random() * 900)} | ${Math.floor(random() * 400)} |`,
      );
    }
    return rows.join('\n');
  };
  const list = (): string =>
    Array.from({ length: 3 + Math.floor(random() * 4) }, (_, i) => `${i + 1}. ${sentence()}`).join(
      '\n',
    );
  const answer = (): string => {
    const parts = [paragraph()];
    const roll = random();
    if (roll < 0.35) parts.push(code(), paragraph());
    else if (roll < 0.6) parts.push(table(), paragraph());
    else if (roll < 0.75) parts.push(list(), code());
    else if (roll < 0.85) parts.push(`## ${sentence().replace(/\.$/, '')}`, paragraph(), table());
    else parts.push(paragraph());
    return parts.join('\n\n');
  };
  const question = (): string =>
    random() < 0.2
      ? `${pick(questions)}\n\n\`\`\`ts\n${pick(words)}.${pick(words)}();\n\`\`\``
      : pick(questions);

  const conversationId = `thread-${options.seed}`;
  const title = options.title ?? 'A very long thread';
  const endsAt = options.endsAt ?? Date.UTC(2025, 5, 1);
  const startsAt = endsAt - options.messages * 30_000;
  const needleAt = new Map((options.needleAt ?? []).map((index, n) => [index, n]));
  const messageIds: string[] = [];
  const needles: Needle[] = [];
  const messages: Backup['conversations'][number]['messages'] = [];
  for (let index = 0; index < options.messages; index += 1) {
    const id = `${conversationId}-m${index}`;
    const user = index % 2 === 0;
    let content = user ? question() : answer();
    const n = needleAt.get(index);
    if (n !== undefined) {
      const word = needleWord(n);
      needles.push({ index, messageId: id, word });
      // Mid-text, inside a sentence, where a reader would have to look for it.
      const cut = content.indexOf('. ') + 1 || content.length;
      content = `${content.slice(0, cut)} The ${word} setting matters here.${content.slice(cut)}`;
    }
    const at = startsAt + index * 30_000;
    messageIds.push(id);
    messages.push({
      id,
      parentId: index === 0 ? null : `${conversationId}-m${index - 1}`,
      role: user ? 'user' : 'assistant',
      content,
      reasoning: '',
      status: 'complete',
      finishReason: user ? null : 'stop',
      usage: user ? null : { promptTokens: 100 + index, completionTokens: 300, totalTokens: 400 },
      error: null,
      createdAt: at,
      updatedAt: at,
    });
  }
  const backup: Backup = {
    format: 'runnel-history-backup',
    version: 3,
    exportedAt: endsAt,
    conversations: [
      {
        id: conversationId,
        title,
        createdAt: startsAt,
        updatedAt: endsAt,
        pinned: false,
        model: null,
        providerId: null,
        tags: [],
        currentLeafId: null,
        messages,
      },
    ],
  };
  return { backup, conversationId, title, messageIds, needles };
}
