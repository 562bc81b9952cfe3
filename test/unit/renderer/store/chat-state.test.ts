/**
 * Selectors of the chat state that components run on every store change (several times a frame
 * while four answers stream): the quick ones must agree with the listings they stand for.
 */
import { describe, expect, it } from 'vitest';
import {
  firstLiveAnswerId,
  initialChatState,
  liveAnswersOf,
  type ChatState,
} from '../../../../renderer/src/store/chat-state';
import type { MessageView } from '../../../../renderer/src/store/message-view';
import { answerView } from '../../../support/message-view';

const question = (id: string): MessageView => answerView({ id, role: 'user', status: 'complete' });

function stateWith(
  shown: MessageView[],
  compared: MessageView[] = [],
  conversationId = 'c',
): ChatState {
  const messages = Object.fromEntries([...shown, ...compared].map((m) => [m.id, m]));
  return {
    ...initialChatState,
    activeConversationId: conversationId,
    messages,
    order: { [conversationId]: shown.map((m) => m.id) },
    comparisons:
      compared.length > 0
        ? {
            [conversationId]: {
              questionId: 'q',
              answerIds: [shown.at(-1)?.id ?? '', ...compared.map((m) => m.id)],
            },
          }
        : {},
  };
}

describe('firstLiveAnswerId', () => {
  const cases: Array<[string, ChatState]> = [
    ['nothing loaded', { ...initialChatState, activeConversationId: 'c' }],
    [
      'every answer complete',
      stateWith([question('q'), answerView({ id: 'a', status: 'complete' })]),
    ],
    [
      'the answer shown streaming',
      stateWith([question('q'), answerView({ id: 'a', status: 'streaming' })]),
    ],
    [
      'a compared answer beside a finished one',
      stateWith(
        [question('q'), answerView({ id: 'a', status: 'complete' })],
        [answerView({ id: 'b', status: 'complete' }), answerView({ id: 'x', status: 'retrying' })],
      ),
    ],
    [
      'the shown answer first when several stream',
      stateWith(
        [question('q'), answerView({ id: 'a', status: 'waiting' })],
        [answerView({ id: 'b', status: 'streaming' })],
      ),
    ],
    [
      'an id in the order whose message is not loaded',
      {
        ...stateWith([answerView({ id: 'a', status: 'streaming' })]),
        order: { c: ['gone', 'a'] },
      },
    ],
  ];

  it.each(cases)('is the first of liveAnswersOf: %s', (_name, state) => {
    expect(firstLiveAnswerId(state, 'c')).toBe(liveAnswersOf(state, 'c')[0]?.id ?? null);
  });

  it('is null for a new chat', () => {
    const state = stateWith([answerView({ id: 'a', status: 'streaming' })]);
    expect(firstLiveAnswerId(state, null)).toBeNull();
  });
});
