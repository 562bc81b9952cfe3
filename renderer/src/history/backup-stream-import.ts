/**
 * The import of a chosen Runnel backup file, as a stream: the file is read from the Blob a chunk at a
 * time (backup-stream.ts), each conversation checked as soon as its JSON is complete (backup.ts), and
 * the results written a few MB at a time into one transaction the database's owner holds open
 * (store-import-session.ts), as the ChatGPT import does (chatgpt-stream-import.ts). So a backup larger
 * than a string can be imports, nothing of it but a few MB is in memory at once, the window sees
 * progress by conversation, and Cancel (or any refusal) rolls everything back.
 *
 * A conversation that fails its checks is reported by title and skipped; the rest imports. A file
 * that is not a backup, is cut off, or lists files whose bytes it does not hold imports nothing.
 * The files come after the conversations in a backup, so messages are written without their file
 * lists, which follow once every file is stored (the lists are small: names and hashes).
 */
import type { ImportSessionCalls } from './chatgpt-stream-import';
import {
  backupNotJson,
  notABackupMessage,
  readBackupAssistants,
  readBackupAttachment,
  readBackupConversation,
  readBackupHead,
} from './backup';
import type { ConversationBundle, ImportPart } from './backup-format';
import { BackupNotJson, createBackupStream, type BackupPart } from './backup-stream';
import { historyError } from './history-errors';
import { streamImportControls, type StreamImportOptions } from './import-progress';
import { describeNonJson, withoutBom } from './import-sniff';
import type { AssistantRecord, ImportSummary, MessageRecord, SkippedConversation } from './types';

/** File lists per request at the end: each a few hundred bytes. */
const linksPerWrite = 5000;

type Links = NonNullable<ImportPart['links']>;

