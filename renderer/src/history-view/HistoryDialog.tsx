/**
 * Import and export of the whole history: a JSON backup out and back in, and ChatGPT's data export in
 * (its ZIP as downloaded, or conversations.json from it). Imports are all or nothing and idempotent
 * (the store guarantees both), show progress for large files, and say exactly what is wrong with a bad
 * one.
 */
import { useEffect, useRef, useState, type ChangeEvent, type ReactNode } from 'react';
import { HistoryFailure } from '../history/history-errors';
import type { HistoryStats, ImportProgress, ImportSummary } from '../history/types';
import { CloseIcon } from '../app-shell/icons';
import { copyLabel, useCopy } from '../chat/use-clipboard';
import { backupFileName, downloadFile } from './download';
import { useHistory, useHistoryStatus } from './history-context';
import { skippedLine, skippedReport } from './skipped-text';

type Kind = 'backup' | 'chatgpt';

/**
 * `importNumber` counts the imports since the dialog opened; the status shows it (`data-import`), so
 * a second import's outcome is told from the first's even when both say the same.
 */
type Task =
  | { kind: 'idle' }
  | { kind: 'exporting' }
  | { kind: 'exported'; conversations: number }
  | {
      kind: 'importing';
      importNumber: number;
      what: Kind;
      file: string;
      progress: ImportProgress | null;
    }
  /** `added`: conversations that were not here before; the rest were already (nothing doubled). */
  | { kind: 'imported'; importNumber: number; file: string; summary: ImportSummary; added: number }
  | { kind: 'failed'; importNumber?: number; title: string; message: string }
  /** The person cancelled a ChatGPT import: the store rolled back all of it. */
  | { kind: 'cancelled'; importNumber: number; file: string; message: string };

const count = (n: number, one: string, many: string) =>
  `${n.toLocaleString()} ${n === 1 ? one : many}`;

const KIND_LABEL: Record<Kind, string> = {
  backup: 'Runnel backup',
  chatgpt: 'ChatGPT export',
};

