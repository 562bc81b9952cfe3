/**
 * One tool call in an answer. While it waits for the person: the server, the tool, its description
 * and the arguments as formatted JSON, with Allow once, Always allow this tool and Deny (plain buttons
 * in the tab order; nothing takes focus on its own, so typing elsewhere is never interrupted). Once it
 * ended: how, and how long it took, with what the model was told folded away below.
 *
 * Everything here is untrusted (the model wrote the arguments, a server wrote the description and
 * the result): it is shown as text, never as markup.
 */
import { useState } from 'react';
import { FormattedTextBoundary } from '../markdown/FormattedTextBoundary';
import { MessageMarkdown } from '../markdown/MessageMarkdown';
import type { ToolActivity, ToolOutcomeView } from '../store/tool-activity';
import { ToolResultMedia } from './ToolResultMedia';

export type ToolAnswer = 'once' | 'always' | 'deny';

const OUTCOME_WORDS: Record<ToolOutcomeView, string> = {
  ran: 'Done',
  failed: 'Failed',
  denied: 'Denied',
  timed_out: 'Timed out',
  invalid: 'Not run: the arguments were not valid',
  cancelled: 'Stopped',
};

/** Arguments as the model wrote them, indented when they are JSON. */
export function formattedArguments(text: string): string {
  if (text.trim() === '') return '{}';
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

/**
 * Why a call did not give a result, in one line shown without unfolding: the tool failed, timed out,
 * or the MCP host stopped under it. Null for calls that ran, were denied or stopped by the person.
 */
export function failureLine(call: ToolActivity): string | null {
  const result = call.result;
  if (!result || (result.outcome !== 'failed' && result.outcome !== 'timed_out')) return null;
  const first = result.content.split('\n').find((line) => line.trim() !== '') ?? '';
  return first.length > 400 ? `${first.slice(0, 400)}…` : first;
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
}

export function ToolCallCard({
  call,
  onAnswer,
  onOpenLink,
  onCopyCode,
}: {
  call: ToolActivity;
  onAnswer: (answer: ToolAnswer) => void;
  onOpenLink: (url: string) => void;
  onCopyCode: (code: string) => void;
}) {
  const [answered, setAnswered] = useState<ToolAnswer | null>(null);
  const tool = call.approval?.tool ?? call.name;
  const outcome = call.result?.outcome ?? null;
  const state = call.waiting ? 'waiting' : outcome ? outcome : 'running';
  const failure = failureLine(call);
  const answer = (choice: ToolAnswer): void => {
    setAnswered(choice);
    onAnswer(choice);
  };

  return (
    <section
      className={`tool-card tool-card-${state}`}
      data-testid="tool-card"
      data-state={state}
      data-call-id={call.callId}
      aria-label={`Tool call: ${tool}`}
    >
      <header className="tool-card-header">
        <span className="tool-card-name">{tool}</span>
        {call.approval && <span className="tool-card-server">{call.approval.server}</span>}
        <span className="tool-card-status" data-testid="tool-card-status">
          {call.waiting
            ? 'Waiting for you'
            : outcome
              ? `${OUTCOME_WORDS[outcome]}${call.result && call.result.durationMs > 0 ? ` · ${formatDuration(call.result.durationMs)}` : ''}`
              : 'Running…'}
        </span>
      </header>
      {call.waiting && call.approval?.description && (
        <p className="tool-card-description">{call.approval.description}</p>
      )}
      {(call.waiting || !call.result) && (
        <pre className="tool-card-arguments" data-testid="tool-card-arguments">
          {formattedArguments(call.arguments)}
        </pre>
      )}
      {call.waiting && (
        <div className="tool-card-actions" role="group" aria-label={`Run ${tool}?`}>
          <button
            type="button"
            className="button button-primary"
            data-testid="tool-allow-once"
            disabled={answered !== null}
            onClick={() => answer('once')}
          >
            Allow once
          </button>
          <button
            type="button"
            className="button"
            data-testid="tool-allow-always"
            disabled={answered !== null}
            onClick={() => answer('always')}
          >
            Always allow this tool
          </button>
          <button
            type="button"
            className="button"
            data-testid="tool-deny"
            disabled={answered !== null}
            onClick={() => answer('deny')}
          >
            Deny
          </button>
        </div>
      )}
      {failure && (
        <p className="tool-card-error" data-testid="tool-card-error">
          {failure}
        </p>
      )}
      {call.result?.media && (
        <ToolResultMedia media={call.result.media} tool={tool} onOpenLink={onOpenLink} />
      )}
      {call.result && (
        <details className="tool-card-result" data-testid="tool-card-result">
          <summary>{call.result.isError ? 'What the model was told' : 'Result'}</summary>
          <pre className="tool-card-arguments">{formattedArguments(call.arguments)}</pre>
          <div
            className={`tool-card-output${call.result.isError ? ' tool-card-output-error' : ''}`}
            data-testid="tool-card-output"
          >
            <FormattedTextBoundary text={call.result.content}>
              <MessageMarkdown
                text={call.result.content}
                streaming={false}
                onOpenLink={onOpenLink}
                onCopyCode={onCopyCode}
              />
            </FormattedTextBoundary>
          </div>
        </details>
      )}
    </section>
  );
}
