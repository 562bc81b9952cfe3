/** "Saved" or the error, next to the preference that was changed. */
import { FieldError } from './FieldError';
import type { SaveState } from './use-preference-save';

export function SaveStatus({
  id,
  state,
  testId,
}: {
  id: string;
  state: SaveState;
  testId: string;
}) {
  if (state.kind === 'error')
    return <FieldError id={id} message={state.message} testId={`${testId}-error`} />;
  return (
    <span
      className="save-status muted"
      id={id}
      data-testid={`${testId}-status`}
      data-state={state.kind}
    >
      {state.kind === 'saved' ? 'Saved' : state.kind === 'saving' ? 'Saving…' : ''}
    </span>
  );
}