export function HistoryDialog({ onClose }: { onClose: () => void }) {
  const { history } = useHistory();
  const mode = useHistoryStatus((s) => s.mode);
  const dialog = useRef<HTMLDialogElement>(null);
  const [stats, setStats] = useState<HistoryStats | null>(null);
  const [task, setTask] = useState<Task>({ kind: 'idle' });
  const imports = useRef(0);
  /** Aborts the ChatGPT import under way, which the store then rolls back. */
  const cancelImport = useRef<AbortController | null>(null);
  const busy = task.kind === 'exporting' || task.kind === 'importing';
  const unavailable = mode?.kind === 'memory';

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
  }, []);

  useEffect(() => {
    let current = true;
    const refresh = () =>
      void history.stats().then(
        (value) => current && setStats(value),
        () => undefined,
      );
    refresh();
    const off = history.onChange(refresh);
    return () => {
      current = false;
      off();
    };
  }, [history]);

  const exportAll = async () => {
    setTask({ kind: 'exporting' });
    try {
      // Written by the store a piece at a time into a Blob, so its attachments are never held twice.
      const file = await history.exportBackupFile();
      downloadFile(backupFileName(new Date()), file);
      setTask({ kind: 'exported', conversations: stats?.conversations ?? 0 });
    } catch (error) {
      setTask({ kind: 'failed', title: 'Export failed', message: messageOf(error) });
    }
  };

  const importFile = async (what: Kind, event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    // The same file can be chosen again (to show that a second import adds nothing).
    event.target.value = '';
    if (!file) return;
    const importNumber = ++imports.current;
    setTask({ kind: 'importing', importNumber, what, file: file.name, progress: null });
    try {
      const before = await history.stats();
      const onProgress = (progress: ImportProgress) =>
        setTask({ kind: 'importing', importNumber, what, file: file.name, progress });
      // The file goes over as it is: the history worker reads it a chunk at a time (unzipping
      // ChatGPT's export ZIP) and can be cancelled while it does.
      const controller = new AbortController();
      cancelImport.current = controller;
      // A backup too: a file of any size, never one string (StreamedBackup).
      const summary =
        what === 'backup'
          ? await history.importBackup(file, { onProgress, signal: controller.signal })
          : await history.importChatGpt(file, { onProgress, signal: controller.signal });
      const after = await history.stats();
      setTask({
        kind: 'imported',
        importNumber,
        file: file.name,
        summary,
        added: after.conversations - before.conversations,
      });
    } catch (error) {
      if (error instanceof HistoryFailure && error.code === 'cancelled') {
        setTask({ kind: 'cancelled', importNumber, file: file.name, message: error.message });
        return;
      }
      setTask({
        kind: 'failed',
        importNumber,
        title: `“${file.name}” was not imported`,
        // The store's message usually says so already; say it once either way.
        message: /nothing was imported/i.test(messageOf(error))
          ? messageOf(error)
          : `${messageOf(error)} Nothing was imported.`,
      });
    }
  };

  return (
    <dialog
      ref={dialog}
      className="history-dialog"
      data-testid="history-dialog"
      aria-labelledby="history-dialog-title"
      onClose={onClose}
      onCancel={(event) => busy && event.preventDefault()}
    >
      <header className="dialog-head">
        <h2 id="history-dialog-title">Import &amp; export</h2>
        <button
          type="button"
          className="icon-button"
          aria-label="Close"
          data-testid="history-dialog-close"
          disabled={busy}
          onClick={() => dialog.current?.close()}
        >
          <CloseIcon />
        </button>
      </header>
      <p className="dialog-lede muted" data-testid="history-stats">
        {unavailable
          ? 'History storage is unavailable in this window, so there is nothing to back up or import into.'
          : stats
            ? `${count(stats.conversations, 'conversation', 'conversations')} and ${count(stats.messages, 'message', 'messages')} are stored on this computer.`
            : 'Counting your history…'}
      </p>

      <section className="dialog-section">
        <div className="dialog-row">
          <div>
            <h3>Back up everything</h3>
            <p className="hint">
              One JSON file with every conversation, for safekeeping or another computer.
            </p>
          </div>
          <button
            type="button"
            className="button"
            data-testid="export-backup"
            disabled={busy || unavailable}
            onClick={() => void exportAll()}
          >
            Export backup…
          </button>
        </div>
      </section>

      <section className="dialog-section">
        <ImportRow
          title="Restore a backup"
          hint="A file exported above. Conversations you already have are not duplicated."
          label="Import backup…"
          testId="import-backup"
          accept=".json,application/json"
          disabled={busy || unavailable}
          onFile={(event) => void importFile('backup', event)}
        />
        <ImportRow
          title="Import from ChatGPT"
          hint={
            <>
              The ZIP of ChatGPT’s data export as you downloaded it (Settings → Data controls →
              Export), or <code>conversations.json</code> from it.
            </>
          }
          label="Import ChatGPT…"
          testId="import-chatgpt"
          accept=".zip,application/zip,.json,application/json"
          disabled={busy || unavailable}
          onFile={(event) => void importFile('chatgpt', event)}
        />
      </section>

      <TaskStatus
        task={task}
        onCancel={task.kind === 'importing' ? () => cancelImport.current?.abort() : null}
      />
    </dialog>
  );
}

interface ImportRowProps {
  title: string;
  hint: ReactNode;
  label: string;
  testId: string;
  /** The file picker's filter. */
  accept: string;
  disabled: boolean;
  onFile: (event: ChangeEvent<HTMLInputElement>) => void;
}

/** One kind of import: what it takes, and a button that opens the file picker for it. */
function ImportRow({ title, hint, label, testId, accept, disabled, onFile }: ImportRowProps) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <div className="dialog-row">
      <div>
        <h3>{title}</h3>
        <p className="hint">{hint}</p>
      </div>
      <button
        type="button"
        className="button"
        data-testid={testId}
        disabled={disabled}
        onClick={() => input.current?.click()}
      >
        {label}
      </button>
      <input
        ref={input}
        type="file"
        accept={accept}
        hidden
        data-testid={`${testId}-file`}
        onChange={onFile}
      />
    </div>
  );
}

