/**
 * What the window should say about its history storage: which store it uses and the last write that
 * failed. A small external store, read with useStore like the chat and settings stores.
 */
import { HistoryFailure } from '../history/history-errors';
import type { HistoryErrorCode } from '../history/history-errors';
import type { HistoryMode } from '../history/resilient-history';

export interface HistoryStatus {
  mode: HistoryMode | null;
  /** The last failed save; cleared when the user dismisses it. */
  writeError: { code: HistoryErrorCode; message: string } | null;
}

export class HistoryStatusStore {
  private state: HistoryStatus = { mode: null, writeError: null };
  private readonly listeners = new Set<() => void>();

  getState = (): HistoryStatus => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private set(patch: Partial<HistoryStatus>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener();
  }

  modeChosen(mode: HistoryMode): void {
    this.set({ mode });
  }

  /** From the chat store's onStorageError: the chat goes on in memory, the banner says what is lost. */
  writeFailed(error: unknown): void {
    // The same failure repeats with every save while the disk is full: say it once.
    const writeError =
      error instanceof HistoryFailure
        ? { code: error.code, message: error.message }
        : {
            code: 'internal' as const,
            message: `Could not save history: ${error instanceof Error ? error.message : String(error)}`,
          };
    if (this.state.writeError?.code === writeError.code) return;
    this.set({ writeError });
  }

  dismissWriteError(): void {
    this.set({ writeError: null });
  }
}
