/**
 * A one-consumer async queue: the stream's producer pushes events whenever they happen (including from
 * timers), the caller pulls them with `for await`. Breaking out of the loop tells the producer to stop.
 */

export interface EventChannel<T> {
  push(value: T): void;
  close(): void;
  readonly closed: boolean;
  readonly iterable: AsyncIterable<T>;
}

export function createEventChannel<T>(hooks: {
  /** First pull: start producing only when someone listens. */
  onStart: () => void;
  /** The consumer stopped early (break / return). */
  onAbandon: () => void;
}): EventChannel<T> {
  const queue: T[] = [];
  let head = 0;
  // Callers may ask for several events before the first arrives; they are answered in order.
  const waiting: Array<(result: IteratorResult<T>) => void> = [];
  let closed = false;
  let started = false;

  const take = (): IteratorResult<T> | undefined => {
    if (head < queue.length) {
      const value = queue[head] as T;
      head += 1;
      if (head > 1024 && head * 2 > queue.length) {
        queue.splice(0, head);
        head = 0;
      }
      return { value, done: false };
    }
    return closed ? { value: undefined, done: true } : undefined;
  };

  const iterator: AsyncIterator<T> = {
    next() {
      if (!started) {
        started = true;
        hooks.onStart();
      }
      const ready = waiting.length === 0 ? take() : undefined;
      if (ready) return Promise.resolve(ready);
      return new Promise((resolve) => {
        waiting.push(resolve);
      });
    },
    return() {
      if (!closed) {
        closed = true;
        hooks.onAbandon();
      }
      queue.length = 0;
      head = 0;
      wake();
      return Promise.resolve({ value: undefined, done: true });
    },
  };

  const wake = (): void => {
    while (waiting.length > 0) {
      const ready = take();
      if (!ready) return;
      waiting.shift()?.(ready);
    }
  };

  return {
    push(value) {
      if (closed) return;
      queue.push(value);
      wake();
    },
    close() {
      closed = true;
      wake();
    },
    get closed() {
      return closed;
    },
    iterable: { [Symbol.asyncIterator]: () => iterator },
  };
}
