/** Shown while the machine is offline: reading history works, sending does not. */
export function OfflineIndicator() {
  return (
    <p className="offline-indicator" data-testid="offline-indicator" role="status">
      <span className="offline-dot" aria-hidden="true" />
      Offline
    </p>
  );
}
