/**
 * The history worker. Every window runs one; exactly one of them owns the database at a time
 * (history-router.ts elects it and routes every window's requests to it; database-owner.ts runs them
 * on the database that open-database.ts opens). This file only wires those parts to the worker's scope.
 */
import { sha256Hex } from './attachment-hash';
import { createDatabaseOwner } from './database-owner';
import { HistoryFailure, toHistoryError } from './history-errors';
import type { HistoryMethod, MethodParams, MethodResult } from './history-methods';
import type {
  BackupFileRequest,
  ChannelMessage,
  ChatGptFileRequest,
  ClientOptions,
  ClientToWorker,
  HistoryRequest,
  WorkerToClient,
} from './history-protocol';
import type { HistoryRouter } from './history-router';
import { createHistoryRouter } from './history-router';
import { createLazyParsers } from './lazy-parsers';
import {
  integrityCheckBudget,
  openHistoryDatabase,
  repairDatabase,
  watchStorageErrors,
} from './open-database';

interface WorkerScope {
  postMessage(message: WorkerToClient): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<ClientToWorker>) => void): void;
}
const scope = globalThis as unknown as WorkerScope;
const post = (message: WorkerToClient): void => scope.postMessage(message);

/**
 * StreamedImportCalls: requests this worker makes itself (a streamed import's session calls). Their
 * answers come back here instead of going to the window.
 */
const ownRequests = new Map<
  string,
  { resolve: (value: unknown) => void; reject: (error: unknown) => void }
>();
const postOrKeep = (message: WorkerToClient): void => {
  if (message.kind === 'response' || message.kind === 'progress') {
    const own = ownRequests.get(message.id);
    if (own) {
      if (message.kind === 'response') {
        ownRequests.delete(message.id);
        if (message.ok) own.resolve(message.value);
        else own.reject(new HistoryFailure(message.error));
      }
      return;
    }
  }
  post(message);
};

// Before SQLite loads: it reads its error logger once, when it starts.
const storageErrors = watchStorageErrors();

let receiveWasm: (module: WebAssembly.Module | null) => void = () => undefined;
const wasmFromWindow = new Promise<WebAssembly.Module | null>((resolve) => (receiveWasm = resolve));

interface Running {
  router: HistoryRouter;
  close: () => void;
}
let running: Running | null = null;

const start = (settings: ClientOptions): Running => {
  // The origin's OPFS root, asked for while SQLite's script sets itself up rather than after, when
  // opening the file pool asks for it first.
  void navigator.storage?.getDirectory?.().catch(() => undefined);
  const channel = new BroadcastChannel(`${settings.storeName}-channel`);
  let closed = false;
  // A closed channel throws; what this worker still answers after closing has no one to go to.
  const broadcast = (message: ChannelMessage): void => {
    if (!closed) channel.postMessage(message);
  };
  const owner = createDatabaseOwner({
    open: () => openHistoryDatabase(settings, wasmFromWindow),
    repair: (open) => repairDatabase(open, settings),
    announce: (change) => {
      post({ kind: 'change', change });
      broadcast({ kind: 'change', change });
    },
    parsers: createLazyParsers(),
    storageErrors,
    checkBudgetMs: integrityCheckBudget(settings),
  });
  const router = createHistoryRouter({
    workerId: crypto.randomUUID(),
    post: postOrKeep,
    broadcast,
    locks: navigator.locks,
    lockName: `${settings.storeName}-owner`,
    open: owner.open,
    serving: owner.serving,
    execute: owner.execute,
  });
  channel.addEventListener('message', (event: MessageEvent<ChannelMessage>) =>
    router.receive(event.data),
  );
  router.start();
  return {
    router,
    close: () => {
      owner.close();
      router.close();
      closed = true;
      channel.close();
    },
  };
};

/**
 * This window's requests that arrived while it read a chosen file wait for it, so they keep their order
 * (as they do while the import code loads). Only this window's: others' requests reach the owner as usual.
 */
