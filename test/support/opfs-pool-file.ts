/**
 * The history database file inside opfs-sahpool's folder in a page's OPFS
 * (`.<storeName>/.opaque/<random>`), for tests that damage a file the app made. The pool writes the
 * name SQLite opened at the start of a 4,096-byte header it keeps before the file's own bytes. Reading
 * or writing it needs no window to hold the pool (close the history client, or be on a page of the
 * same origin that does not run the app).
 */
import type { Page } from '@playwright/test';

const databaseName = '/history.sqlite3';
const poolHeader = 4096;

/** The database file's bytes, as SQLite sees them. */
export const readPoolFile = (page: Page, storeName = 'runnel-history'): Promise<Uint8Array> =>
  page
    .evaluate(
      async ({ storeName, databaseName, poolHeader }) => {
        const root = await navigator.storage.getDirectory();
        const opaque = await (
          await root.getDirectoryHandle(`.${storeName}`)
        ).getDirectoryHandle('.opaque');
        const files = (
          opaque as unknown as { values(): AsyncIterable<FileSystemFileHandle> }
        ).values();
        for await (const handle of files) {
          const file = await handle.getFile();
          const head = new Uint8Array(await file.slice(0, 512).arrayBuffer());
          if (new TextDecoder().decode(head.subarray(0, head.indexOf(0))) !== databaseName)
            continue;
          const bytes = new Uint8Array(await file.slice(poolHeader).arrayBuffer());
          let text = '';
          for (let at = 0; at < bytes.length; at += 0x8000)
            text += String.fromCharCode(...bytes.subarray(at, at + 0x8000));
          return btoa(text);
        }
        throw new Error(`no ${databaseName} in the pool`);
      },
      { storeName, databaseName, poolHeader },
    )
    .then((base64) => new Uint8Array(Buffer.from(base64, 'base64')));

/** Overwrites `length` bytes at each offset of the database file with `fill`. */
export const damagePoolFile = (
  page: Page,
  ranges: Array<{ at: number; length: number }>,
  fill: number,
  storeName = 'runnel-history',
): Promise<void> =>
  page.evaluate(
    async ({ ranges, fill, storeName, databaseName, poolHeader }) => {
      const root = await navigator.storage.getDirectory();
      const opaque = await (
        await root.getDirectoryHandle(`.${storeName}`)
      ).getDirectoryHandle('.opaque');
      const files = (
        opaque as unknown as { values(): AsyncIterable<FileSystemFileHandle> }
      ).values();
      for await (const handle of files) {
        const head = new Uint8Array(await (await handle.getFile()).slice(0, 512).arrayBuffer());
        if (new TextDecoder().decode(head.subarray(0, head.indexOf(0))) !== databaseName) continue;
        const writable = await handle.createWritable({ keepExistingData: true });
        for (const { at, length } of ranges) {
          await writable.write({
            type: 'write',
            position: poolHeader + at,
            data: new Uint8Array(length).fill(fill),
          });
        }
        await writable.close();
        return;
      }
      throw new Error(`no ${databaseName} in the pool`);
    },
    { ranges, fill, storeName, databaseName, poolHeader },
  );
