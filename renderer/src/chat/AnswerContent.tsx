/**
 * An answer's text, in the chat window and in a comparison alike: with its tool cards between the
 * pieces when the answer used tools, or plain Markdown when it did not.
 */
import { useStores } from '../store/context';
import type { MessageView } from '../store/message-view';
import { AnswerBody } from './AnswerBody';
import { AnswerWithTools } from './AnswerWithTools';

interface AnswerContentProps {
  message: MessageView;
  streaming: boolean;
  onOpenLink: (url: string) => void;
  onCopyCode: (code: string) => void;
}

export function AnswerContent({ message, streaming, onOpenLink, onCopyCode }: AnswerContentProps) {
  const { chat } = useStores();
  if (!message.toolActivity?.length) {
    return (
      <AnswerBody
        reasoning={message.reasoning}
        content={message.content}
        streaming={streaming}
        onOpenLink={onOpenLink}
        onCopyCode={onCopyCode}
      />
    );
  }
  return (
    <AnswerWithTools
      reasoning={message.reasoning}
      content={message.content}
      streaming={streaming}
      onOpenLink={onOpenLink}
      onCopyCode={onCopyCode}
      activity={message.toolActivity}
      onAnswer={(callId, answer) => void chat.decideTool(message.id, callId, answer)}
    />
  );
}