let inOrder: Promise<void> = Promise.resolve();
let held = 0;
const afterReading = (step: () => Promise<void> | void): void => {
  held++;
  inOrder = inOrder
    .then(step)
    .catch(() => undefined)
    .finally(() => held--);
};

const accept = (request: HistoryRequest): void => running?.router.accept(request);

/** StreamedImportCalls: asks the database's owner (this worker or another window's) itself. */
const ask = <M extends HistoryMethod>(
  method: M,
  params: MethodParams<M>,
): Promise<MethodResult<M>> =>
  new Promise((resolve, reject) => {
    const id = `own-${crypto.randomUUID()}`;
    ownRequests.set(id, { resolve: resolve as (value: unknown) => void, reject });
    accept({ kind: 'request', id, method, params } as HistoryRequest);
  });

/** Imports the person asked to stop (StreamedImportCalls): each checks between two chunks it reads. */
const cancelledImports = new Set<string>();

/**
 * Reads the chosen file here a chunk at a time (unzipping ChatGPT's export ZIP) and writes what it reads
 * into an import session the owner holds open (chatgpt-stream-import.ts), so neither the file nor its
 * conversations are ever whole in memory, and a cancel rolls everything back.
 */
const importChatGptFile = async ({
  id,
  file,
  kind,
}: ChatGptFileRequest | BackupFileRequest): Promise<void> => {
  const verb = kind === 'import-backup-file' ? 'import the backup' : 'import the ChatGPT export';
  try {
    // StreamedBackup: a backup file is read the same way, by its own reader.
    const importStream =
      kind === 'import-backup-file'
        ? (await import('./backup-stream-import')).importBackupStream
        : (await import('./chatgpt-stream-import')).importChatGptStream;
    const summary = await importStream(
      file,
      {
        begin: () => ask('importSessionBegin', []),
        write: (session, part) => ask('importSessionWrite', [session, part]),
        finish: (session) => ask('importSessionFinish', [session]),
        abort: (session) => ask('importSessionAbort', [session]),
      },
      {
        onProgress: (progress) => post({ kind: 'progress', id, progress }),
        cancelled: () => cancelledImports.has(id),
      },
    );
    post({ kind: 'response', id, ok: true, value: summary });
  } catch (error) {
    post({
      kind: 'response',
      id,
      ok: false,
      error: toHistoryError(error, verb),
    });
  } finally {
    cancelledImports.delete(id);
  }
};

/**
 * Hashes an attachment's bytes here, in the window's own worker, before the request goes on to the
 * database's owner, whose store names the bytes by that hash (Web Crypto is asynchronous; the store
 * is not).
 */
const putAttachment = async (
  request: Extract<HistoryRequest, { method: 'putAttachment' }>,
): Promise<void> => {
  const [upload] = request.params;
  let hash: string;
  try {
    hash = await sha256Hex(upload.bytes);
  } catch (error) {
    post({
      kind: 'response',
      id: request.id,
      ok: false,
      error: toHistoryError(error, 'store an attachment'),
    });
    return;
  }
  accept({ ...request, params: [{ ...upload, hash }] });
};

scope.addEventListener('message', (event) => {
  const message = event.data;
  switch (message.kind) {
    case 'init':
      running ??= start(message.options);
      return;
    case 'wasm':
      receiveWasm(message.module);
      return;
    case 'close':
      running?.close();
      post({ kind: 'closed', id: message.id });
      return;
    case 'import-chatgpt-file':
    case 'import-backup-file':
      afterReading(() => importChatGptFile(message));
      return;
    case 'cancel-import':
      // Not in order: it must reach the import that holds the queue.
      cancelledImports.add(message.id);
      return;
    case 'request':
      if (message.method === 'putAttachment') afterReading(() => putAttachment(message));
      else if (held > 0) afterReading(() => accept(message));
      else accept(message);
      return;
  }
});
