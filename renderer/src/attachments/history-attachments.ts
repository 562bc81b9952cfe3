/**
 * Sent attachments into history and back: what the chat store calls to keep a question's files (their
 * bytes stored once by hash, `putAttachment`; the message lists the refs) and, after a reload, to have
 * them again for Resume, Continue and Regenerate, which send the original content parts again.
 *
 * A text file or PDF is kept as the text it was sent as (SentAttachment holds no other bytes), so search
 * finds it and a resend sends the same words; its Save gives that text.
 */
import type { HistoryCalls } from '../history/history-methods';
import type { AttachmentRef } from '../history/types';
import type { ImageMime } from './attachment-result';
import type { SentAttachment } from './sent-attachment';

const base64Of = (bytes: Uint8Array): string => {
  let binary = '';
  for (let at = 0; at < bytes.length; at += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(at, at + 0x8000));
  }
  return btoa(binary);
};

const imageMimes: readonly string[] = ['image/jpeg', 'image/png', 'image/webp'];

/** Stores each attachment's bytes and gives the refs the message lists, in the same order. */
export async function keepInHistory(
  history: Pick<HistoryCalls, 'putAttachment'>,
  sent: readonly SentAttachment[],
): Promise<AttachmentRef[]> {
  const refs: AttachmentRef[] = [];
  for (const attachment of sent) {
    if (attachment.kind === 'image') {
      const hash = await history.putAttachment({
        bytes: attachment.bytes.slice(0),
        mime: attachment.mime,
      });
      refs.push({
        hash,
        kind: 'image',
        name: attachment.name,
        mime: attachment.mime,
        size: attachment.bytes.byteLength,
        width: attachment.width,
        height: attachment.height,
      });
      continue;
    }
    const bytes = new TextEncoder().encode(attachment.text);
    const hash = await history.putAttachment({
      bytes,
      mime: 'text/plain',
      text: attachment.text,
    });
    refs.push({
      hash,
      kind: attachment.kind,
      name: attachment.name,
      mime: 'text/plain',
      size: bytes.byteLength,
      ...(attachment.kind === 'pdf' ? { pages: attachment.pages } : {}),
    });
  }
  return refs;
}

/**
 * The attachments of a stored message as the chat store sends them, read back from history; those
 * history no longer holds are left out (the caller can say so: fewer came back than were listed).
 */
export async function sentFromHistory(
  history: Pick<HistoryCalls, 'readAttachment'>,
  refs: readonly AttachmentRef[],
): Promise<SentAttachment[]> {
  const out: SentAttachment[] = [];
  for (const ref of refs) {
    const data = await history.readAttachment(ref.hash);
    if (!data) continue;
    if (ref.kind === 'image' && imageMimes.includes(data.mime)) {
      const mime = data.mime as ImageMime;
      out.push({
        kind: 'image',
        name: ref.name,
        mime,
        bytes: data.bytes.slice().buffer,
        dataUrl: `data:${mime};base64,${base64Of(data.bytes)}`,
        size: data.bytes.byteLength,
        width: ref.width ?? 0,
        height: ref.height ?? 0,
      });
      continue;
    }
    if (ref.kind === 'image') continue;
    const text = new TextDecoder().decode(data.bytes);
    out.push(
      ref.kind === 'pdf'
        ? {
            kind: 'pdf',
            name: ref.name,
            mime: 'application/pdf',
            text,
            size: ref.size,
            pages: ref.pages ?? 0,
          }
        : { kind: 'text', name: ref.name, mime: 'text/plain', text, size: ref.size },
    );
  }
  return out;
}
