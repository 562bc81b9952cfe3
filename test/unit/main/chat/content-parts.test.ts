import { describe, expect, it } from 'vitest';
import {
  hasImageParts,
  imageDetailFor,
  messageContent,
  withContentParts,
} from '../../../../main/chat/content-parts';
import { buildRequestBody } from '../../../../main/chat/request-body';
import { continuationMessages } from '../../../../main/chat/resume';
import type { ChatRequest } from '../../../../main/chat/types';

const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const pngUrl = `data:image/png;base64,${Buffer.from(png).toString('base64')}`;
const fenced = 'notes.md\n\n```markdown\n# Hello\n```';

describe('messageContent', () => {
  it('keeps a message with only text files a plain string: the text, then each block', () => {
    expect(
      messageContent('Summarise this', [{ kind: 'text', name: 'notes.md', text: fenced }]),
    ).toBe(`Summarise this\n\n${fenced}`);
  });

  it('makes parts for images: the text first, then each image as a data URL', () => {
    const content = messageContent(
      'What is this?',
      [
        { kind: 'image', name: 'a.png', mime: 'image/png', bytes: png.buffer },
        { kind: 'text', name: 'notes.md', text: fenced },
        { kind: 'image', name: 'b.jpg', mime: 'image/jpeg', bytes: new Uint8Array([1, 2, 3]) },
      ],
      { imageDetail: 'high' },
    );
    expect(content).toEqual([
      { type: 'text', text: `What is this?\n\n${fenced}` },
      { type: 'image_url', image_url: { url: pngUrl, detail: 'high' } },
      { type: 'image_url', image_url: { url: 'data:image/jpeg;base64,AQID', detail: 'high' } },
    ]);
  });

  it('leaves out detail where the provider does not take it, and an empty text part', () => {
    expect(
      messageContent('  ', [{ kind: 'image', name: 'a.png', mime: 'image/png', bytes: png }]),
    ).toEqual([{ type: 'image_url', image_url: { url: pngUrl } }]);
  });

  it('encodes a view into a larger buffer by its own bytes only', () => {
    const backing = new Uint8Array([9, 9, 1, 2, 3, 9]);
    const view = backing.subarray(2, 5);
    expect(
      messageContent('', [{ kind: 'image', name: 'x', mime: 'image/png', bytes: view }]),
    ).toEqual([{ type: 'image_url', image_url: { url: 'data:image/png;base64,AQID' } }]);
  });
});

describe('withContentParts', () => {
  it('turns only messages with attachments into parts', () => {
    const messages = withContentParts([
      { role: 'user', content: 'first' },
      { role: 'assistant', content: 'answer' },
      {
        role: 'user',
        content: 'look',
        attachments: [{ kind: 'image', name: 'a.png', mime: 'image/png', bytes: png.buffer }],
      },
    ]);
    expect(messages[0]).toEqual({ role: 'user', content: 'first' });
    expect(messages[1]).toEqual({ role: 'assistant', content: 'answer' });
    expect(Array.isArray(messages[2]?.content)).toBe(true);
    expect(hasImageParts(messages)).toBe(true);
    expect(hasImageParts(messages.slice(0, 2))).toBe(false);
  });
});

describe('the request body and a resume', () => {
  const request: ChatRequest = {
    endpoint: { baseURL: 'http://127.0.0.1:1/v1' },
    model: 'gpt-4o',
    messages: withContentParts(
      [
        {
          role: 'user',
          content: 'What is this?',
          attachments: [{ kind: 'image', name: 'a.png', mime: 'image/png', bytes: png.buffer }],
        },
      ],
      { imageDetail: 'high' },
    ),
  };
  const expectedParts = [
    { type: 'text', text: 'What is this?' },
    { type: 'image_url', image_url: { url: pngUrl, detail: 'high' } },
  ];

  it('sends the parts as they are', () => {
    const body = JSON.parse(buildRequestBody(request, { includeUsage: false }));
    expect(body.messages).toEqual([{ role: 'user', content: expectedParts }]);
  });

  it('sends the same parts again when an answer is resumed', () => {
    const messages = continuationMessages(request.messages, 'It is a');
    const body = JSON.parse(buildRequestBody(request, { includeUsage: false, messages }));
    expect(body.messages[0]).toEqual({ role: 'user', content: expectedParts });
    expect(body.messages[1]).toEqual({ role: 'assistant', content: 'It is a' });
  });
});

describe('imageDetailFor', () => {
  it.each([
    ['https://api.openai.com/v1', 'high'],
    ['https://my-resource.openai.azure.com/openai/deployments/x', 'high'],
    ['https://openrouter.ai/api/v1', 'high'],
    ['https://api.groq.com/openai/v1', undefined],
    ['http://localhost:11434/v1', undefined],
    ['https://api.deepseek.com/v1', undefined],
    ['not a url', undefined],
  ])('%s → %s', (baseURL, detail) => {
    expect(imageDetailFor(baseURL)).toBe(detail);
  });
});
