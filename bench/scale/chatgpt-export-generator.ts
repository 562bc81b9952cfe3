/**
 * A heavy user's ChatGPT data export, generated from a fixed seed and streamed to disk as the ZIP
 * ChatGPT sends (issue 28 item 2): `chat.html`, `user.json`, conversations split over several
 * `conversations-NNN.json` files, and the images their messages point to. Each conversation has the
 * real export's shape: a `mapping` tree with a root node without a message, hidden system context,
 * branches (regenerated answers and edited questions), tool traffic (python code and its output, web
 * searches), reasoning (`thoughts`), multimodal parts pointing at images in the ZIP, model slugs. Text
 * is English, code and some Chinese. Nothing is built whole in memory: each conversation is written to
 * its file's deflate stream as it is made, and the ZIP's bytes go to the file as they come.
 *
 * With `damaged`, one conversation in the middle of the second file has its JSON cut short, as the
 * import must report by title and skip.
 *
 *   node --import tsx bench/scale/chatgpt-export-generator.ts out.zip [--quick] [--damaged]
 */
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { Zip, ZipDeflate, ZipPassThrough, strToU8 } from 'fflate';
import { seededRandom } from '../../test/support/seeded-random';

export interface ExportSize {
  /** Bytes of JSON over all the conversations files together. */
  conversationsBytes: number;
  files: number;
  images: number;
  seed: number;
}

export const exportSize = (quick: boolean): ExportSize =>
  quick
    ? { conversationsBytes: 50_000_000, files: 3, images: 20, seed: 20261208 }
    : { conversationsBytes: 500_000_000, files: 5, images: 200, seed: 20261208 };

export interface GeneratedExport {
  conversations: number;
  /** Nodes of every mapping, the hidden and tool ones included. */
  nodes: number;
  conversationsBytes: number;
  zipBytes: number;
  /** The title of the conversation whose JSON was cut short, when `damaged`. */
  damagedTitle: string | null;
}

const words = (
  'the of and to in is that for it as with was on be by this are or from at an which have not but ' +
  'model stream answer question history import export token server request response value function ' +
  'data file table index search branch message window worker memory page cache query result error ' +
  'retry network proxy render layout scroll thread image code python test build release version'
).split(' ');
const chinese =
  '递归就是一个函数调用它自己直到遇到终止条件为止比如计算阶乘的时候我们需要理解数据结构与算法'.split(
    '',
  );

const imagePng = (): Uint8Array =>
  new Uint8Array(
    readFileSync(new URL('../../test/fixtures/attachments/opaque.png', import.meta.url)),
  );

