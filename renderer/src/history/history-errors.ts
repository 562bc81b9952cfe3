/**
 * Errors the history store reports, as a discriminated union the UI can switch on. Every one carries a
 * message a person understands; none carries message content.
 */
export type HistoryErrorCode =
  /** The disk or the browser's storage quota is full: history stays readable, this write did not happen. */
  | 'storage-full'
  /** A write failed for another reason (I/O); nothing already stored was changed. */
  | 'write-failed'
  /** The database could not be opened (no OPFS, locked by another app instance, newer schema). */
  | 'storage-unavailable'
  /** A Runnel backup file is not valid; nothing was imported. */
  | 'invalid-backup'
  /** A ChatGPT conversations.json is not valid; nothing was imported. */
  | 'invalid-chatgpt-export'
  /** The request itself is wrong (for example a message for a conversation that does not exist). */
  | 'bad-request'
  | 'not-found'
  /** The client was closed. */
  | 'closed'
  /** The person cancelled an import; nothing of it was kept (ImportCancelled). */
  | 'cancelled'
  | 'internal';

export interface HistoryError {
  code: HistoryErrorCode;
  message: string;
}

/** What a rejected HistoryClient promise holds. */
export class HistoryFailure extends Error {
  readonly code: HistoryErrorCode;
  constructor(readonly error: HistoryError) {
    super(error.message);
    this.name = 'HistoryFailure';
    this.code = error.code;
  }
}

export const historyError = (code: HistoryErrorCode, message: string): HistoryFailure =>
  new HistoryFailure({ code, message });

/** SQLite's primary result code of an error sqlite-wasm threw (its extended bits dropped), else null. */
export const resultCodeOf = (error: unknown): number | null =>
  typeof error === 'object' && error !== null && 'resultCode' in error
    ? Number((error as { resultCode: unknown }).resultCode) & 0xff
    : null;

const sqliteFull = 13;
const sqliteIoErr = 10;
const sqliteConstraint = 19;

/**
 * A browser's "storage is full": OPFS throws a DOMException named QuotaExceededError (the File System
 * spec's FileSystemSyncAccessHandle.write and truncate); older engines' messages say "quota".
 */
const isQuotaError = (error: unknown): boolean =>
  typeof error === 'object' &&
  error !== null &&
  ((error as { name?: unknown }).name === 'QuotaExceededError' ||
    /quota/i.test(String((error as { message?: unknown }).message)));

/**
 * Turns whatever a store operation threw into a HistoryError; `doing` names the operation for people.
 * `storageError` is what the storage layer itself threw during the operation, if anything: SQLite turns
 * every failed write into SQLITE_IOERR, so a full disk is only recognisable there.
 */
export const toHistoryError = (
  thrown: unknown,
  doing: string,
  storageError: unknown = null,
): HistoryError => {
  if (thrown instanceof HistoryFailure) return thrown.error;
  const text = thrown instanceof Error ? thrown.message : String(thrown);
  const resultCode = resultCodeOf(thrown);
  const fullWhileWriting = resultCode === sqliteIoErr && isQuotaError(storageError);
  if (
    fullWhileWriting ||
    resultCode === sqliteFull ||
    isQuotaError(thrown) ||
    /SQLITE_FULL|disk is full/i.test(text)
  ) {
    return {
      code: 'storage-full',
      message: `Could not ${doing}: storage is full. History is still readable; free some space and try again.`,
    };
  }
  if (resultCode === sqliteIoErr || /SQLITE_IOERR/i.test(text)) {
    return {
      code: 'write-failed',
      message: `Could not ${doing}: the disk reported an error (${text}).`,
    };
  }
  if (resultCode === sqliteConstraint) {
    return { code: 'bad-request', message: `Could not ${doing}: ${text}` };
  }
  return { code: 'internal', message: `Could not ${doing}: ${text}` };
};
