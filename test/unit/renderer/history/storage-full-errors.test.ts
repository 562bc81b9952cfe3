/**
 * Storage full, as the browser really reports it: Chromium 150's sync access handle returns
 * FILE_ERROR_NO_SPACE as a byte count (crbug 541725401), opfs-sahpool turns that into "Unknown write()
 * failure." and SQLite into SQLITE_IOERR (result code 10, "disk I/O error"). The Chromium run of the
 * same path is test/history-e2e/storage-full.spec.ts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { toHistoryError } from '../../../../renderer/src/history/history-errors';
import { makeFullWritesThrow } from '../../../../renderer/src/history/opfs-full-writes';

/** The shape of sqlite-wasm's SQLite3Error for a failed COMMIT on OPFS. */
const ioError = Object.assign(new Error('SQLITE_IOERR: sqlite3 result code 10: disk I/O error'), {
  name: 'SQLite3Error',
  resultCode: 10,
});

describe('a full disk is called storage full', () => {
  it('SQLITE_IOERR with the QuotaExceededError the storage layer threw', () => {
    const quota = new DOMException('Storage is full', 'QuotaExceededError');
    expect(toHistoryError(ioError, 'save messages', quota)).toEqual({
      code: 'storage-full',
      message:
        'Could not save messages: storage is full. History is still readable; free some space and try again.',
    });
  });

  it('SQLITE_IOERR for another reason stays a disk error', () => {
    expect(toHistoryError(ioError, 'save messages', new Error('handle closed'))).toMatchObject({
      code: 'write-failed',
    });
    expect(toHistoryError(ioError, 'save messages')).toMatchObject({ code: 'write-failed' });
  });
});

describe('OPFS writes that run out of room throw QuotaExceededError', () => {
  const scope = globalThis as { FileSystemSyncAccessHandle?: unknown };
  afterEach(() => delete scope.FileSystemSyncAccessHandle);

  it("Chromium's FILE_ERROR_NO_SPACE count and Firefox's short count both throw; full writes pass", () => {
    let answer = 0;
    class FakeHandle {
      write(buffer: ArrayBufferView): number {
        return answer === -1 ? buffer.byteLength : answer;
      }
    }
    scope.FileSystemSyncAccessHandle = FakeHandle;
    makeFullWritesThrow();
    const handle = new FakeHandle();
    answer = 4294967288;
    expect(() => handle.write(new Uint8Array(4096))).toThrow(
      expect.objectContaining({ name: 'QuotaExceededError' }),
    );
    answer = 1000;
    expect(() => handle.write(new Uint8Array(4096))).toThrow(/took 1000 of 4096 bytes/);
    answer = -1;
    expect(handle.write(new Uint8Array(4096))).toBe(4096);
  });
});