export const writeChatGptExport = (
  path: string,
  size: ExportSize,
  options: { damaged?: boolean } = {},
): GeneratedExport => {
  const random = seededRandom(size.seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  let idCounter = 0;
  const uuid = (): string => {
    idCounter++;
    const hex = (idCounter * 2654435761 + Math.floor(random() * 0xffff))
      .toString(16)
      .padStart(12, '0');
    return `6${hex.slice(0, 7)}-${hex.slice(-4)}-8005-a${hex.slice(0, 3)}-${hex.slice(-12)}`;
  };
  const sentence = (min: number, max: number): string => {
    const count = min + Math.floor(random() * (max - min));
    const out: string[] = [];
    for (let i = 0; i < count; i++) out.push(pick(words));
    const text = out.join(' ');
    return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
  };
  const paragraph = (sentences: number): string =>
    Array.from({ length: sentences }, () => sentence(6, 18)).join(' ');
  const han = (length: number): string =>
    Array.from({ length }, () => pick(chinese)).join('') + '。';
  const codeBlock = (): string =>
    `\`\`\`python\ndef step(values):\n    total = 0\n    for value in values:\n        total += value * ${Math.floor(random() * 100)}\n    return total\n\`\`\``;
  const answerText = (): string => {
    const kind = random();
    if (kind < 0.15) return `${han(20 + Math.floor(random() * 80))}\n\n${paragraph(2)}`;
    if (kind < 0.4) return `${paragraph(3)}\n\n${codeBlock()}\n\n${paragraph(2)}`;
    return `${paragraph(2 + Math.floor(random() * 5))}\n\n${paragraph(2 + Math.floor(random() * 4))}`;
  };

  const imageIds = Array.from(
    { length: size.images },
    (_, i) => `file-${(i + 1).toString(36).padStart(6, '0')}Gen${i}`,
  );
  let clock = 1_690_000_000;

  type Node = { id: string; message: unknown; parent: string | null; children: string[] };
  const message = (
    id: string,
    role: string,
    content: unknown,
    extra: { recipient?: string; name?: string | null; metadata?: Record<string, unknown> } = {},
  ) => {
    clock += 1 + random() * 30;
    return {
      id,
      author: { role, name: extra.name ?? null, metadata: {} },
      create_time: role === 'system' ? null : clock,
      update_time: null,
      content,
      status: 'finished_successfully',
      end_turn: role === 'assistant' ? true : null,
      weight: 1.0,
      metadata: extra.metadata ?? {},
      recipient: extra.recipient ?? 'all',
      channel: null,
    };
  };
  const text = (parts: unknown[]) => ({ content_type: 'text', parts });

  /** One conversation in the export's shape; `turns` question-and-answer pairs on its main branch. */
  const conversation = (index: number, turns: number): Record<string, unknown> => {
    const mapping: Record<string, Node> = {};
    const add = (parent: string | null, body: unknown | null): string => {
      const id = uuid();
      mapping[id] = {
        id,
        message: body === null ? null : { ...(body as object), id },
        parent,
        children: [],
      };
      if (parent) mapping[parent]?.children.push(id);
      return id;
    };
    /** The model calling a tool (`recipient`) with `code`, under `parent`. */
    const toolCall = (parent: string, recipient: string, code: string): string =>
      add(
        parent,
        message(
          '',
          'assistant',
          { content_type: 'code', language: 'unknown', text: code },
          { recipient, metadata: { model_slug: 'gpt-4o' } },
        ),
      );
    const created = clock;
    const root = add(null, null);
    let at = add(
      root,
      message('', 'system', text(['']), {
        metadata: { is_visually_hidden_from_conversation: true },
      }),
    );
    if (random() < 0.3) {
      at = add(
        at,
        message(
          '',
          'user',
          {
            content_type: 'user_editable_context',
            user_profile: 'I write software.',
            user_instructions: 'Be brief.',
          },
          {
            metadata: {
              is_visually_hidden_from_conversation: true,
              user_context_message_data: { about_user_message: 'I write software.' },
            },
          },
        ),
      );
    }
    let current = at;
    let title = '';
    for (let turn = 0; turn < turns; turn++) {
      const withImage = size.images > 0 && random() < 0.05;
      const question = sentence(5, 25).replace(/\.$/, '?');
      if (turn === 0) title = question.slice(0, 60);
      const parts: unknown[] = withImage
        ? [
            {
              content_type: 'image_asset_pointer',
              asset_pointer: `file-service://${pick(imageIds)}`,
              size_bytes: 1000,
              width: 1,
              height: 1,
              fovea: null,
              metadata: null,
            },
            question,
          ]
        : [random() < 0.1 ? han(30) : question];
      const user = add(
        current,
        message('', 'user', withImage ? { content_type: 'multimodal_text', parts } : text(parts), {
          metadata: { request_id: uuid(), message_source: null, timestamp_: 'absolute' },
        }),
      );
      // An edited question now and then: a sibling of the first, with its own answer.
      if (random() < 0.05) {
        const edited = add(current, message('', 'user', text([`${question} (edited)`])));
        add(
          edited,
          message('', 'assistant', text([answerText()]), {
            metadata: { model_slug: 'gpt-4o', finish_details: { type: 'stop' } },
          }),
        );
      }
      let above = user;
      const tool = random();
      if (tool < 0.08) {
        // Code the model ran and what it printed.
        above = toolCall(above, 'python', 'print(sum(range(10)))');
        above = add(
          above,
          message(
            '',
            'tool',
            { content_type: 'execution_output', text: '45' },
            {
              name: 'python',
              metadata: { aggregate_result: { status: 'success', code: 'print(sum(range(10)))' } },
            },
          ),
        );
      } else if (tool < 0.14) {
        // A web search and the page it read.
        above = toolCall(above, 'web', `search("${pick(words)} ${pick(words)}")`);
        above = add(
          above,
          message(
            '',
            'tool',
            { content_type: 'tether_browsing_display', result: paragraph(3), summary: '' },
            {
              name: 'web',
            },
          ),
        );
      } else if (tool < 0.2) {
        above = add(
          above,
          message(
            '',
            'assistant',
            {
              content_type: 'thoughts',
              thoughts: [{ summary: 'Thinking it through', content: paragraph(2) }],
              source_analysis_msg_id: uuid(),
            },
            {
              metadata: { model_slug: 'o3' },
            },
          ),
        );
      }
      const answer = add(
        above,
        message('', 'assistant', text([answerText()]), {
          metadata: {
            model_slug: random() < 0.5 ? 'gpt-4o' : 'gpt-4',
            finish_details: { type: 'stop', stop_tokens: [100260] },
            citations: [],
          },
        }),
      );
      // A regenerated answer now and then: a sibling answer, the one shown being either.
      if (random() < 0.08) {
        const other = add(
          above,
          message('', 'assistant', text([answerText()]), { metadata: { model_slug: 'gpt-4o' } }),
        );
        current = random() < 0.5 ? other : answer;
      } else current = answer;
    }
    const id = uuid();
    return {
      title: `${index}: ${title || 'New chat'}`,
      create_time: created,
      update_time: clock,
      mapping,
      moderation_results: [],
      current_node: current,
      plugin_ids: null,
      conversation_id: id,
      conversation_template_id: null,
      gizmo_id: null,
      gizmo_type: null,
      is_archived: false,
      is_starred: null,
      safe_urls: [],
      blocked_urls: [],
      default_model_slug: 'gpt-4o',
      conversation_origin: null,
      voice: null,
      async_status: null,
      disabled_tool_ids: [],
      is_do_not_remember: false,
      memory_scope: 'global_enabled',
      id,
    };
  };

  const fd = openSync(path, 'w');
  let zipBytes = 0;
  let failure: Error | null = null;
  const zip = new Zip((error, data) => {
    if (error) failure = error;
    else {
      writeSync(fd, data);
      zipBytes += data.length;
    }
  });
  const plain = (name: string, bytes: Uint8Array): void => {
    const entry = new ZipDeflate(name, { level: 1 });
    zip.add(entry);
    entry.push(bytes, true);
  };
  plain(
    'chat.html',
    strToU8(
      '<!DOCTYPE html><html><head><title>ChatGPT Data Export</title></head><body></body></html>',
    ),
  );
  plain(
    'user.json',
    strToU8('{"id":"user-generated","email":"heavy.user@example.com","chatgpt_plus_user":true}'),
  );

  const encoder = new TextEncoder();
  const perFile = size.conversationsBytes / size.files;
  let conversations = 0;
  let nodes = 0;
  let written = 0;
  let damagedTitle: string | null = null;
  for (let file = 0; file < size.files; file++) {
    const entry = new ZipDeflate(`conversations-${String(file).padStart(3, '0')}.json`, {
      level: 1,
    });
    zip.add(entry);
    entry.push(strToU8('['));
    let fileBytes = 1;
    let first = true;
    let inFile = 0;
    while (fileBytes < perFile) {
      // Mostly short chats, some long threads: a heavy user's mix.
      const long = random() < 0.03;
      const turns = long ? 80 + Math.floor(random() * 220) : 1 + Math.floor(random() * 12);
      const item = conversation(conversations, turns);
      let json = JSON.stringify(item);
      if (options.damaged && file === 1 && inFile === 20 && damagedTitle === null) {
        // Cut inside its mapping: braces and quotes no longer balance.
        damagedTitle = item.title as string;
        json = json.slice(0, json.indexOf('"mapping"') + 200);
      } else {
        nodes += Object.keys(item.mapping as object).length;
      }
      const bytes = encoder.encode(`${first ? '' : ','}\n${json}`);
      entry.push(bytes);
      fileBytes += bytes.length;
      first = false;
      conversations++;
      inFile++;
    }
    entry.push(strToU8('\n]'), true);
    written += fileBytes + 2;
  }
  const png = imagePng();
  for (const [i, id] of imageIds.entries()) {
    // Each image its own bytes (its own hash): the PNG, then bytes past its end that decoders ignore.
    const filler = new Uint8Array(64 * 1024 + Math.floor(random() * 192 * 1024));
    for (let at = 0; at < filler.length; at += 4) filler[at] = Math.floor(random() * 256);
    const bytes = new Uint8Array(png.length + filler.length);
    bytes.set(png);
    bytes.set(filler, png.length);
    const entry = new ZipPassThrough(`${id}-photo-${i}.png`);
    zip.add(entry);
    entry.push(bytes, true);
  }
  zip.end();
  closeSync(fd);
  if (failure) throw failure;
  return {
    conversations: conversations - (damagedTitle ? 1 : 0),
    nodes,
    conversationsBytes: written,
    zipBytes,
    damagedTitle,
  };
};

if (process.argv[1]?.endsWith('chatgpt-export-generator.ts')) {
  const out = process.argv[2] ?? 'chatgpt-export.zip';
  const quick = process.argv.includes('--quick');
  const started = performance.now();
  const result = writeChatGptExport(out, exportSize(quick), {
    damaged: process.argv.includes('--damaged'),
  });
  console.log(
    `${out}: ${result.conversations} conversations, ${result.nodes} nodes, ${(result.conversationsBytes / 1e6).toFixed(0)} MB of JSON, ${(result.zipBytes / 1e6).toFixed(0)} MB zipped, in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
}
