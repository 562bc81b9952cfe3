/**
 * Opens the bytes of a damaged history database, read-only and in memory, so that salvage.ts can copy
 * out what still reads. A file whose 100-byte header is damaged is refused by SQLite outright ("file is
 * not a database"), although its pages may be intact: for that, a copy gets a header as SQLite writes
 * one for a new database, at each likely page size in turn, until its schema reads. The original
 * bytes are never changed; they are kept as they were for the person to export.
 */
import type { Database } from '@sqlite.org/sqlite-wasm';
import type sqlite3InitModule from '@sqlite.org/sqlite-wasm';

type Sqlite3 = Awaited<ReturnType<typeof sqlite3InitModule>>;

const headerSize = 100;
const magic = new TextEncoder().encode('SQLite format 3\0');
/** Runnel's own page size first (history-worker.ts), then SQLite's default, then the rest. */
const likelyPageSizes = [65536, 4096, 1024, 2048, 8192, 16384, 32768, 512];

/** The page size the header states, or null when it is not one SQLite allows. */
const statedPageSize = (bytes: Uint8Array): number | null => {
  if (bytes.byteLength < headerSize) return null;
  const raw = ((bytes[16] ?? 0) << 8) | (bytes[17] ?? 0);
  const size = raw === 1 ? 65536 : raw;
  return likelyPageSizes.includes(size) ? size : null;
};

/** A copy of `bytes` with the header of a fresh database of `pageSize` pages (UTF-8, no WAL). */
export const withRebuiltHeader = (bytes: Uint8Array, pageSize: number): Uint8Array => {
  const copy = bytes.slice();
  const view = new DataView(copy.buffer, copy.byteOffset, headerSize);
  copy.fill(0, 0, headerSize);
  copy.set(magic, 0);
  view.setUint16(16, pageSize === 65536 ? 1 : pageSize);
  copy[18] = 1; // file format write version: rollback journal
  copy[19] = 1; // read version
  copy[21] = 64; // maximum embedded payload fraction, fixed by the format
  copy[22] = 32; // minimum embedded payload fraction
  copy[23] = 32; // leaf payload fraction
  view.setUint32(24, 1); // change counter
  view.setUint32(28, Math.floor(copy.byteLength / pageSize)); // pages in the file
  view.setUint32(40, 1); // schema cookie
  view.setUint32(44, 4); // schema format
  view.setUint32(56, 1); // text encoding: UTF-8
  view.setUint32(92, 1); // version-valid-for, equal to the change counter
  view.setUint32(96, 3054001); // SQLite version that wrote it
  return copy;
};

/** Whether SQLite reads the schema of `db` and finds history's tables in it. */
const readsAsHistory = (db: Database): boolean => {
  try {
    return (
      Number(
        db.selectValue(
          "SELECT count(*) FROM sqlite_schema WHERE name IN ('conversations', 'messages')",
        ),
      ) > 0
    );
  } catch {
    return false;
  }
};

const deserialize = (sqlite3: Sqlite3, bytes: Uint8Array): Database | null => {
  const db = new sqlite3.oo1.DB(':memory:');
  try {
    const pointer = sqlite3.wasm.allocFromTypedArray(bytes);
    // SQLite takes the buffer over (and frees it itself if this fails).
    const rc = sqlite3.capi.sqlite3_deserialize(
      db.pointer as number,
      'main',
      pointer,
      bytes.byteLength,
      bytes.byteLength,
      sqlite3.capi.SQLITE_DESERIALIZE_FREEONCLOSE | sqlite3.capi.SQLITE_DESERIALIZE_READONLY,
    );
    if (rc === 0 && readsAsHistory(db)) return db;
  } catch {
    // Not readable this way; the caller tries the next.
  }
  db.close();
  return null;
};

/**
 * The damaged bytes as a read-only in-memory database: as they are if SQLite reads them so, else with
 * a rebuilt header. Null when no page size makes the schema read (then nothing can be salvaged).
 */
export const openDamagedCopy = (sqlite3: Sqlite3, bytes: Uint8Array): Database | null => {
  if (bytes.byteLength < headerSize) return null;
  const asItIs = deserialize(sqlite3, bytes);
  if (asItIs) return asItIs;
  const stated = statedPageSize(bytes);
  const sizes = stated === null ? likelyPageSizes : [stated, ...likelyPageSizes];
  for (const size of new Set(sizes)) {
    if (bytes.byteLength % size !== 0) continue;
    const db = deserialize(sqlite3, withRebuiltHeader(bytes, size));
    if (db) return db;
  }
  return null;
};
