import { describe, expect, it } from 'vitest';
import { answerNote, retryText, usageText } from '../../../../renderer/src/chat/status-text';
import { shouldSubmit } from '../../../../renderer/src/chat/composer-keys';
import { requestMessages, titleFrom } from '../../../../renderer/src/store/conversation-request';
import { chatErrorFromIpc, presentError } from '../../../../renderer/src/store/error-presentation';
import type { MessageView } from '../../../../renderer/src/store/message-view';
import { answerView } from '../../../support/message-view';

const message = (patch: Partial<MessageView>): MessageView =>
  answerView({ status: 'complete', ...patch });

describe('status text', () => {
  it('counts a retry down in whole seconds', () => {
    const retry = { attempt: 2, of: 4, until: 10_000, reason: '' };
    expect(retryText(retry, 7_000)).toBe('Retrying in 3 s (2/4)');
    expect(retryText(retry, 7_001)).toBe('Retrying in 3 s (2/4)');
    expect(retryText(retry, 9_500)).toBe('Retrying in 1 s (2/4)');
    expect(retryText(retry, 10_000)).toBe('Retrying now (2/4)');
  });

  it('says why it is retrying, on one line and cut to a readable length', () => {
    const retry = { attempt: 2, of: 4, until: 10_000, reason: 'The server is overloaded (503).\n' };
    expect(retryText(retry, 7_000)).toBe('Retrying in 3 s (2/4): The server is overloaded (503).');
    const long = { ...retry, reason: 'x'.repeat(500) };
    const text = retryText(long, 7_000);
    expect(text.length).toBeLessThan(200);
    expect(text.endsWith('…')).toBe(true);
  });

  it('notes stopped, cut-off and resumed answers', () => {
    expect(answerNote(message({ status: 'cancelled' }))).toBe('Stopped');
    expect(answerNote(message({ finishReason: 'length' }))).toBe('Cut off at the length limit');
    expect(answerNote(message({ status: 'streaming', resumes: 1 }))).toBe(
      'Resumed after a dropped connection',
    );
    expect(answerNote(message({}))).toBeNull();
  });

  it('formats usage', () => {
    expect(usageText({ promptTokens: 1200, completionTokens: 34, totalTokens: 1234 })).toBe(
      '1,234 tokens · 1,200 in · 34 out',
    );
  });
});

describe('errors', () => {
  it('offers settings for auth and not_found, retry for passing trouble', () => {
    expect(presentError({ code: 'auth', message: '' }, false).actions).toEqual(['settings']);
    expect(presentError({ code: 'not_found', message: '' }, false).actions).toEqual(['settings']);
    for (const code of ['network', 'server', 'timeout', 'rate_limit'] as const) {
      expect(presentError({ code, message: '' }, false).actions).toEqual(['retry']);
    }
  });

  it('puts Continue first when the answer can be resumed, keeping Retry', () => {
    expect(presentError({ code: 'network', message: '' }, true).actions).toEqual([
      'continue',
      'retry',
    ]);
    expect(presentError({ code: 'auth', message: '' }, true).actions).toEqual([
      'continue',
      'settings',
      'retry',
    ]);
  });

  it('maps a refused start to a chat error', () => {
    expect(chatErrorFromIpc({ code: 'key_required', message: 'k' })).toEqual({
      code: 'auth',
      message: 'k',
    });
  });
});

describe('requests', () => {
  it('carries the conversation before the answer, without empty answers or system messages', () => {
    const list = [
      message({ id: 's', role: 'system', content: 'sys' }),
      message({ id: 'u1', role: 'user', content: 'q1' }),
      message({ id: 'a1', content: '', status: 'error' }),
      message({ id: 'u2', role: 'user', content: 'q2' }),
      message({ id: 'a2', content: 'partial', status: 'cancelled' }),
      message({ id: 'u3', role: 'user', content: 'q3' }),
      message({ id: 'a3', status: 'waiting' }),
    ];
    expect(requestMessages(list, 'a3')).toEqual([
      { role: 'user', content: 'q1' },
      { role: 'user', content: 'q2' },
      { role: 'assistant', content: 'partial' },
      { role: 'user', content: 'q3' },
    ]);
  });

  it('titles a conversation after its first question', () => {
    expect(titleFrom('  How do\nI parse SSE?  ')).toBe('How do I parse SSE?');
    expect(titleFrom('word '.repeat(30)).length).toBeLessThanOrEqual(61);
    expect(titleFrom('   ')).toBe('New chat');
  });
});

describe('composer keys', () => {
  const key = (patch: Partial<Parameters<typeof shouldSubmit>[0]>) => ({
    key: 'Enter',
    shiftKey: false,
    altKey: false,
    ctrlKey: false,
    metaKey: false,
    nativeEvent: { isComposing: false },
    ...patch,
  });
  it('Enter sends; Shift+Enter and IME composition do not', () => {
    expect(shouldSubmit(key({}))).toBe(true);
    expect(shouldSubmit(key({ shiftKey: true }))).toBe(false);
    expect(shouldSubmit(key({ nativeEvent: { isComposing: true } }))).toBe(false);
    expect(shouldSubmit(key({ key: 'a' }))).toBe(false);
  });
});
