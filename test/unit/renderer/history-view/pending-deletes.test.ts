import { describe, expect, it } from 'vitest';
import { PendingDeletes } from '../../../../renderer/src/history-view/pending-deletes';

function manualTimers() {
  const timers = new Map<number, () => void>();
  let next = 1;
  return {
    setTimer: (callback: () => void) => {
      timers.set(next, callback);
      return next++;
    },
    clearTimer: (handle: unknown) => timers.delete(handle as number),
    fireAll: () => {
      for (const [id, callback] of [...timers]) {
        timers.delete(id);
        callback();
      }
    },
    get size() {
      return timers.size;
    },
  };
}

describe('PendingDeletes', () => {
  it('applies a delete only when its time runs out', () => {
    const timers = manualTimers();
    const committed: string[] = [];
    const deletes = new PendingDeletes({ commit: (id) => void committed.push(id), ...timers });
    deletes.request('a', 'Alpha');
    expect(deletes.getState()).toEqual([{ id: 'a', title: 'Alpha' }]);
    expect(committed).toEqual([]);
    timers.fireAll();
    expect(committed).toEqual(['a']);
    expect(deletes.getState()).toEqual([]);
  });

  it('undo forgets the delete and nothing is ever removed', () => {
    const timers = manualTimers();
    const committed: string[] = [];
    const deletes = new PendingDeletes({ commit: (id) => void committed.push(id), ...timers });
    deletes.request('a', 'Alpha');
    deletes.request('b', 'Beta');
    deletes.undo('a');
    expect(deletes.isPending('a')).toBe(false);
    expect(timers.size).toBe(1);
    timers.fireAll();
    expect(committed).toEqual(['b']);
  });

  it('commitAll applies everything still waiting (the window is closing), once', () => {
    const timers = manualTimers();
    const committed: string[] = [];
    const deletes = new PendingDeletes({ commit: (id) => void committed.push(id), ...timers });
    deletes.request('a', 'Alpha');
    deletes.request('a', 'Alpha again');
    deletes.request('b', 'Beta');
    let notified = 0;
    deletes.subscribe(() => notified++);
    deletes.commitAll();
    timers.fireAll();
    expect(committed).toEqual(['a', 'b']);
    expect(notified).toBe(2);
  });
});

describe('PendingDeletes, entries with their own actions (a message deleted at once)', () => {
  it('undo runs the entry’s undo; running out runs its commit, never the list’s', () => {
    const timers = manualTimers();
    const committed: string[] = [];
    const undone: string[] = [];
    const deletes = new PendingDeletes({ commit: (id) => void committed.push(id), ...timers });
    deletes.request('message:a', 'Alpha', {
      detail: '4 messages',
      commit: () => void committed.push('own a'),
      undo: () => void undone.push('a'),
    });
    deletes.request('message:b', 'Beta', { commit: () => void committed.push('own b') });
    expect(deletes.getState()).toEqual([
      { id: 'message:a', title: 'Alpha', detail: '4 messages' },
      { id: 'message:b', title: 'Beta' },
    ]);
    deletes.undo('message:a');
    deletes.undo('message:a');
    expect(undone).toEqual(['a']);
    timers.fireAll();
    expect(committed).toEqual(['own b']);
    expect(deletes.getState()).toEqual([]);
  });
});
