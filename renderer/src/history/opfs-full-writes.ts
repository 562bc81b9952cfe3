/**
 * Makes a write to OPFS that runs out of storage throw QuotaExceededError, as the File System standard
 * says FileSystemSyncAccessHandle.write must (https://fs.spec.whatwg.org/#api-filesystemsyncaccesshandle-write).
 * Browsers do not yet: Chromium 150 returns its internal FILE_ERROR_NO_SPACE (-8) as a count,
 * 4294967288, larger than the buffer (crbug 541725401), and Firefox returns a short count
 * (rhashimoto/wa-sqlite#336 describes both). opfs-sahpool then reports "Unknown write() failure.",
 * which SQLite turns into a bare SQLITE_IOERR; with this, the error it records is the real one, so
 * history can say "storage is full" (history-errors.ts).
 */
interface SyncWrite {
  write(buffer: ArrayBufferView | ArrayBuffer, options?: { at?: number }): number;
}

let installed = false;

export const makeFullWritesThrow = (): void => {
  const handle = (globalThis as { FileSystemSyncAccessHandle?: { prototype: SyncWrite } })
    .FileSystemSyncAccessHandle;
  if (installed || !handle) return;
  installed = true;
  const write = handle.prototype.write;
  handle.prototype.write = function (this: SyncWrite, buffer, options) {
    const written = write.call(this, buffer, options);
    const length = buffer.byteLength;
    // A sync access handle writes the whole buffer unless storage ran out.
    if (written !== length) {
      throw new DOMException(
        `Storage is full: the file system took ${written > length ? 0 : written} of ${length} bytes.`,
        'QuotaExceededError',
      );
    }
    return written;
  };
};
