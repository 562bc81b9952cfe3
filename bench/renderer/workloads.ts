/**
 * The renderer benchmark's answers, generated from a fixed seed so every run and every renderer sees the
 * same text: a Markdown answer of the kind models write (headings, lists, a table, code blocks, inline
 * code, links) and one long line of minified JSON with no newline.
 */

import { seededRandom } from '../../test/support/seeded-random';

export { seededRandom };

const words = (
  'stream token buffer render layout paint frame latency parser block settle tail memo chunk model ' +
  'answer request provider retry backoff socket proxy cache index query search history window event ' +
  'handler state update commit browser thread worker queue batch delta message session profile value'
).split(' ');

const languages = ['ts', 'python', 'json', 'bash', 'rust', 'go'] as const;

function pick<T>(random: () => number, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

function sentence(random: () => number): string {
  const length = 8 + Math.floor(random() * 14);
  const parts: string[] = [];
  for (let i = 0; i < length; i += 1) {
    const word = pick(random, words);
    const roll = random();
    if (roll < 0.05) parts.push(`\`${word}()\``);
    else if (roll < 0.08) parts.push(`**${word}**`);
    else if (roll < 0.1) parts.push(`*${word}*`);
    else if (roll < 0.12) parts.push(`[${word}](https://example.com/docs/${word})`);
    else parts.push(word);
  }
  const text = parts.join(' ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

function paragraph(random: () => number): string {
  const count = 2 + Math.floor(random() * 4);
  return Array.from({ length: count }, () => sentence(random)).join(' ');
}

function list(random: () => number): string {
  const ordered = random() < 0.4;
  const items = 3 + Math.floor(random() * 5);
  const lines: string[] = [];
  for (let i = 0; i < items; i += 1) {
    lines.push(`${ordered ? `${i + 1}.` : '-'} ${sentence(random)}`);
    if (random() < 0.25) lines.push(`   ${ordered ? '-' : '  -'} ${sentence(random)}`);
  }
  return lines.join('\n');
}

function table(random: () => number): string {
  const rows = ['| Provider | Model | Latency (ms) | Tokens/s |', '| --- | --- | ---: | ---: |'];
  for (let i = 0; i < 12; i += 1) {
    rows.push(
      `| ${pick(random, words)} | \`${pick(random, words)}-${i}\` | ${Math.floor(random() * 900)} | ${Math.floor(random() * 400)} |`,
    );
  }
  return rows.join('\n');
}

function codeLine(random: () => number, language: (typeof languages)[number]): string {
  const a = pick(random, words);
  const b = pick(random, words);
  const n = Math.floor(random() * 1000);
  switch (language) {
    case 'ts':
      return `const ${a}${n} = await ${b}.${a}({ limit: ${n}, label: "${b}" }); // ${a}`;
    case 'python':
      return `    ${a}_${n} = ${b}.${a}(limit=${n}, label="${b}")  # ${a}`;
    case 'json':
      return `  "${a}_${n}": { "${b}": ${n}, "enabled": ${random() < 0.5} },`;
    case 'bash':
      return `curl -s "https://api.example.com/v1/${a}?n=${n}" | jq '.${b}'`;
    case 'rust':
      return `    let ${a}_${n}: Vec<u32> = ${b}.iter().map(|x| x * ${n}).collect();`;
    case 'go':
      return `\t${a}${n}, err := ${b}.${a}(ctx, ${n}) // ${b}`;
  }
}

function codeBlock(random: () => number): string {
  const language = pick(random, languages);
  const lines = 6 + Math.floor(random() * 20);
  return [
    `\`\`\`${language}`,
    ...Array.from({ length: lines }, () => codeLine(random, language)),
    '```',
  ].join('\n');
}

/** A Markdown answer of exactly `length` characters (cut mid-sentence at the end, as a stream would be). */
export function markdownAnswer(length: number, seed = 20240611): string {
  const random = seededRandom(seed);
  const parts: string[] = [`# ${sentence(random).replace(/\.$/, '')}`, paragraph(random)];
  let size = parts.join('\n\n').length;
  let section = 0;
  let tableDone = false;
  while (size < length) {
    section += 1;
    const next: string[] = [
      `## ${section}. ${sentence(random).replace(/\.$/, '')}`,
      paragraph(random),
    ];
    const roll = random();
    if (!tableDone && section >= 3) {
      next.push(table(random));
      tableDone = true;
    } else if (roll < 0.4) next.push(codeBlock(random));
    else if (roll < 0.8) next.push(list(random));
    else next.push(`> ${sentence(random)}`);
    next.push(paragraph(random));
    for (const part of next) size += part.length + 2;
    parts.push(...next);
  }
  return parts.join('\n\n').slice(0, length);
}

/** One line of minified JSON of exactly `length` characters, no newline anywhere. */
export function minifiedJsonLine(length: number, seed = 20240612): string {
  const random = seededRandom(seed);
  const records: string[] = [];
  let size = 1;
  for (let id = 0; size < length; id += 1) {
    const record = JSON.stringify({
      id,
      name: `${pick(random, words)}-${pick(random, words)}`,
      score: Math.round(random() * 1e6) / 1e3,
      tags: [pick(random, words), pick(random, words)],
      url: `https://example.com/${pick(random, words)}/${id}`,
      nested: { ok: random() < 0.5, count: Math.floor(random() * 100) },
    });
    records.push(record);
    size += record.length + 1;
  }
  return `[${records.join(',')}]`.slice(0, length);
}
