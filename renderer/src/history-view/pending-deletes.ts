/**
 * Delete with Undo. A deleted conversation disappears at once but is only removed from storage when
 * its toast runs out (6 s): Undo then just shows it again, with nothing to restore and nothing lost.
 * If the window closes before then, the delete is applied on the way out (best effort); failing that
 * the conversation is still there next time, which is the safe way to fail.
 *
 * A message deleted with everything below it is removed at once instead (its entry brings its own
 * `undo`, which saves it all back): the branch shown, the pager's counts, search and the other windows
 * all read the tree from storage, so hiding a subtree in one window's view alone would leave them
 * disagreeing for the toast's six seconds.
 */
export interface PendingDelete {
  id: string;
  title: string;
  /**
   * What went, said before the title (so a narrow toast cuts the title, not the count): "4 messages"
   * reads "Deleted 4 messages: “Title”".
   */
  detail?: string;
}

/** An entry's own way to apply and to undo it, in place of the `commit` the list was made with. */
export interface DeleteActions {
  commit?: () => void;
  undo?: () => void;
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
  private readonly actions = new Map<string, DeleteActions>();
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

  request(id: string, title: string, options: DeleteActions & { detail?: string } = {}): void {
    if (this.timers.has(id)) return;
    const { detail, ...actions } = options;
    this.timers.set(
      id,
      this.setTimer(() => this.commit(id), this.delayMs),
    );
    this.actions.set(id, actions);
    this.set([...this.pending, detail === undefined ? { id, title } : { id, title, detail }]);
  }

  undo(id: string): void {
    const timer = this.timers.get(id);
    if (timer === undefined) return;
    this.clearTimer(timer);
    this.timers.delete(id);
    const actions = this.actions.get(id);
    this.actions.delete(id);
    this.set(this.pending.filter((entry) => entry.id !== id));
    actions?.undo?.();
  }

  /** Applies a delete now (its toast ran out or was dismissed). */
  commit(id: string): void {
    const timer = this.timers.get(id);
    if (timer === undefined) return;
    this.clearTimer(timer);
    this.timers.delete(id);
    const actions = this.actions.get(id);
    this.actions.delete(id);
    this.set(this.pending.filter((entry) => entry.id !== id));
    if (actions?.commit) actions.commit();
    else void this.deps.commit(id);
  }

  commitAll(): void {
    for (const id of [...this.timers.keys()]) this.commit(id);
  }

  isPending(id: string): boolean {
    return this.timers.has(id);
  }
}
