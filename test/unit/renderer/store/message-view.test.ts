import { describe, expect, it } from 'vitest';
import {
  applyStreamEvent,
  awaitingAnswer,
  fromRecord,
  markInterrupted,
  toRecord,
} from '../../../../renderer/src/store/message-view';
import { answerView as answer } from '../../../support/message-view';

describe('the message state machine', () => {
  it('waits, then streams as text arrives', () => {
    let m = applyStreamEvent(answer(), { type: 'started', attempt: 1 }, 10);
    expect(m.status).toBe('waiting');
    m = applyStreamEvent(m, { type: 'delta', text: 'Hel', reasoning: '' }, 11);
    m = applyStreamEvent(m, { type: 'delta', text: 'lo', reasoning: '' }, 12);
    expect(m).toMatchObject({ status: 'streaming', content: 'Hello' });
  });

  it('counts down a retry from the moment it was announced', () => {
    const m = applyStreamEvent(
      answer(),
      { type: 'retrying', attempt: 2, of: 4, delayMs: 3000, reason: '503' },
      1000,
    );
    expect(m.status).toBe('retrying');
    expect(m.retry).toEqual({ attempt: 2, of: 4, until: 4000, reason: '503' });
    expect(applyStreamEvent(m, { type: 'started', attempt: 2 }, 4000)).toMatchObject({
      status: 'waiting',
      retry: null,
    });
  });

  it('takes the final text from done, keeping usage reported earlier', () => {
    const usage = { promptTokens: 1, completionTokens: 2, totalTokens: 3 };
    let m = applyStreamEvent(answer({ content: 'partial' }), { type: 'usage', usage }, 2);
    m = applyStreamEvent(
      m,
      { type: 'done', finishReason: 'stop', usage: null, text: 'whole', reasoning: '' },
      3,
    );
    expect(m).toMatchObject({ status: 'complete', content: 'whole', usage, finishReason: 'stop' });
  });

  it('keeps the partial text when stopped', () => {
    const m = applyStreamEvent(
      answer({ content: 'abc', status: 'streaming' }),
      { type: 'cancelled', text: 'abc', reasoning: '' },
      2,
    );
    expect(m).toMatchObject({ status: 'cancelled', content: 'abc' });
  });

  it('a resumable failure with text is interrupted; without text it is an error', () => {
    const error = { code: 'network' as const, message: 'reset' };
    const withText = applyStreamEvent(
      answer(),
      { type: 'failed', error, resumable: true, text: 'half', reasoning: '' },
      2,
    );
    expect(withText).toMatchObject({ status: 'interrupted', resumable: true, error });
    const empty = applyStreamEvent(
      answer(),
      { type: 'failed', error, resumable: true, text: '', reasoning: '' },
      2,
    );
    expect(empty).toMatchObject({ status: 'error', resumable: false });
    const auth = applyStreamEvent(
      answer(),
      {
        type: 'failed',
        error: { code: 'auth', message: 'no' },
        resumable: false,
        text: '',
        reasoning: '',
      },
      2,
    );
    expect(auth).toMatchObject({ status: 'error', error: { code: 'auth' } });
  });

  it('notes resumes', () => {
    expect(applyStreamEvent(answer(), { type: 'resumed', resumes: 1 }, 2).resumes).toBe(1);
  });

  it('stores waiting and retrying as streaming, and reads them back', () => {
    expect(toRecord(answer({ status: 'retrying' })).status).toBe('streaming');
    expect(fromRecord(toRecord(answer({ status: 'complete', content: 'x' }))).status).toBe(
      'complete',
    );
  });

  it('marks an orphaned streaming message interrupted, resumable when it has text', () => {
    expect(markInterrupted(answer({ status: 'streaming', content: 'part' }), 5)).toMatchObject({
      status: 'interrupted',
      resumable: true,
    });
    expect(markInterrupted(answer({ status: 'streaming' }), 5).resumable).toBe(false);
  });
});

