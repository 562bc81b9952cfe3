/**
 * The composer's attachments: files picked, pasted or dropped go through the attachment processor
 * (in its worker) and become drafts the chips show. One processor per page, started on first use.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { AttachmentProcessor } from '../attachments/attachment-processor';
import { attachmentLimitsFor } from '../attachments/attachment-settings';
import { processing, settled, type Draft } from '../attachments/composer-drafts';
import { startAttachmentProcessor } from '../attachments/start-attachment-worker';
import { useSettings } from '../store/context';

let pageProcessor: AttachmentProcessor | null = null;
const sharedProcessor = (): AttachmentProcessor => (pageProcessor ??= startAttachmentProcessor());

let nextDraftId = 1;

/** Types the browser draws by itself; others (HEIC, TIFF) wait for the worker's answer. */
const PREVIEWABLE = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/bmp']);

export interface AttachmentDrafts {
  drafts: readonly Draft[];
  add(files: Iterable<File>): void;
  remove(id: string): void;
  clear(): void;
  /** A scanned PDF's pages, drawn as images, in place of its (empty) text. */
  sendPagesAsImages(id: string): void;
  /** An encrypted PDF read again with the password typed on its chip. */
  unlock(id: string, password: string): void;
}

export interface DraftOptions {
  /**
   * Show a picked image at once from a `blob:` URL of the file, before the worker has resized it:
   * the thumbnail is there within a frame of the drop (the browser decodes it off the main thread,
   * at the size shown). Only where the page's CSP allows blob: images (the chat window).
   */
  previewOriginals?: boolean;
  /** The provider the message goes to: its image size in Settings applies (attachment-settings.ts). */
  providerId?: string | null;
}

export function useAttachmentDrafts({
  previewOriginals = false,
  providerId = null,
}: DraftOptions = {}): AttachmentDrafts {
  const [drafts, setDrafts] = useState<readonly Draft[]>([]);
  // Read when a file is processed, so a changed setting applies to the next file without new callbacks.
  const preferences = useSettings((s) => s.view?.preferences);
  const provider = useSettings((s) => s.view?.providers.find((p) => p.id === providerId));
  const limits = useMemo(
    () => attachmentLimitsFor(preferences, provider ? [provider] : []),
    [preferences, provider],
  );
  const currentLimits = useRef(limits);
  useEffect(() => {
    currentLimits.current = limits;
  }, [limits]);
  const files = useRef(new Map<string, File>());
  const previews = useRef(new Map<string, string>());
  const forgetPreview = useCallback((id: string) => {
    const url = previews.current.get(id);
    if (url) URL.revokeObjectURL(url);
    previews.current.delete(id);
  }, []);
  const alive = useRef(true);
  useEffect(() => {
    alive.current = true;
    const shown = previews.current;
    return () => {
      alive.current = false;
      for (const url of shown.values()) URL.revokeObjectURL(url);
      shown.clear();
    };
  }, []);

  const replace = useCallback((id: string, next: (draft: Draft) => Draft) => {
    if (!alive.current) return;
    setDrafts((all) => all.map((draft) => (draft.id === id ? next(draft) : draft)));
  }, []);

  const add = useCallback(
    (incoming: Iterable<File>) => {
      const added: Draft[] = [];
      for (const file of incoming) {
        const id = `attachment-${nextDraftId++}`;
        // A pasted screenshot has the name "image.png"; keep it, the chip shows it as text.
        const name = file.name || 'pasted file';
        files.current.set(id, file);
        const preview =
          previewOriginals && PREVIEWABLE.has(file.type) ? URL.createObjectURL(file) : undefined;
        if (preview) previews.current.set(id, preview);
        added.push(processing(id, name, file.size, file.type, preview));
        void sharedProcessor()
          .process(file, name, { limits: currentLimits.current })
          .then((result) => {
            replace(id, (draft) => settled(draft, result));
            forgetPreview(id);
          });
      }
      if (added.length > 0) setDrafts((all) => [...all, ...added]);
    },
    [replace, previewOriginals, forgetPreview],
  );

  const remove = useCallback(
    (id: string) => {
      files.current.delete(id);
      forgetPreview(id);
      setDrafts((all) => all.filter((draft) => draft.id !== id));
    },
    [forgetPreview],
  );

  const clear = useCallback(() => {
    files.current.clear();
    for (const id of [...previews.current.keys()]) forgetPreview(id);
    setDrafts([]);
  }, [forgetPreview]);

  const sendPagesAsImages = useCallback(
    (id: string) => {
      const file = files.current.get(id);
      if (!file) return;
      replace(id, (draft) => ({
        id: draft.id,
        name: draft.name,
        size: draft.size,
        kind: draft.kind,
        status: 'processing',
      }));
      void sharedProcessor()
        .renderPdfPages(file, file.name || 'document.pdf', { limits: currentLimits.current })
        .then((result) => replace(id, (draft) => settled(draft, result)));
    },
    [replace],
  );

  const unlock = useCallback(
    (id: string, password: string) => {
      const file = files.current.get(id);
      if (!file) return;
      replace(id, (draft) => processing(draft.id, draft.name, draft.size, file.type));
      void sharedProcessor()
        .process(file, file.name || 'document.pdf', { password, limits: currentLimits.current })
        .then((result) => replace(id, (draft) => settled(draft, result)));
    },
    [replace],
  );

  return { drafts, add, remove, clear, sendPagesAsImages, unlock };
}
