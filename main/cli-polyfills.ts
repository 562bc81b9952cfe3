/**
 * What the CLI's libraries expect of a newer Node than the 20 it supports: pdfjs-dist 6 calls
 * `Promise.withResolvers` (Node 22). Imported first by cli.ts, the CLI's entry, and nowhere else:
 * the app runs in Electron's newer Node and Chromium, which have it.
 */
// Typed by hand: main's TypeScript library is ES2023, which does not declare it.
if (typeof (Promise as { withResolvers?: unknown }).withResolvers !== 'function') {
  Object.defineProperty(Promise, 'withResolvers', {
    configurable: true,
    writable: true,
    value: function withResolvers<T>(this: PromiseConstructor) {
      let resolve!: (value: T | PromiseLike<T>) => void;
      let reject!: (reason?: unknown) => void;
      const promise = new this<T>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      return { promise, resolve, reject };
    },
  });
}

export {};
