/**
 * The UI thread's side of history: a HistoryStoreClient whose every call is a message to this window's
 * history worker (which owns the database or forwards to the window that does). No SQL runs here.
 * Its methods are built from the method table by a loop.
 */
import type { HistoryError } from './history-errors';
import { HistoryFailure } from './history-errors';
import type { HistoryMethod, HistoryStoreClient } from './history-methods';
import { buildCalls, isImport } from './history-methods';
import type {
  ClientOptions,
  ClientToWorker,
  HistoryRequest,
  HistoryRole,
  WorkerToClient,
} from './history-protocol';
import type { HistoryChange, ImportOptions, ImportProgress, ImportSummary } from './types';
import sqliteWasmUrl from '@sqlite.org/sqlite-wasm/sqlite3.wasm?url';

export interface HistoryClientHandle extends HistoryStoreClient {
  /** Whether this window's worker owns the database; for diagnostics and tests. */
  role(): HistoryRole;
  onRoleChange(listener: (role: HistoryRole) => void): () => void;
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (reason: HistoryFailure) => void;
  onProgress?: (progress: ImportProgress) => void;
}

export const defaultStoreName = 'runnel-history';

/** `f(a)` and `f(a, undefined)` send the same request. */
const withoutTrailingUndefined = (params: unknown[]): unknown[] => {
  let end = params.length;
  while (end > 0 && params[end - 1] === undefined) end--;
  return params.slice(0, end);
};

/**
 * SQLite's wasm, fetched and compiled from here while the worker is still loading its own script
 * (compileStreaming compiles off this thread), instead of after it. Null when that fails; the worker
 * then fetches the file itself as before.
 */
const compileSqlite = async (): Promise<WebAssembly.Module | null> => {
  try {
    return await WebAssembly.compileStreaming(fetch(sqliteWasmUrl));
  } catch {
    return null;
  }
};

export const createHistoryClient = (options: Partial<ClientOptions> = {}): HistoryClientHandle => {
  const worker = new Worker(new URL('./history-worker.ts', import.meta.url), {
    type: 'module',
    name: 'runnel-history',
  });
  const send = (message: ClientToWorker): void => worker.postMessage(message);
  const pending = new Map<string, Pending>();
  const changeListeners = new Set<(change: HistoryChange) => void>();
  const roleListeners = new Set<(role: HistoryRole) => void>();
  let role: HistoryRole = 'starting';
  let closedError: HistoryError | null = null;
  let nextId = 0;

  const failAll = (error: HistoryError): void => {
    closedError = error;
    for (const entry of pending.values()) entry.reject(new HistoryFailure(error));
    pending.clear();
  };

  worker.addEventListener('message', (event: MessageEvent<WorkerToClient>) => {
    const message = event.data;
    switch (message.kind) {
      case 'response': {
        const entry = pending.get(message.id);
        pending.delete(message.id);
        if (!entry) return;
        if (message.ok) entry.resolve(message.value);
        else entry.reject(new HistoryFailure(message.error));
        return;
      }
      case 'progress':
        pending.get(message.id)?.onProgress?.(message.progress);
        return;
      case 'change':
        for (const listener of changeListeners) listener(message.change);
        return;
      case 'role':
        role = message.role;
        for (const listener of roleListeners) listener(role);
        return;
      case 'closed':
        pending.get(message.id)?.resolve(undefined);
        pending.delete(message.id);
        return;
    }
  });
  worker.addEventListener('error', (event) => {
    failAll({
      code: 'storage-unavailable',
      message: `The history worker failed to start (${event.message || 'unknown error'}).`,
    });
  });

  send({ kind: 'init', options: { storeName: defaultStoreName, ...options } });
  void compileSqlite().then((module) => send({ kind: 'wasm', module }));

  /** Sends what `message` builds under a new id; the answer with that id settles the promise. */
  const ask = <T>(
    message: (id: string) => ClientToWorker,
    onProgress?: (progress: ImportProgress) => void,
  ): Promise<T> => {
    if (closedError) return Promise.reject(new HistoryFailure(closedError));
    const id = String(nextId++);
    return new Promise<T>((resolve, reject) => {
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject, onProgress });
      send(message(id));
    });
  };

  const call = (
    method: HistoryMethod,
    params: unknown[],
    onProgress?: (progress: ImportProgress) => void,
  ): Promise<unknown> =>
    ask((id) => ({ kind: 'request', id, method, params }) as HistoryRequest, onProgress);

  const calls = buildCalls((method) =>
    isImport(method)
      ? // An import's options stay here: only its input crosses, and its progress comes back by id.
        (input, options) =>
          call(method, [input], (options as ImportOptions | undefined)?.onProgress)
      : (...params) => call(method, withoutTrailingUndefined(params)),
  );

  return {
    ...calls,
    importChatGpt: (file, importOptions) =>
      typeof file === 'string'
        ? calls.importChatGpt(file, importOptions)
        : // The worker reads (and unzips) the file; only a handle to it crosses to the worker.
          ask<ImportSummary>((id) => {
            // StreamedImportCancel: aborting the signal rolls the import back.
            importOptions?.signal?.addEventListener(
              'abort',
              () => send({ kind: 'cancel-import', id }),
              { once: true },
            );
            return { kind: 'import-chatgpt-file', id, file };
          }, importOptions?.onProgress),
    importBackup: (file, importOptions) =>
      typeof file === 'string'
        ? calls.importBackup(file, importOptions)
        : // StreamedBackup: as a ChatGPT file, the worker reads it a chunk at a time.
          ask<ImportSummary>((id) => {
            importOptions?.signal?.addEventListener(
              'abort',
              () => send({ kind: 'cancel-import', id }),
              { once: true },
            );
            return { kind: 'import-backup-file', id, file };
          }, importOptions?.onProgress),
    onChange: (listener) => {
      changeListeners.add(listener);
      return () => changeListeners.delete(listener);
    },
    role: () => role,
    onRoleChange: (listener) => {
      roleListeners.add(listener);
      return () => roleListeners.delete(listener);
    },
    close: async () => {
      if (closedError) return;
      const id = String(nextId++);
      await new Promise<unknown>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        send({ kind: 'close', id });
      });
      failAll({ code: 'closed', message: 'History was closed in this window.' });
      worker.terminate();
    },
  };
};
