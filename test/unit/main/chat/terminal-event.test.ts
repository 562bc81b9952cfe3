/**
 * "Is this stream over?" has one answer per side: `isTerminal` in main, `isTerminalView` in the
 * renderer. Both must say the same of every event the engine can send.
 */
import { describe, expect, it } from 'vitest';
import { isTerminal, type StreamEvent } from '../../../../main/chat/types';
import { isTerminalView, streamEventSchema } from '../../../../preload/contract';

const answer = { text: 'Hello', reasoning: '' };
const everyEvent: StreamEvent[] = [
  { type: 'started', attempt: 1 },
  { type: 'delta', ...answer },
  { type: 'retrying', attempt: 2, of: 4, delayMs: 500, reason: 'The server is busy.' },
  { type: 'resumed', resumes: 1 },
  { type: 'usage', usage: { promptTokens: 1, completionTokens: 2, totalTokens: 3 } },
  {
    type: 'toolCall',
    call: { id: 'call_1', name: 'get_weather', arguments: '{"city": "Lyon"}' },
    error: null,
  },
  {
    type: 'toolCall',
    call: { id: 'call_2', name: 'add', arguments: '{"a": 1' },
    error: { code: 'invalid_arguments', message: 'The arguments for "add" are not valid JSON.' },
  },
  { type: 'done', finishReason: 'stop', usage: null, ...answer },
  {
    type: 'failed',
    error: { code: 'network', message: 'The connection dropped.' },
    resumable: true,
    ...answer,
  },
  { type: 'cancelled', ...answer },
];

describe('terminal events', () => {
  it('done, failed and cancelled end a stream; nothing else does', () => {
    expect(everyEvent.filter(isTerminal).map((event) => event.type)).toEqual([
      'done',
      'failed',
      'cancelled',
    ]);
  });

  it('the renderer says the same of each event as it arrives over IPC', () => {
    for (const event of everyEvent) {
      expect(isTerminalView(streamEventSchema.parse(event)), event.type).toBe(isTerminal(event));
    }
  });
});
