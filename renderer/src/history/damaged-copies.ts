/**
 * Damaged history files kept aside, as they were, in the origin-private file system next to (not in)
 * SQLite's file pool: `.<storeName>-damaged/history-<time>.sqlite3`, each with what its repair recovered
 * in a `.json` beside it. The worker writes them when it repairs history; any window lists them, so
 * the person can export one (the raw file, for a specialist or a later tool) or delete it.
 */
import type { SalvageReport } from './salvage';

export interface DamagedCopy {
  /** The file name in the folder, also its download name. */
  name: string;
  /** When history was found damaged, epoch ms. */
  savedAt: number;
  bytes: number;
  /** Null while the repair runs, or if it stopped before it could say. */
  report: SalvageReport | null;
}

const folderName = (storeName: string): string => `.${storeName}-damaged`;
const reportName = (copyName: string): string => copyName.replace(/\.sqlite3$/, '.json');

const folder = async (storeName: string, create: boolean): Promise<FileSystemDirectoryHandle> =>
  (await navigator.storage.getDirectory()).getDirectoryHandle(folderName(storeName), { create });

const writeFile = async (
  directory: FileSystemDirectoryHandle,
  name: string,
  data: BufferSource | string,
): Promise<void> => {
  const handle = await directory.getFileHandle(name, { create: true });
  const writable = await handle.createWritable();
  try {
    await writable.write(data);
    await writable.close();
  } catch (error) {
    await writable.abort().catch(() => undefined);
    throw error;
  }
};

/** `history-2026-12-07T16-18-31-123Z.sqlite3`: sorts by time, and is a valid file name everywhere. */
export const damagedCopyName = (at: number): string =>
  `history-${new Date(at).toISOString().replace(/[:.]/g, '-')}.sqlite3`;

/** Keeps the damaged bytes as they are; throws (the caller then leaves the damaged file in place). */
export const keepDamagedCopy = async (
  storeName: string,
  bytes: Uint8Array,
  at: number,
): Promise<string> => {
  const name = damagedCopyName(at);
  await writeFile(await folder(storeName, true), name, bytes as Uint8Array<ArrayBuffer>);
  return name;
};

export const saveRepairReport = async (
  storeName: string,
  copyName: string,
  report: SalvageReport,
): Promise<void> => {
  await writeFile(await folder(storeName, true), reportName(copyName), JSON.stringify(report));
};

const readReport = async (
  directory: FileSystemDirectoryHandle,
  copyName: string,
): Promise<SalvageReport | null> => {
  try {
    const file = await (await directory.getFileHandle(reportName(copyName))).getFile();
    return JSON.parse(await file.text()) as SalvageReport;
  } catch {
    return null;
  }
};

/** Every kept copy, newest first; none when the folder does not exist (nothing was ever damaged). */
export const listDamagedCopies = async (storeName: string): Promise<DamagedCopy[]> => {
  let directory: FileSystemDirectoryHandle;
  try {
    directory = await folder(storeName, false);
  } catch {
    return [];
  }
  const copies: DamagedCopy[] = [];
  // The folder's async iterator is in TypeScript's DOM.AsyncIterable lib, which the renderer does not load.
  const entries = (
    directory as unknown as { entries(): AsyncIterable<[string, FileSystemHandle]> }
  ).entries();
  for await (const [name, handle] of entries) {
    if (handle.kind !== 'file' || !name.endsWith('.sqlite3')) continue;
    const file = await (handle as FileSystemFileHandle).getFile();
    copies.push({
      name,
      savedAt: file.lastModified,
      bytes: file.size,
      report: await readReport(directory, name),
    });
  }
  return copies.sort((a, b) => b.name.localeCompare(a.name));
};

/** The kept file itself, to download. */
export const damagedCopyFile = async (storeName: string, name: string): Promise<File> =>
  (await (await folder(storeName, false)).getFileHandle(name)).getFile();

export const deleteDamagedCopy = async (storeName: string, name: string): Promise<void> => {
  const directory = await folder(storeName, false);
  await directory.removeEntry(name);
  await directory.removeEntry(reportName(name)).catch(() => undefined);
};
