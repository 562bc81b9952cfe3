/** An error shown right beside the control that caused it, and tied to it for screen readers. */
export function FieldError({
  id,
  message,
  testId,
}: {
  id: string;
  message: string | null | undefined;
  testId?: string;
}) {
  if (!message) return null;
  return (
    <p className="field-error" id={id} data-testid={testId} role="alert">
      {message}
    </p>
  );
}
