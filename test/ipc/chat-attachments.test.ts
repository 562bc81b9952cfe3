/**
 * Attachments through the real handler table (issue 26 item 7): the window hands an image over as an
 * ArrayBuffer and a text file as its fenced text; main builds the content parts the provider gets,
 * checked on the fault server. Budgets refuse with a typed `too_large` and a sentence; nothing starts.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { attachmentBudgets, attachmentBudgetProblem } from '../../preload/contract';
import { startFaultServer, type FaultServer } from '../fault-server';
import { createMainHost, type MainHost } from '../support/main-host';

let server: FaultServer;
beforeAll(async () => {
  server = await startFaultServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => server.reset());

function host(): MainHost {
  const main = createMainHost();
  main.settings.saveProvider({
    name: 'Fault',
    baseURL: server.baseURL,
    defaultModel: 'fault-model',
    headers: {},
  });
  main.settings.updatePreferences({ systemPrompt: '' });
  main.connect(() => {});
  return main;
}

const jpeg = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46]);
const fenced = 'notes.txt\n\n```text\nremember the milk\n```';

async function startWith(main: MainHost, payload: Record<string, unknown>) {
  return main.dispatch(
    'runnel:chat:start',
    { conversationId: 'c', messageId: 'm', ...payload },
    { windowId: 1 },
  );
}

async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe('attachments reach the provider as content parts', () => {
  it('an image as an image_url data URL, a text file inlined after the question', async () => {
    const main = host();
    const bytes = jpeg.slice().buffer;
    const started = await startWith(main, {
      messages: [
        {
          role: 'user',
          content: 'What is in the picture?',
          attachments: [
            { kind: 'text', name: 'notes.txt', text: fenced },
            { kind: 'image', name: 'cat.jpg', mime: 'image/jpeg', bytes },
          ],
        },
      ],
    });
    expect(started.ok).toBe(true);
    await until(() => server.requests.length > 0);
    expect(server.requests[0]?.body?.messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: `What is in the picture?\n\n${fenced}` },
          {
            type: 'image_url',
            image_url: { url: `data:image/jpeg;base64,${Buffer.from(jpeg).toString('base64')}` },
          },
        ],
      },
    ]);
  });

  it('a message with only text files stays a plain string', async () => {
    const main = host();
    await startWith(main, {
      messages: [
        {
          role: 'user',
          content: 'Read this',
          attachments: [{ kind: 'text', name: 'notes.txt', text: fenced }],
        },
      ],
    });
    await until(() => server.requests.length > 0);
    expect(server.requests[0]?.body?.messages).toEqual([
      { role: 'user', content: `Read this\n\n${fenced}` },
    ]);
  });

  it('refuses image bytes sent as anything but binary data (base64 text, an array)', async () => {
    const main = host();
    for (const bytes of ['/9j/4AAQ', [255, 216], { 0: 255 }]) {
      const result = await startWith(main, {
        messages: [
          {
            role: 'user',
            content: 'x',
            attachments: [{ kind: 'image', name: 'a.jpg', mime: 'image/jpeg', bytes }],
          },
        ],
      });
      expect(result).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    }
    expect(main.streams.size).toBe(0);
  });
});

describe('attachment budgets', () => {
  const image = (size: number, name = 'big.png') => ({
    kind: 'image' as const,
    name,
    mime: 'image/png' as const,
    bytes: new ArrayBuffer(size),
  });

  it('refuses one attachment over its budget, naming it and its size', async () => {
    const main = host();
    const result = await startWith(main, {
      messages: [
        {
          role: 'user',
          content: 'x',
          attachments: [image(attachmentBudgets.attachmentBytes + 1)],
        },
      ],
    });
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'too_large',
        message: 'big.png is 20.0 MB; one attachment can be at most 20.0 MB.',
      },
    });
    expect(main.streams.size).toBe(0);
    expect(server.requests).toHaveLength(0);
  });

  it('refuses a message whose attachments together are over its budget', () => {
    const twelve = 12 * 1024 * 1024;
    expect(
      attachmentBudgetProblem([{ attachments: [image(twelve), image(twelve), image(twelve)] }]),
    ).toBe(
      'The attachments of one message come to 36.0 MB; a message can carry at most 32.0 MB. Remove some, or send them over several messages.',
    );
    expect(attachmentBudgetProblem([{ attachments: [image(twelve), image(twelve)] }])).toBeNull();
  });

  it('refuses a request whose attachments over all messages are over its budget', () => {
    const eighteen = 18 * 1024 * 1024;
    const message = { attachments: [image(eighteen)] };
    expect(attachmentBudgetProblem([message, message])).toBeNull();
    expect(attachmentBudgetProblem([message, message, message])).toBe(
      'The attachments in this conversation come to 54.0 MB, and one request can carry at most 50.0 MB. Start a new conversation for more files.',
    );
  });

  it('counts attachments per message', () => {
    const many = Array.from({ length: attachmentBudgets.perMessage + 1 }, () => image(1));
    expect(attachmentBudgetProblem([{ attachments: many }])).toMatch(
      /at most 32 attachments; this one has 33/,
    );
  });

  it('counts a text attachment by its characters', () => {
    const text = 'x'.repeat(attachmentBudgets.attachmentBytes + 1);
    expect(
      attachmentBudgetProblem([{ attachments: [{ kind: 'text', name: 'log.txt', text }] }]),
    ).toMatch(/^log\.txt is 20\.0 MB/);
  });
});
