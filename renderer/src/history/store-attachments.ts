/**
 * Attachments in the store: bytes kept once per SHA-256 in `attachments`, and each message's list of
 * them in `message_attachments` (schema version 9, migrations.ts). Bytes no message lists any more
 * are removed by the schema's triggers when the last link goes, in the transaction of that delete.
 */
import type { SqlValue } from '@sqlite.org/sqlite-wasm';
import { cjkColumns } from './cjk-segments';
import { historyError } from './history-errors';
import type { Row } from './store-rows';
import type { Statements } from './store-statements';
import type { AttachmentData, AttachmentRef, AttachmentUpload, MessageRecord } from './types';

export const sha256Pattern = /^[0-9a-f]{64}$/;

/** Bytes put but never listed by a message (a composer closed before sending) go after this long. */
export const unlistedAttachmentTtlMs = 24 * 60 * 60 * 1000;

const linkColumns =
  'message_id, position, hash, kind, name, mime, size, width, height, pages' as const;
const linkValueCount = 10;

/** Links many at once: the rows cross into SQLite as one JSON array, as messages do on import. */
const upsertLinksSql = `
  INSERT INTO message_attachments (${linkColumns})
  SELECT ${Array.from({ length: linkValueCount }, (_, i) => `value ->> ${i}`).join(', ')}
  FROM json_each(?) WHERE true
  ON CONFLICT (message_id, position) DO UPDATE SET
    hash = excluded.hash, kind = excluded.kind, name = excluded.name, mime = excluded.mime,
    size = excluded.size, width = excluded.width, height = excluded.height, pages = excluded.pages`;

/** Positions past a message's new list (by the primary key: the table has no rowid). */
const trimLinksSql = 'DELETE FROM message_attachments WHERE message_id = ? AND position >= ?';

const optionalNumber = (value: SqlValue | undefined): number | undefined =>
  value === null || value === undefined ? undefined : Number(value);

const toRef = (row: Row): AttachmentRef => {
  const ref: AttachmentRef = {
    hash: String(row.hash),
    kind: String(row.kind) as AttachmentRef['kind'],
    name: String(row.name),
    mime: String(row.mime),
    size: Number(row.size),
  };
  const width = optionalNumber(row.width);
  const height = optionalNumber(row.height);
  const pages = optionalNumber(row.pages);
  if (width !== undefined) ref.width = width;
  if (height !== undefined) ref.height = height;
  if (pages !== undefined) ref.pages = pages;
  return ref;
};

const bytesOf = (bytes: ArrayBuffer | Uint8Array): Uint8Array =>
  bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);

export interface StoreAttachments {
  putAttachment(upload: AttachmentUpload): string;
  readAttachment(hash: string): AttachmentData | null;
  /**
   * Writes the lists of the messages that carry `attachments` (others keep theirs). With `onlyIfNewer`
   * (imports), a message stored newer than the incoming one keeps its list, as it keeps its text.
   */
  writeLinks(
    messages: ReadonlyArray<Pick<MessageRecord, 'id' | 'updatedAt' | 'attachments'>>,
    onlyIfNewer?: boolean,
  ): void;
  /** The lists of these messages, by message id; messages without attachments are absent. */
  refsOf(messageIds: readonly string[]): Map<string, AttachmentRef[]>;
  /** Every message's list, by message id (exports). */
  allRefs(): Map<string, AttachmentRef[]>;
  /** The hashes some message lists, oldest stored first (exports). */
  listedHashes(): string[];
  /** The text stored for search with `hash` ('' for none). */
  textOf(hash: string): string;
  /** Removes bytes put more than `olderThanMs` ago that no message lists; how many went. */
  sweepUnlisted(now: number, olderThanMs?: number): number;
}