/** “1,234 of about 5,000 conversations: “Trip to Kyoto””, or where a finished read stands. */
const progressText = (progress: ImportProgress | null): string => {
  if (!progress) return '…';
  if (progress.finishing) {
    return ` — all ${count(progress.done, 'conversation', 'conversations')} read; building the search index and saving…`;
  }
  const of = progress.title === undefined ? '' : 'about ';
  const title = progress.title ? `: “${progress.title}”` : '';
  return ` — ${progress.done.toLocaleString()} of ${of}${count(progress.total, 'conversation', 'conversations')}${title}`;
};

function TaskStatus({ task, onCancel }: { task: Task; onCancel: (() => void) | null }) {
  switch (task.kind) {
    case 'idle':
      return null;
    case 'exporting':
      return (
        <p className="dialog-status" role="status">
          Preparing the backup…
        </p>
      );
    case 'exported':
      return (
        <p className="dialog-status notice notice-success" role="status" data-testid="export-done">
          Backup saved ({count(task.conversations, 'conversation', 'conversations')}).
        </p>
      );
    case 'importing': {
      const { progress } = task;
      return (
        <div
          className="dialog-status"
          role="status"
          data-testid="import-progress"
          data-import={task.importNumber}
        >
          <span className="import-progress-text">
            Importing {KIND_LABEL[task.what]} “{task.file}”{progressText(progress)}
          </span>
          <progress
            max={progress?.total || 1}
            value={progress ? progress.done : undefined}
            aria-label="Import progress"
          />
          {onCancel && !progress?.finishing ? (
            <button
              type="button"
              className="button button-small"
              data-testid="import-cancel"
              onClick={onCancel}
            >
              Cancel import
            </button>
          ) : null}
        </div>
      );
    }
    case 'cancelled':
      return (
        <p
          className="dialog-status notice"
          role="status"
          data-testid="import-cancelled"
          data-import={task.importNumber}
        >
          Import of “{task.file}” cancelled.{' '}
          {task.message.replace(/^The import was cancelled\. /, '')}
        </p>
      );
    case 'imported':
      return (
        <>
          <p
            className="dialog-status notice notice-success"
            role="status"
            data-testid="import-done"
            data-import={task.importNumber}
          >
            Imported {count(task.summary.conversations, 'conversation', 'conversations')} and{' '}
            {count(task.summary.messages, 'message', 'messages')} from “{task.file}”
            {task.added === task.summary.conversations
              ? '.'
              : task.added === 0
                ? ': all of them were already here, so nothing was added twice.'
                : `: ${count(task.added, 'is', 'are')} new, the rest were already here.`}
          </p>
          {task.summary.newestLeafShown ? (
            <p className="dialog-status notice" role="status" data-testid="import-newest-leaf">
              {count(task.summary.newestLeafShown, 'conversation', 'conversations')} did not say
              which version was shown last in ChatGPT, so{' '}
              {task.summary.newestLeafShown === 1 ? 'it opens' : 'they open'} on the newest one.
              Every version was imported; page through them with ‹ ›.
            </p>
          ) : null}
          {task.summary.skipped.length > 0 && (
            <SkippedList file={task.file} skipped={task.summary.skipped} />
          )}
        </>
      );
    case 'failed':
      return (
        <div
          className="dialog-status notice notice-error"
          role="alert"
          data-testid="import-error"
          data-import={task.importNumber}
        >
          <strong>{task.title}</strong>
          <span>{task.message}</span>
        </div>
      );
  }
}

/** Every conversation the import left out, with why, and a Copy button for the whole list. */
function SkippedList({ file, skipped }: { file: string; skipped: ImportSummary['skipped'] }) {
  const [copied, copy] = useCopy();
  return (
    <div className="dialog-status notice notice-warning" role="status" data-testid="import-skipped">
      <div className="dialog-row">
        <strong>
          {count(skipped.length, 'conversation was', 'conversations were')} not imported:
        </strong>
        <button
          type="button"
          className="button button-small"
          data-testid="import-skipped-copy"
          onClick={() => copy(skippedReport(file, skipped))}
        >
          {copyLabel(copied, 'Copy list')}
        </button>
      </div>
      <ul>
        {skipped.map((entry) => (
          <li key={entry.where}>{skippedLine(entry)}</li>
        ))}
      </ul>
    </div>
  );
}

const messageOf = (error: unknown): string =>
  error instanceof HistoryFailure || error instanceof Error ? error.message : String(error);
