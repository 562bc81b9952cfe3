/** The composer's one button: Send (a submit) while idle, Stop while an answer streams. */
export interface SendOrStopButtonProps {
  streaming: boolean;
  canSend: boolean;
  onStop: () => void;
  sendLabel: string;
  testIds: { send: string; stop: string };
}

export function SendOrStopButton({
  streaming,
  canSend,
  onStop,
  sendLabel,
  testIds,
}: SendOrStopButtonProps) {
  if (streaming) {
    return (
      <button
        type="button"
        className="button composer-button stop"
        data-testid={testIds.stop}
        onClick={onStop}
      >
        <span className="stop-square" aria-hidden="true" />
        Stop
      </button>
    );
  }
  return (
    <button
      type="submit"
      className="button button-primary composer-button"
      data-testid={testIds.send}
      disabled={!canSend}
    >
      {sendLabel}
    </button>
  );
}