export const createStoreAttachments = (
  { all, one, run }: Pick<Statements, 'all' | 'one' | 'run'>,
  now: () => number,
): StoreAttachments => {
  const groupRefs = (rows: Row[]): Map<string, AttachmentRef[]> => {
    const byMessage = new Map<string, AttachmentRef[]>();
    for (const row of rows) {
      const id = String(row.message_id);
      const list = byMessage.get(id);
      if (list) list.push(toRef(row));
      else byMessage.set(id, [toRef(row)]);
    }
    return byMessage;
  };

  return {
    putAttachment: ({ hash, bytes, mime, text = '' }) => {
      if (hash === undefined || !sha256Pattern.test(hash)) {
        throw historyError(
          'bad-request',
          'The attachment could not be stored: it reached the store without its SHA-256.',
        );
      }
      const derived = cjkColumns(text);
      // Stored once: the same bytes put again only add search text the first put did not have.
      run(
        `INSERT INTO attachments (hash, mime, size, created_at, text, text_words, text_cjk, bytes)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (hash) DO UPDATE SET
           text = excluded.text, text_words = excluded.text_words, text_cjk = excluded.text_cjk
         WHERE attachments.text = '' AND excluded.text <> ''`,
        [
          hash,
          mime,
          bytesOf(bytes).byteLength,
          now(),
          text,
          derived.words,
          derived.segments,
          bytesOf(bytes),
        ],
      );
      return hash;
    },

    readAttachment: (hash) => {
      const row = one('SELECT mime, bytes FROM attachments WHERE hash = ?', [hash]);
      if (!row) return null;
      const bytes = row.bytes instanceof Uint8Array ? row.bytes : new Uint8Array(0);
      return { bytes, mime: String(row.mime) };
    },

    writeLinks: (messages, onlyIfNewer = false) => {
      const listing = messages.filter((m) => m.attachments !== undefined);
      if (listing.length === 0) return;
      const hashes = [...new Set(listing.flatMap((m) => m.attachments ?? []).map((a) => a.hash))];
      if (hashes.length > 0) {
        const stored = new Set(
          all('SELECT hash FROM attachments WHERE hash IN (SELECT value FROM json_each(?))', [
            JSON.stringify(hashes),
          ]).map((row) => String(row.hash)),
        );
        for (const message of listing) {
          const missing = (message.attachments ?? []).find((a) => !stored.has(a.hash));
          if (missing) {
            throw historyError(
              'bad-request',
              `The file “${missing.name}” of this message is not in history any more, so the message was not saved. Attach the file again.`,
            );
          }
        }
      }
      // With onlyIfNewer, only messages whose stored row is this very version take its list.
      const written = onlyIfNewer
        ? new Set(
            all(
              `SELECT m.id FROM messages m JOIN json_each(?) AS t
                 ON m.id = t.value ->> 0 AND m.updated_at = t.value ->> 1`,
              [JSON.stringify(listing.map((m) => [m.id, m.updatedAt]))],
            ).map((row) => String(row.id)),
          )
        : null;
      const taking = written ? listing.filter((m) => written.has(m.id)) : listing;
      if (taking.length === 0) return;
      const rows = taking.flatMap((m) =>
        (m.attachments ?? []).map((a, position) => [
          m.id,
          position,
          a.hash,
          a.kind,
          a.name,
          a.mime,
          a.size,
          a.width ?? null,
          a.height ?? null,
          a.pages ?? null,
        ]),
      );
      if (rows.length > 0) run(upsertLinksSql, [JSON.stringify(rows)]);
      for (const m of taking) run(trimLinksSql, [m.id, m.attachments?.length ?? 0]);
    },

    refsOf: (messageIds) =>
      messageIds.length === 0
        ? new Map()
        : groupRefs(
            all(
              `SELECT ${linkColumns} FROM message_attachments
               WHERE message_id IN (SELECT value FROM json_each(?))
               ORDER BY message_id, position`,
              [JSON.stringify(messageIds)],
            ),
          ),

    allRefs: () =>
      groupRefs(
        all(`SELECT ${linkColumns} FROM message_attachments ORDER BY message_id, position`),
      ),

    listedHashes: () =>
      all(
        `SELECT hash FROM attachments
         WHERE hash IN (SELECT hash FROM message_attachments) ORDER BY rowid`,
      ).map((row) => String(row.hash)),

    textOf: (hash) =>
      String(one('SELECT text FROM attachments WHERE hash = ?', [hash])?.text ?? ''),

    sweepUnlisted: (at, olderThanMs = unlistedAttachmentTtlMs) =>
      run(
        `DELETE FROM attachments WHERE created_at < ?
           AND NOT EXISTS (SELECT 1 FROM message_attachments l WHERE l.hash = attachments.hash)`,
        [at - olderThanMs],
      ),
  };
};
