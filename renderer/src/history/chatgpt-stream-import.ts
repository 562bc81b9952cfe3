/**
 * The ChatGPT import of a chosen file, as a stream: the export ZIP (or one JSON file) is read from the
 * Blob a chunk at a time, each conversation converted as soon as its JSON is complete, and the results
 * written a few MB at a time into one transaction the database's owner holds open
 * (store-import-session.ts). So neither the ZIP nor a conversations file is ever whole in memory, the
 * window sees progress by conversation, and Cancel (or any refusal) rolls everything back.
 *
 * A ZIP is read three times, each a plain pass over the Blob: once to check it and find the images its
 * messages point to, once for those images (stored first, one at a time), once for the conversations.
 */
import {
  assetRef,
  createPointerScanner,
  streamAssets,
  type ChatGptAssetRef,
} from './chatgpt-assets';
import type { ConvertedConversation } from './chatgpt-import';
import { createChatGptFileReader, type ChatGptFileReader } from './chatgpt-import';
import { streamChatGptZip } from './chatgpt-zip';
import { streamImportControls, type StreamImportOptions } from './import-progress';
import { startsLikeZip } from './import-sniff';
import type { ConversationBundle, ImportPart } from './backup-format';
import type { ImportSummary, SkippedConversation } from './types';

/** The owner's side of a streamed import, as this worker reaches it (requests, answered in order). */
export interface ImportSessionCalls {
  begin(): Promise<string>;
  write(session: string, part: ImportPart): Promise<void>;
  finish(session: string): Promise<void>;
  abort(session: string): Promise<void>;
}

/** What the summary needs of each conversation written, by id: the copy kept when one comes twice. */
interface Kept {
  sourceUpdatedAt: number;
  nodes: number;
  messages: number;
  newestLeafShown: boolean;
}

export const importChatGptStream = async (
  file: Blob,
  session: ImportSessionCalls,
  options: StreamImportOptions = {},
): Promise<ImportSummary> => {
  const zip = startsLikeZip(new Uint8Array(await file.slice(0, 4).arrayBuffer()));
  // Pass 1 of a ZIP: checks it (a damaged ZIP is refused before anything is written), measures its
  // conversations files for the progress estimate, and finds the images they point to.
  const pointers = createPointerScanner();
  let totalBytes = file.size;
  const { batchChars, checkCancel, progress } = streamImportControls(options, () => totalBytes);
  if (zip) {
    totalBytes = 0;
    await streamChatGptZip(
      file,
      (_name, bytes) => {
        totalBytes += bytes.length;
        pointers.scan(bytes);
      },
      async () => checkCancel(),
    );
  }
  checkCancel();

  const id = await session.begin();
  const kept = new Map<string, Kept>();
  const skipped: SkippedConversation[] = [];
  let pending: ConversationBundle[] = [];
  let pendingChars = 0;

  const flush = async (): Promise<void> => {
    checkCancel();
    if (pending.length === 0) return;
    const bundles = pending;
    pending = [];
    pendingChars = 0;
    await session.write(id, { bundles });
    progress.report();
  };

  const sink = {
    converted: (converted: ConvertedConversation, title: string): void => {
      const { bundle } = converted;
      const earlier = kept.get(bundle.conversation.id);
      // The same conversation twice (split files, files joined by hand): the newest copy wins, as in
      // one-call imports; an older copy after it is not written at all.
      if (
        earlier &&
        (converted.sourceUpdatedAt < earlier.sourceUpdatedAt ||
          (converted.sourceUpdatedAt === earlier.sourceUpdatedAt &&
            converted.nodes < earlier.nodes))
      ) {
        return;
      }
      kept.set(bundle.conversation.id, {
        sourceUpdatedAt: converted.sourceUpdatedAt,
        nodes: converted.nodes,
        messages: bundle.messages.length,
        newestLeafShown: converted.newestLeafShown,
      });
      pending.push(bundle);
      for (const message of bundle.messages)
        pendingChars += message.content.length + message.reasoning.length + 200;
      progress.conversation(title);
    },
    skipped: (entry: SkippedConversation): void => {
      skipped.push(entry);
    },
  };

  /** After each chunk read: write what is ready, or stop if the person cancelled. */
  const between = async (): Promise<void> => {
    if (pendingChars >= batchChars) await flush();
    else checkCancel();
  };

  try {
    const assets = new Map<string, ChatGptAssetRef>();
    if (zip) {
      // Pass 2: the images, stored before the conversations that list them.
      await streamAssets(file, pointers.ids, async (asset) => {
        checkCancel();
        assets.set(asset.fileId, assetRef(asset));
        await session.write(id, {
          bundles: [],
          uploads: [{ hash: asset.hash, bytes: asset.bytes, mime: asset.mime }],
        });
      });
      // Pass 3: the conversations, file by file as the ZIP holds them.
      const readers = new Map<string, ChatGptFileReader>();
      await streamChatGptZip(
        file,
        (name, bytes, final) => {
          let reader = readers.get(name);
          if (!reader) {
            reader = createChatGptFileReader(name, `${name}: `, sink, assets);
            readers.set(name, reader);
          }
          progress.read(bytes.length);
          reader.write(bytes);
          if (final) reader.end();
        },
        between,
      );
    } else {
      // A JSON file on its own, named as the export names it (the summary says where each skipped one was).
      const reader = createChatGptFileReader('conversations.json', '', sink, assets);
      const chunks = file.stream().getReader();
      try {
        for (;;) {
          const { done: ended, value } = await chunks.read();
          if (ended) break;
          progress.read(value.length);
          reader.write(value);
          await between();
        }
      } finally {
        await chunks.cancel().catch(() => undefined);
      }
      reader.end();
    }
    await flush();
    progress.finishing();
    checkCancel();
    await session.finish(id);
  } catch (error) {
    await session.abort(id).catch(() => undefined);
    throw error;
  }

  let messages = 0;
  let newestLeafShown = 0;
  for (const entry of kept.values()) {
    messages += entry.messages;
    if (entry.newestLeafShown) newestLeafShown++;
  }
  return {
    conversations: kept.size,
    messages,
    // A damaged copy of a conversation that another copy brought in is not missing.
    skipped: skipped.filter((entry) => entry.id === null || !kept.has(`chatgpt-${entry.id}`)),
    ...(newestLeafShown > 0 ? { newestLeafShown } : {}),
  };
};
