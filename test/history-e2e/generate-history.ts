/**
 * A deterministic history for tests and the benchmark: English-like prose, code and Chinese (with some
 * Japanese and Korean), word frequencies roughly Zipfian so there are common and rare terms.
 */
import type { Backup } from '../../renderer/src/history/backup';
import { seededRandom as random } from '../support/seeded-random';

export interface GeneratedHistory {
  backup: Backup;
  /** Queries of every kind drawn from the data, so they have answers. */
  queries: Array<{ kind: string; query: string }>;
}

export interface GenerateOptions {
  conversations: number;
  messages: number;
  /** Messages in the one long conversation (the first). */
  longConversation: number;
  seed: number;
  /** Average message length in characters (roughly). */
  averageChars?: number;
  /** Queries of each kind to draw (default 6). */
  queriesPerKind?: number;
}

const syllables = [
  'ka',
  'lo',
  'ri',
  'men',
  'sta',
  'ven',
  'tor',
  'qui',
  'za',
  'pel',
  'dor',
  'nix',
  'ul',
  'bra',
  'fe',
  'gon',
  'sil',
  'tra',
  'mo',
  'xe',
];
const hanzi =
  '的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理世车';
const words = [
  'the',
  'stream',
  'history',
  'search',
  'worker',
  'index',
  'answer',
  'model',
  'token',
  'server',
];

const makeVocabulary = (next: () => number, size: number): string[] => {
  const seen = new Set(words);
  const out = [...words];
  while (out.length < size) {
    const count = 2 + Math.floor(next() * 3);
    let word = '';
    for (let i = 0; i < count; i++) word += syllables[Math.floor(next() * syllables.length)];
    if (!seen.has(word)) {
      seen.add(word);
      out.push(word);
    }
  }
  return out;
};

type Conversation = Backup['conversations'][number];

/** The seeded pieces every generated history is drawn with, in the order they draw numbers. */
const makeGenerator = (options: GenerateOptions) => {
  const next = random(options.seed);
  const vocabulary = makeVocabulary(next, 3000);
  const zipf = (size: number): number =>
    Math.min(size - 1, Math.floor(Math.pow(next(), 2.2) * size));
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  const averageChars = options.averageChars ?? 480;

  const english = (chars: number): string => {
    let text = '';
    while (text.length < chars) {
      const length = 6 + Math.floor(next() * 14);
      const sentence = Array.from({ length }, () => vocabulary[zipf(vocabulary.length)]).join(' ');
      text += `${sentence.charAt(0).toUpperCase()}${sentence.slice(1)}. `;
    }
    return text.trim();
  };
  const chinese = (chars: number): string => {
    let text = '';
    while (text.length < chars) {
      const clause = Array.from(
        { length: 4 + Math.floor(next() * 10) },
        () => hanzi[zipf(hanzi.length)],
      ).join('');
      text += `${clause}${next() < 0.3 ? '。' : '，'}`;
      if (next() < 0.1) text += `${vocabulary[zipf(200)]} `;
    }
    return text;
  };
  const code = (): string => {
    const name = pick(vocabulary.slice(0, 400));
    const arg = pick(vocabulary.slice(0, 400));
    return `\`\`\`ts\nexport function ${name}(${arg}: string[]): number {\n  // ${english(40)}\n  return ${arg}.filter((x) => x.includes("${pick(vocabulary)}")).length;\n}\n\`\`\``;
  };
  const content = (): string => {
    const chars = Math.max(20, Math.round(averageChars * (0.3 + next() * 1.4)));
    const roll = next();
    if (roll < 0.55) return english(chars);
    if (roll < 0.75) return chinese(Math.round(chars / 2.5));
    if (roll < 0.9) return `${english(chars / 2)}\n\n${code()}`;
    if (roll < 0.95) return `${chinese(chars / 5)} ${english(chars / 3)}`;
    return next() < 0.5
      ? `コーヒーとプログラム、${english(chars / 3)}`
      : `한국어 검색 테스트 ${english(chars / 3)}`;
  };

  const start = Date.UTC(2024, 0, 1);
  const sizes: number[] = [options.longConversation];
  const rest = options.messages - options.longConversation;
  const others = options.conversations - 1;
  for (let i = 0; i < others; i++) {
    sizes.push(Math.floor(rest / others) + (i < rest % others ? 1 : 0));
  }
  let clock = start;
  /** The conversations one at a time, oldest first; every message newer than the one before. */
  function* conversations(): Generator<Conversation> {
    for (const [c, size] of sizes.entries()) {
      const createdAt = clock;
      const messages: Conversation['messages'] = [];
      for (let m = 0; m < size; m++) {
        clock += 1000 + Math.floor(next() * 60_000);
        messages.push({
          id: `m${c}-${m}`,
          parentId: m === 0 ? null : `m${c}-${m - 1}`,
          role: m % 2 === 0 ? 'user' : 'assistant',
          content: content(),
          reasoning: '',
          status: 'complete',
          finishReason: m % 2 === 0 ? null : 'stop',
          usage:
            m % 2 === 0
              ? null
              : { promptTokens: 10 + m, completionTokens: 20, totalTokens: 30 + m },
          error: null,
          createdAt: clock,
          updatedAt: clock,
        });
      }
      yield {
        id: `c${c}`,
        title: c % 3 === 0 ? chinese(8).replace(/[，。]/g, '') : english(30).slice(0, 40),
        createdAt,
        updatedAt: clock,
        pinned: c % 97 === 5,
        model: 'gpt-test',
        providerId: 'local',
        tags: c % 10 === 0 ? ['quick-ask'] : [],
        currentLeafId: null,
        messages,
      };
    }
  }
  return { next, vocabulary, zipf, pick, start, conversations };
};

