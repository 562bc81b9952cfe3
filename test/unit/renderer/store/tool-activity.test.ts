/** An answer's tool activity from its stream events, and where its cards sit in the text. */
import { describe, expect, it } from 'vitest';
import type { StreamEventView } from '../../../../preload/contract';
import { applyStreamEvent, type MessageView } from '../../../../renderer/src/store/message-view';
import { answerView } from '../../../support/message-view';
import {
  answerPieces,
  applyToolEvent,
  readsImages,
} from '../../../../renderer/src/store/tool-activity';

const answer = answerView({ id: 'a', parentId: 'q' });

const play = (events: StreamEventView[]): MessageView =>
  events.reduce((message, event) => applyStreamEvent(message, event, 2), answer);

const call = (id: string, args = '{"path": "a.txt"}'): StreamEventView => ({
  type: 'toolCall',
  call: { id, name: 'files__read_file', arguments: args },
  error: null,
});

describe('tool activity from stream events', () => {
  it('follows a call from the model through its card to its result, at the place it came', () => {
    const message = play([
      { type: 'delta', text: 'Let me look.', reasoning: '' },
      call('c1'),
      {
        type: 'toolApproval',
        callId: 'c1',
        server: 'Files',
        tool: 'read_file',
        description: 'Reads a file.',
      },
    ]);
    expect(message.toolActivity).toEqual([
      {
        callId: 'c1',
        name: 'files__read_file',
        arguments: '{"path": "a.txt"}',
        problem: null,
        at: 'Let me look.'.length,
        approval: { server: 'Files', tool: 'read_file', description: 'Reads a file.' },
        waiting: true,
        result: null,
      },
    ]);
    const after = [
      {
        type: 'toolResult',
        callId: 'c1',
        outcome: 'ran',
        result: { content: 'hello', isError: false },
        durationMs: 12,
      },
      { type: 'step', step: 2 },
      { type: 'delta', text: '\n\nIt says hello.', reasoning: '' },
    ] satisfies StreamEventView[];
    const ended = after.reduce((m, event) => applyStreamEvent(m, event, 3), message);
    expect(ended.toolActivity?.[0]).toMatchObject({
      waiting: false,
      result: { outcome: 'ran', content: 'hello', isError: false, durationMs: 12 },
    });
    expect(ended.content).toBe('Let me look.\n\nIt says hello.');
  });

  it('keeps the problem of arguments that are not JSON', () => {
    const message = play([
      {
        type: 'toolCall',
        call: { id: 'c1', name: 'add', arguments: '{"a": 1' },
        error: { code: 'invalid_arguments', message: 'The arguments are not valid JSON.' },
      },
    ]);
    expect(message.toolActivity?.[0]?.problem).toBe('The arguments are not valid JSON.');
  });

  it('settles a waiting card when the answer ends, so it stops asking', () => {
    const message = play([
      call('c1'),
      { type: 'toolApproval', callId: 'c1', server: 'Files', tool: 'read_file', description: null },
      { type: 'cancelled', text: '', reasoning: '' },
    ]);
    expect(message.toolActivity?.[0]).toMatchObject({
      waiting: false,
      result: { outcome: 'cancelled', isError: true },
    });
  });

  it('notes the step limit', () => {
    expect(play([{ type: 'stepLimit', steps: 10 }]).stepLimit).toBe(10);
  });

  it('ignores a second toolCall event for the same call', () => {
    const once = applyToolEvent(
      [],
      { type: 'toolCall', call: { id: 'c', name: 'x', arguments: '' }, error: null },
      0,
    );
    expect(
      applyToolEvent(
        once,
        { type: 'toolCall', call: { id: 'c', name: 'x', arguments: '' }, error: null },
        5,
      ),
    ).toEqual(once);
  });
});

describe('where the cards sit', () => {
  const entry = (callId: string, at: number) => ({
    callId,
    name: 'x',
    arguments: '',
    problem: null,
    at,
    approval: null,
    waiting: false,
    result: null,
  });

  it('cuts the text at each step, grouping calls of one step', () => {
    expect(answerPieces('AB\n\nCD', [entry('1', 2), entry('2', 2)])).toEqual([
      { kind: 'text', text: 'AB', last: false },
      { kind: 'tools', calls: [entry('1', 2), entry('2', 2)] },
      { kind: 'text', text: '\n\nCD', last: true },
    ]);
  });

  it('puts calls made before any text first, and clamps a place past the end', () => {
    expect(answerPieces('Done', [entry('1', 0), entry('2', 99)])).toEqual([
      { kind: 'tools', calls: [entry('1', 0)] },
      { kind: 'text', text: 'Done', last: false },
      { kind: 'tools', calls: [entry('2', 4)].map((e) => ({ ...e, at: 99 })) },
    ]);
  });
});

describe('whether tool results’ images go to the model', () => {
  it('only to a model known to read images; a text-only or unknown model is told they were shown', () => {
    expect(readsImages({ providerId: 'p', model: 'gpt-4.1-mini' })).toBe(true);
    expect(readsImages({ providerId: 'p', model: 'deepseek-chat' })).toBe(false);
    expect(readsImages({ providerId: 'p', model: 'gpt-3.5-turbo' })).toBe(false);
    expect(readsImages({ providerId: 'p', model: 'some-local-model' })).toBe(false);
  });
});
