/** What a stream is asked: the conversation as the user saw it, up to the answer being filled. */
import type { ChatMessageView } from '../../../preload/contract';
import { toPayload } from '../attachments/sent-attachment';
import type { MessageView } from './message-view';

/**
 * The messages before `answerId`, as the API wants them. The system prompt is not here: main adds
 * it from settings. Answers with no text (failed before the first token) are left out, because
 * several providers refuse an empty assistant message; partial answers (stopped, interrupted)
 * stay, since the user saw them and may refer to them. A question's attachments go with it
 * (a question may be attachments alone).
 */
export function requestMessages(messages: MessageView[], answerId: string): ChatMessageView[] {
  const index = messages.findIndex((message) => message.id === answerId);
  const before = index < 0 ? messages : messages.slice(0, index);
  return before
    .filter((message) => message.role !== 'system')
    .filter((message) => message.content.trim().length > 0 || Boolean(message.attachments?.length))
    .map((message) =>
      message.attachments?.length
        ? {
            role: message.role,
            content: message.content,
            attachments: message.attachments.map(toPayload),
          }
        : { role: message.role, content: message.content },
    );
}

const TITLE_LENGTH = 60;

/** A conversation is named after its first question until the user names it. */
export function titleFrom(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  if (line.length <= TITLE_LENGTH) return line || 'New chat';
  const cut = line.slice(0, TITLE_LENGTH);
  const lastSpace = cut.lastIndexOf(' ');
  return `${lastSpace > TITLE_LENGTH / 2 ? cut.slice(0, lastSpace) : cut}…`;
}
