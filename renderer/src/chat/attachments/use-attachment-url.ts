/**
 * A stored attachment as a `blob:` URL for an <img>: its bytes read from history when the component
 * mounts, and the URL revoked when it unmounts (or the hash changes), so a long conversation holds
 * the bytes of the thumbnails on screen only (the message list mounts those alone).
 */
import { useEffect, useState } from 'react';
import type { AttachmentData } from '../../history/types';

export type AttachmentUrl =
  | { state: 'loading' }
  | { state: 'ready'; url: string }
  /** History no longer holds the bytes (deleted elsewhere, or a damaged store repaired without them). */
  | { state: 'missing' }
  | { state: 'failed'; message: string };

export function useAttachmentUrl(
  hash: string,
  read: (hash: string) => Promise<AttachmentData | null>,
): AttachmentUrl {
  // Kept with the hash it is for: a result for another hash reads as loading.
  const [settled, setSettled] = useState<{ hash: string; result: AttachmentUrl } | null>(null);
  useEffect(() => {
    let current = true;
    let url: string | null = null;
    const setResult = (result: AttachmentUrl): void => setSettled({ hash, result });
    read(hash).then(
      (data) => {
        if (!current) return;
        if (!data) {
          setResult({ state: 'missing' });
          return;
        }
        url = URL.createObjectURL(
          new Blob([data.bytes as Uint8Array<ArrayBuffer>], { type: data.mime }),
        );
        setResult({ state: 'ready', url });
      },
      (error: unknown) => {
        if (current)
          setResult({
            state: 'failed',
            message: error instanceof Error ? error.message : String(error),
          });
      },
    );
    return () => {
      current = false;
      if (url) URL.revokeObjectURL(url);
    };
  }, [hash, read]);
  return settled?.hash === hash ? settled.result : { state: 'loading' };
}
