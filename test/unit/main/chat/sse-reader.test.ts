import { describe, expect, it } from 'vitest';
import { createSseDecoder, type SseMessage } from '../../../../main/chat/sse-reader';

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

function decodeAll(bytes: Uint8Array, sliceSize: number): SseMessage[] {
  const messages: SseMessage[] = [];
  const decoder = createSseDecoder((message) => messages.push(message));
  for (let offset = 0; offset < bytes.length; offset += sliceSize) {
    decoder.push(bytes.subarray(offset, offset + sliceSize));
  }
  decoder.end();
  return messages;
}

describe('sse-reader', () => {
  const body = encode(
    ': OPENROUTER PROCESSING\r\n\r\ndata: {"t":"Café 日本 🌊"}\r\n\r\nevent: error\r\ndata: {"e":1}\r\n\r\ndata: [DONE]\r\n\r\n',
  );

  it('gives the same events whether the body arrives whole or one byte at a time', () => {
    const whole = decodeAll(body, body.length);
    expect(whole.map(({ event, data }) => ({ event, data }))).toEqual([
      { event: undefined, data: '{"t":"Café 日本 🌊"}' },
      { event: 'error', data: '{"e":1}' },
      { event: undefined, data: '[DONE]' },
    ]);
    expect(decodeAll(body, 1)).toEqual(whole);
    expect(decodeAll(body, 3)).toEqual(whole);
  });

  it('keeps a multi-byte character whole when a read ends inside it', () => {
    const emoji = encode('data: 🌊\n\n');
    // 🌊 is four bytes; cut after the first of them.
    const messages: SseMessage[] = [];
    const decoder = createSseDecoder((message) => messages.push(message));
    decoder.push(emoji.subarray(0, 7));
    decoder.push(emoji.subarray(7));
    decoder.end();
    expect(messages.map((m) => m.data)).toEqual(['🌊']);
  });

  it('dispatches a last event that lacks its blank line when the body ends', () => {
    expect(decodeAll(encode('data: [DONE]\n'), 100)).toEqual([
      { event: undefined, data: '[DONE]' },
    ]);
  });
});

describe('decoding', () => {
  it('decodes any split of mixed text, invalid bytes included, exactly like TextDecoder', () => {
    const text = 'ASCII, café, 日本語, 🌊🌊 and invalid bytes: ';
    const payload = new Uint8Array([...encode(text), 0xff, 0x41, 0xe6, 0x97]);
    const body = new Uint8Array([
      ...encode('data: plain ascii\n\ndata: '),
      ...payload,
      ...encode('\n\nevent: ünïcode\ndata: x\n\ndata: ascii again\n\n'),
    ]);
    const expected = [
      { event: undefined, data: 'plain ascii' },
      { event: undefined, data: new TextDecoder().decode(payload) },
      { event: 'ünïcode', data: 'x' },
      { event: undefined, data: 'ascii again' },
    ];
    for (let size = 1; size <= 13; size += 1) {
      expect(decodeAll(body, size).map(({ event, data }) => ({ event, data }))).toEqual(expected);
    }
  });

  it('skips a UTF-8 byte order mark', () => {
    const body = new Uint8Array([0xef, 0xbb, 0xbf, ...encode('data: é\n\n')]);
    expect(decodeAll(body, 1).map((m) => m.data)).toEqual(['é']);
  });
});