describe('stored attachments', () => {
  it('a record’s files become the view’s stored ones, and go back to the record unchanged', () => {
    const files = [
      {
        hash: 'a'.repeat(64),
        kind: 'image' as const,
        name: 'chart.png',
        mime: 'image/png',
        size: 10,
        width: 4,
        height: 3,
      },
    ];
    const view = fromRecord({ ...toRecord(answer({ status: 'complete' })), attachments: files });
    expect(view.storedAttachments).toEqual(files);
    expect(toRecord(view).attachments).toEqual(files);
    expect(toRecord(answer({ status: 'complete' }))).not.toHaveProperty('attachments');
  });
});

describe('tool calls kept with the answer', () => {
  const call = {
    type: 'toolCall' as const,
    call: { id: 'call_1', name: 'files__read_file', arguments: '{"path":"a.txt"}' },
    error: null,
  };
  const asked = {
    type: 'toolApproval' as const,
    callId: 'call_1',
    server: 'files',
    tool: 'read_file',
    description: 'Reads a file',
  };
  const ran = {
    type: 'toolResult' as const,
    callId: 'call_1',
    outcome: 'ran' as const,
    result: { content: 'hello', isError: false },
    durationMs: 7,
  };

  it('a finished call goes to the record and comes back as the same card', () => {
    let m = applyStreamEvent(answer({ content: 'Looking.', status: 'streaming' }), call, 2);
    m = applyStreamEvent(m, asked, 3);
    m = applyStreamEvent(m, ran, 4);
    m = applyStreamEvent(m, { type: 'stepLimit', steps: 10 }, 5);
    const record = toRecord(m);
    expect(record.toolActivity).toEqual({
      calls: [
        {
          callId: 'call_1',
          name: 'files__read_file',
          arguments: '{"path":"a.txt"}',
          problem: null,
          at: 8,
          approval: { server: 'files', tool: 'read_file', description: 'Reads a file' },
          result: { outcome: 'ran', content: 'hello', isError: false, durationMs: 7 },
        },
      ],
      stepLimit: 10,
    });
    const back = fromRecord(record);
    expect(back.toolActivity).toEqual(m.toolActivity);
    expect(back.stepLimit).toBe(10);
  });

  it('a call waiting while the answer streams is stored waiting, and asks again only if live', () => {
    let m = applyStreamEvent(answer({ content: 'Looking.', status: 'streaming' }), call, 2);
    m = applyStreamEvent(m, asked, 3);
    const record = toRecord(m);
    expect(record.status).toBe('streaming');
    expect(record.toolActivity?.calls[0]).toMatchObject({ waiting: true, result: null });
    // A window that re-attaches to the stream gets the card that asks.
    expect(fromRecord(record).toolActivity).toEqual(m.toolActivity);
    // Cut off (the stream gone): the card is settled, and says the call did not run.
    const cut = fromRecord({ ...record, status: 'interrupted' }).toolActivity?.[0];
    expect(cut).toMatchObject({ waiting: false, result: { outcome: 'cancelled', isError: true } });
    // An answer that ended stores no call that waits.
    const stopped = applyStreamEvent(m, { type: 'cancelled', text: 'Looking.', reasoning: '' }, 4);
    const stored = toRecord(stopped).toolActivity?.calls[0];
    expect(stored).not.toHaveProperty('waiting');
    expect(stored?.result).toMatchObject({ outcome: 'cancelled' });
  });

  it('an answer without calls stores none, and a retry in place drops the old cards', () => {
    expect(toRecord(answer({ status: 'complete' }))).not.toHaveProperty('toolActivity');
    const m = applyStreamEvent(answer({ status: 'error' }), call, 2);
    const again = awaitingAnswer({ ...m, stepLimit: 3 }, 3);
    expect(again).not.toHaveProperty('toolActivity');
    expect(again).not.toHaveProperty('stepLimit');
  });
});
