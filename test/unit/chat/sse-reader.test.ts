import { describe, expect, it } from 'vitest';
import { createSseDecoder, type SseMessage } from '../../../main/chat/sse-reader';

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
    expect(whole).toEqual([
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
    expect(messages).toEqual([{ event: undefined, data: '🌊' }]);
  });

  it('dispatches a last event that lacks its blank line when the body ends', () => {
    expect(decodeAll(encode('data: [DONE]\n'), 100)).toEqual([
      { event: undefined, data: '[DONE]' },
    ]);
  });
});
