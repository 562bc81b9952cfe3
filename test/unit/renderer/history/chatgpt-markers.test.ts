/**
 * Images and citation markers as ChatGPT's real export writes them (the shapes of
 * /work/shared/acceptance-data/chatgpt-export/, whose files are checked too when present): an image
 * that is both an attachment (no media type, only its file id, size and a .jpeg name) and an image
 * part; answers with private-use markers (U+E200–U+E206) around spans and citations, and the
 * `content_references` that say what each citation shows.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseChatGptExport } from '../../../../renderer/src/history/chatgpt-import';

const node = (id: string, parent: string | null, message: Record<string, unknown> | null) => ({
  id,
  parent,
  children: [],
  message,
});

const exportWith = (user: Record<string, unknown>, assistant: Record<string, unknown>): string =>
  JSON.stringify({
    id: 'c1',
    conversation_id: 'c1',
    title: 'Markers',
    create_time: 1700000000,
    update_time: 1700000100,
    current_node: 'a',
    mapping: {
      root: node('root', null, null),
      u: node('u', 'root', { id: 'u', author: { role: 'user' }, create_time: 1700000001, ...user }),
      a: node('a', 'u', {
        id: 'a',
        author: { role: 'assistant' },
        create_time: 1700000002,
        recipient: 'all',
        ...assistant,
      }),
    },
  });

const textOf = (content: string, metadata: Record<string, unknown> = {}) => ({
  content: { content_type: 'text', parts: [content] },
  metadata,
});

const dialogue = (json: string): string[] =>
  (parseChatGptExport(json)[0]?.messages ?? []).map((m) => m.content);

describe('images in ChatGPT messages', () => {
  const imageMessage = {
    content: {
      content_type: 'multimodal_text',
      parts: [
        {
          content_type: 'image_asset_pointer',
          asset_pointer: 'file-service://file-6y9faxjcnXrzx8UTUQepS7',
          size_bytes: 640100,
          width: 1536,
          height: 1152,
        },
        'Interpret this painting ',
      ],
    },
    metadata: {
      attachments: [
        {
          width: 1536,
          size: 640100,
          height: 1152,
          id: 'file-6y9faxjcnXrzx8UTUQepS7',
          name: 'BE5F438F-8A64-4D2D-A395-F81569CBD555.jpeg',
        },
      ],
    },
  };

  it('an image that is both an attachment and a part shows once', () => {
    const [question] = dialogue(exportWith(imageMessage, textOf('A surreal tableau.')));
    expect(question).toBe('[image]\nInterpret this painting ');
  });

  it('other files are named; an image attachment whose part is gone is named as an image', () => {
    const withPdf = {
      ...imageMessage,
      metadata: {
        attachments: [
          ...imageMessage.metadata.attachments,
          { id: 'file-pdf', name: 'report.pdf', mimeType: 'application/pdf' },
        ],
      },
    };
    expect(dialogue(exportWith(withPdf, textOf('ok')))[0]).toBe(
      '[file: report.pdf]\n[image]\nInterpret this painting ',
    );
    const partGone = {
      content: { content_type: 'text', parts: ['What is this?'] },
      metadata: imageMessage.metadata,
    };
    expect(dialogue(exportWith(partGone, textOf('ok')))[0]).toBe(
      '[image: BE5F438F-8A64-4D2D-A395-F81569CBD555.jpeg]\nWhat is this?',
    );
  });
});

describe('citation markers', () => {
  const cite = '\ue200cite\ue202turn0search1\ue201';
  const answer =
    '\ue203Use the `users.messages.list` method with the `q` parameter.\ue204 ' +
    `${cite}\n\n\ue203Then delete in batches.\ue204 \ue200cite\ue202turn0search9\ue201\n` +
    'Ask \ue200entity\ue202["people","Ada Lovelace",{"wiki":"x"}]\ue201 about it.';
  const references = [
    { matched_text: '', start_idx: 0, end_idx: 1, alt: null, type: 'hidden' },
    {
      matched_text: cite,
      alt: '([Google Developers](https://developers.google.com/gmail/api/guides/filtering?utm_source=chatgpt.com))',
      type: 'webpage',
      url: 'https://developers.google.com/gmail/api/guides/filtering?utm_source=chatgpt.com',
    },
    { matched_text: ' ', start_idx: 400, end_idx: 400, alt: '', type: 'sources_footnote' },
  ];

  it('become what ChatGPT shows for them, or nothing; no private-use character is left', () => {
    const [, shown] = dialogue(
      exportWith(
        textOf('How do I search Gmail?'),
        textOf(answer, { content_references: references }),
      ),
    );
    expect(shown).toBe(
      'Use the `users.messages.list` method with the `q` parameter. ' +
        '([Google Developers](https://developers.google.com/gmail/api/guides/filtering?utm_source=chatgpt.com))' +
        '\n\nThen delete in batches. \nAsk Ada Lovelace about it.',
    );
  });

  it('without content_references, markers and what they wrap go', () => {
    const [, shown] = dialogue(exportWith(textOf('q'), textOf(answer)));
    expect(shown).not.toMatch(/[\ue200-\ue206]|turn0search|cite/);
    expect(shown).toContain('Ask Ada Lovelace about it.');
  });
});

const acceptance = '/work/shared/acceptance-data/chatgpt-export/';
describe.skipIf(!existsSync(acceptance))('the real exports in acceptance-data', () => {
  const read = (name: string) => readFileSync(`${acceptance}${name}`, 'utf8');

  it('echomine-with-code: no marker left, each web citation is its readable link', () => {
    const text = parseChatGptExport(read('echomine-with-code.json'))
      .flatMap((bundle) => bundle.messages)
      .map((m) => `${m.content}\n${m.reasoning}`)
      .join('\n');
    expect(read('echomine-with-code.json')).toMatch(/\\ue200cite|\ue200cite/);
    expect(text).not.toMatch(/[\ue200-\ue206]/);
    expect(text).toContain(
      '([Google Developers](https://developers.google.com/gmail/api/guides/filtering?utm_source=chatgpt.com))',
    );
  });

  it('echomine-with-images: the painting shows as one image placeholder', () => {
    const [question] = parseChatGptExport(read('echomine-with-images.json'))[0]?.messages ?? [];
    expect(question?.content).toBe('[image]\nInterpret this painting ');
  });
});
