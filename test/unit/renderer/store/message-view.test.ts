import { describe, expect, it } from 'vitest';
import {
  applyStreamEvent,
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
