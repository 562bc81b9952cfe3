/** An answer as the chat store holds it, waiting for its first event; tests patch what they need. */
import type { MessageView } from '../../renderer/src/store/message-view';

export const answerView = (patch: Partial<MessageView> = {}): MessageView => ({
  id: 'm',
  conversationId: 'c',
  parentId: null,
  role: 'assistant',
  content: '',
  reasoning: '',
  status: 'waiting',
  finishReason: null,
  usage: null,
  error: null,
  resumable: false,
  retry: null,
  resumes: 0,
  createdAt: 1,
  updatedAt: 1,
  ...patch,
});
