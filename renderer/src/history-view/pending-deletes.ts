/**
 * Delete with Undo. A deleted conversation disappears at once but is only removed from storage when
 * its toast runs out (6 s): Undo then just shows it again, with nothing to restore and nothing lost.
 * If the window closes before then, the delete is applied on the way out (best effort); failing that
 * the conversation is still there next time, which is the safe way to fail.
 */
export interface PendingDelete {
  id: string;
  title: string;
}

export interface PendingDeletesDeps {
  commit: (id: string) => Promise<void> | void;
  delayMs?: number;
  setTimer?: (callback: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

export const UNDO_MS = 6_000;

export class PendingDeletes {
  private pending: readonly PendingDelete[] = [];
  private readonly timers = new Map<string, unknown>();
  private readonly listeners = new Set<() => void>();
  private readonly delayMs: number;
  private readonly setTimer: (callback: () => void, ms: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;

  constructor(private readonly deps: PendingDeletesDeps) {
    this.delayMs = deps.delayMs ?? UNDO_MS;
    this.setTimer = deps.setTimer ?? ((callback, ms) => setTimeout(callback, ms));
    this.clearTimer =
      deps.clearTimer ?? ((handle) => clearTimeout(handle as ReturnType<typeof setTimeout>));
  }

  getState = (): readonly PendingDelete[] => this.pending;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private set(next: readonly PendingDelete[]): void {
    this.pending = next;
    for (const listener of this.listeners) listener();
  }

  request(id: string, title: string): void {
    if (this.timers.has(id)) return;
    this.timers.set(
      id,
      this.setTimer(() => this.commit(id), this.delayMs),
    );
    this.set([...this.pending, { id, title }]);
  }

  undo(id: string): void {
    const timer = this.timers.get(id);
    if (timer === undefined) return;
    this.clearTimer(timer);
    this.timers.delete(id);
    this.set(this.pending.filter((entry) => entry.id !== id));
  }

  /** Applies a delete now (its toast ran out or was dismissed). */
  commit(id: string): void {
    const timer = this.timers.get(id);
    if (timer === undefined) return;
    this.clearTimer(timer);
    this.timers.delete(id);
    this.set(this.pending.filter((entry) => entry.id !== id));
    void this.deps.commit(id);
  }

  commitAll(): void {
    for (const id of [...this.timers.keys()]) this.commit(id);
  }

  isPending(id: string): boolean {
    return this.timers.has(id);
  }
}