export const importBackupStream = async (
  file: Blob,
  session: ImportSessionCalls,
  options: StreamImportOptions = {},
): Promise<ImportSummary> => {
  const { batchChars, checkCancel, progress } = streamImportControls(options, () => file.size);

  // What is plainly no JSON (an empty file, a ZIP, an HTML page) is named before anything is read.
  const opening = withoutBom(await file.slice(0, 512).text());
  const notJson =
    file.size === 0 || opening.trim() !== '' ? describeNonJson(opening, 'backup') : null;
  if (notJson) throw historyError('invalid-backup', `${notJson} Nothing was imported.`);

  /** The session is opened by the first write, once the head says this is a backup. */
  let id: string | null = null;
  const writes: Array<() => Promise<void>> = [];
  const head: Record<string, unknown> = {};
  let version: 1 | 2 | 3 | null = null;
  let assistants: AssistantRecord[] = [];
  const conversationIds = new Set<string>();
  const skipped: SkippedConversation[] = [];
  /** Files the messages list: the first message (for the refusal's words) by hash. */
  const listed = new Map<string, { where: string; name: string }>();
  const stored = new Set<string>();
  let links: Links = [];
  let pending: ConversationBundle[] = [];
  let pendingChars = 0;
  let messages = 0;

  const versionOf = (): 1 | 2 | 3 => (version ??= readBackupHead(head));

  const write = (part: ImportPart): void => {
    writes.push(async () => {
      id ??= await session.begin();
      await session.write(id, part);
    });
  };

  const takeBundles = (): void => {
    if (pending.length === 0) return;
    write({ bundles: pending });
    pending = [];
    pendingChars = 0;
  };

  const onPart = (part: BackupPart): void => {
    switch (part.kind) {
      case 'head':
        if (part.key === 'conversations' || part.key === 'attachments') {
          versionOf();
          throw historyError(
            'invalid-backup',
            `This backup is damaged: its "${part.key}" is not a list. Nothing was imported.`,
          );
        }
        head[part.key] = part.value;
        return;
      case 'not-an-object':
        throw historyError(
          'invalid-backup',
          notABackupMessage(part.inList ? [part.value] : part.value),
        );
      case 'empty-list':
        throw historyError('invalid-backup', notABackupMessage([]));
      case 'assistants':
        versionOf();
        assistants = readBackupAssistants(part.value);
        return;
      case 'attachment': {
        versionOf();
        const attachment = readBackupAttachment(part.value, part.index);
        // A file no message lists is not kept (the whole-file import leaves it out too).
        if (stored.has(attachment.hash) || !listed.has(attachment.hash)) return;
        stored.add(attachment.hash);
        takeBundles();
        write({ bundles: [], uploads: [attachment] });
        return;
      }
      case 'damaged-conversation':
        versionOf();
        skipped.push({
          title: part.title,
          id: part.id,
          where: `conversations[${part.index}]`,
          reason: `its text in the file is broken (cut short or changed), so it could not be read (${part.detail})`,
        });
        return;
      case 'conversation': {
        const read = readBackupConversation(part.value, part.index, versionOf());
        const where = `conversations[${part.index}]`;
        if (read.ok && conversationIds.has(read.bundle.conversation.id)) {
          skipped.push({
            title: read.bundle.conversation.title,
            id: read.bundle.conversation.id,
            where,
            reason: `it repeats the id of an earlier conversation of the file ("${read.bundle.conversation.id}")`,
          });
          return;
        }
        if (!read.ok) {
          skipped.push({ title: read.title, id: read.id, where, reason: read.reason });
          return;
        }
        const { bundle } = read;
        conversationIds.add(bundle.conversation.id);
        const plain: MessageRecord[] = bundle.messages.map((message) => {
          const { attachments, ...rest } = message;
          if (attachments === undefined) return message;
          links.push({ id: message.id, updatedAt: message.updatedAt, attachments });
          for (const ref of attachments) {
            if (!listed.has(ref.hash)) listed.set(ref.hash, { where, name: ref.name });
          }
          return rest;
        });
        pending.push({ ...bundle, messages: plain });
        for (const message of plain)
          pendingChars += message.content.length + message.reasoning.length + 200;
        messages += plain.length;
        if (pendingChars >= batchChars) takeBundles();
        progress.conversation(bundle.conversation.title);
        return;
      }
    }
  };

  const stream = createBackupStream(onPart);
  const drain = async (): Promise<void> => {
    while (writes.length > 0) {
      checkCancel();
      await (writes.shift() as () => Promise<void>)();
    }
  };

  try {
    const chunks = file.stream().getReader();
    try {
      for (;;) {
        const { done, value } = await chunks.read();
        if (done) break;
        progress.read(value.length);
        try {
          stream.write(value);
        } catch (error) {
          if (error instanceof BackupNotJson) backupNotJson(error.message);
          throw error;
        }
        await drain();
        checkCancel();
      }
    } finally {
      await chunks.cancel().catch(() => undefined);
    }
    try {
      stream.end();
    } catch (error) {
      if (error instanceof BackupNotJson) backupNotJson(error.message);
      throw error;
    }
    // A file that ended with a head only (no conversations), or none at all: is it a backup?
    versionOf();
    for (const [hash, { where, name }] of listed) {
      if (!stored.has(hash)) {
        throw historyError(
          'invalid-backup',
          `This backup is damaged: ${where} lists the file “${name}”, whose bytes are not in the backup. Nothing was imported.`,
        );
      }
    }
    takeBundles();
    for (let start = 0; start < links.length; start += linksPerWrite) {
      write({ bundles: [], links: links.slice(start, start + linksPerWrite) });
    }
    links = [];
    if (assistants.length > 0) write({ bundles: [], assistants });
    // Even an empty backup opens and closes a session: its finish tells the windows nothing changed.
    write({ bundles: [] });
    await drain();
    progress.finishing();
    checkCancel();
    if (id !== null) await session.finish(id);
  } catch (error) {
    if (id !== null) await session.abort(id).catch(() => undefined);
    throw error;
  }
  return { conversations: progress.done, messages, skipped };
};