/**
 * Queries of every kind drawn from the data (`sample` gives a message's text), so they have answers.
 */
const drawQueries = (
  {
    next,
    vocabulary,
    zipf,
  }: Pick<ReturnType<typeof makeGenerator>, 'next' | 'vocabulary' | 'zipf'>,
  sample: () => string,
  perKind: number,
): GeneratedHistory['queries'] => {
  const sampleWhere = (test: (text: string) => boolean): string => {
    for (let i = 0; i < 1000; i++) {
      const text = sample();
      if (test(text)) return text;
    }
    return '';
  };
  const queries: GeneratedHistory['queries'] = [];
  const hanRun = /[\u4e00-\u9fff]{3,}/u;
  for (let i = 0; i < perKind; i++) {
    const common = vocabulary[zipf(50)] ?? 'the';
    const rare = vocabulary[300 + Math.floor(next() * 2000)] ?? 'the';
    queries.push({ kind: 'word', query: i % 2 ? common : rare });
    queries.push({ kind: 'and', query: `${vocabulary[zipf(300)]} ${vocabulary[zipf(300)]}` });
    queries.push({
      kind: 'prefix',
      query: `${(vocabulary[zipf(1000)] ?? 'th').slice(0, 3 + (i % 2))}*`,
    });
    const prose = sampleWhere((text) => /^[A-Z][a-z]+ [a-z]+ [a-z]+/.test(text)).split(' ');
    queries.push({ kind: 'phrase', query: `"${prose.slice(1, 3).join(' ')}"` });
    const run = hanRun.exec(sampleWhere((text) => hanRun.test(text)))?.[0] ?? '中文字';
    const at = Math.floor(next() * (run.length - 2));
    queries.push({ kind: 'cjk1', query: run.slice(at, at + 1) });
    queries.push({ kind: 'cjk2', query: run.slice(at, at + 2) });
    queries.push({ kind: 'cjk3', query: run.slice(at, at + 3) });
  }
  return queries;
};

export const generateHistory = (options: GenerateOptions): GeneratedHistory => {
  const generator = makeGenerator(options);
  const { pick, start } = generator;
  const conversations = [...generator.conversations()];
  const sample = (): string => {
    const { messages } = pick(conversations);
    return messages.length ? pick(messages).content : 'the';
  };
  const queries = drawQueries(generator, sample, options.queriesPerKind ?? 6);
  return {
    backup: { format: 'runnel-history-backup', version: 3, exportedAt: start, conversations },
    queries,
  };
};

/**
 * The same mix as `generateHistory`, for histories too large to hold (a million messages): the
 * conversations arrive in batches of about `batchMessages` messages, oldest first, each batch a backup
 * of its own that the caller imports, scans and lets go. Queries are drawn from the first batch, so
 * they are known before the rest exists (the first batch holds every kind of text the rest does).
 */
export function* streamHistory(
  options: GenerateOptions & { batchMessages: number },
): Generator<{ backup: Backup; queries: GeneratedHistory['queries'] }> {
  const generator = makeGenerator(options);
  const { pick, start } = generator;
  let batch: Conversation[] = [];
  let batchSize = 0;
  let queries: GeneratedHistory['queries'] | null = null;
  const flush = () => {
    if (!queries) {
      const first = batch;
      const sample = (): string => {
        const { messages } = pick(first);
        return messages.length ? pick(messages).content : 'the';
      };
      queries = drawQueries(generator, sample, options.queriesPerKind ?? 6);
    }
    const out = {
      backup: {
        format: 'runnel-history-backup' as const,
        version: 3 as const,
        exportedAt: start,
        conversations: batch,
      },
      queries,
    };
    batch = [];
    batchSize = 0;
    return out;
  };
  for (const conversation of generator.conversations()) {
    batch.push(conversation);
    batchSize += conversation.messages.length;
    if (batchSize >= options.batchMessages) yield flush();
  }
  if (batch.length > 0) yield flush();
}
