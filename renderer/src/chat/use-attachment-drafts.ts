/**
 * The composer's attachments: files picked, pasted or dropped go through the attachment processor
 * (in its worker) and become drafts the chips show. One processor per page, started on first use.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { AttachmentProcessor } from '../attachments/attachment-processor';
import { processing, settled, type Draft } from '../attachments/composer-drafts';
import { startAttachmentProcessor } from '../attachments/start-attachment-worker';

let pageProcessor: AttachmentProcessor | null = null;
const sharedProcessor = (): AttachmentProcessor => (pageProcessor ??= startAttachmentProcessor());

let nextDraftId = 1;

export interface AttachmentDrafts {
  drafts: readonly Draft[];
  add(files: Iterable<File>): void;
  remove(id: string): void;
  clear(): void;
  /** A scanned PDF's pages, drawn as images, in place of its (empty) text. */
  sendPagesAsImages(id: string): void;
}

export function useAttachmentDrafts(): AttachmentDrafts {
  const [drafts, setDrafts] = useState<readonly Draft[]>([]);
  const files = useRef(new Map<string, File>());
  const alive = useRef(true);
  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
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
        added.push(processing(id, name, file.size, file.type));
        void sharedProcessor()
          .process(file, name)
          .then((result) => replace(id, (draft) => settled(draft, result)));
      }
      if (added.length > 0) setDrafts((all) => [...all, ...added]);
    },
    [replace],
  );

  const remove = useCallback((id: string) => {
    files.current.delete(id);
    setDrafts((all) => all.filter((draft) => draft.id !== id));
  }, []);

  const clear = useCallback(() => {
    files.current.clear();
    setDrafts([]);
  }, []);

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
        .renderPdfPages(file, file.name || 'document.pdf')
        .then((result) => replace(id, (draft) => settled(draft, result)));
    },
    [replace],
  );

  return { drafts, add, remove, clear, sendPagesAsImages };
}
