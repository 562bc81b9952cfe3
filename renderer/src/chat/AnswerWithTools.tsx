/**
 * An answer that used tools: its text cut where the calls came, each group of cards between the text
 * before and after it, as the answer unfolded. Only the last piece of text can still be streaming.
 */
import { AnswerBody, type AnswerBodyProps } from './AnswerBody';
import { ToolCallCard, type ToolAnswer } from './ToolCallCard';
import { answerPieces, type ToolActivity } from '../store/tool-activity';

export function AnswerWithTools({
  activity,
  onAnswer,
  ...body
}: AnswerBodyProps & {
  activity: readonly ToolActivity[];
  onAnswer: (callId: string, answer: ToolAnswer) => void;
}) {
  const pieces = answerPieces(body.content, activity);
  return (
    <>
      <AnswerBody {...body} content="" />
      {pieces.map((piece, index) =>
        piece.kind === 'text' ? (
          <AnswerBody
            // A piece keeps its place: the cards before it never move.
            key={`text-${index}`}
            {...body}
            reasoning=""
            content={piece.text}
            streaming={body.streaming && piece.last}
          />
        ) : (
          <div key={`tools-${index}`} className="tool-cards">
            {piece.calls.map((call) => (
              <ToolCallCard
                key={call.callId}
                call={call}
                onAnswer={(answer) => onAnswer(call.callId, answer)}
                onOpenLink={body.onOpenLink}
                onCopyCode={body.onCopyCode}
              />
            ))}
          </div>
        ),
      )}
    </>
  );
}
