/**
 * Settings → Assistants: the list in the person's order, moved with buttons; create, edit, duplicate,
 * delete (with Undo), and import or export as a JSON file.
 */
import { useRef, useState, type ChangeEvent } from 'react';
import type { ProviderView } from '../../../preload/contract';
import type { AssistantRecord } from '../history/types';
import { downloadText, fileNameFor } from '../history-view/download';
import { useHistory } from '../history-view/history-context';
import { newId } from '../store/ids';
import {
  assistantFileLimits,
  exportAssistants,
  fromPortable,
  parseAssistantsFile,
} from './assistant-file';
import {
  assistantFormFrom,
  duplicateName,
  emptyAssistantForm,
  type AssistantValues,
} from './assistant-form';
import { AssistantEditor } from './AssistantEditor';
import { movedOrder } from './list-order';
import { useAssistants } from './use-assistants';

type Editing = { kind: 'new' } | { kind: 'edit'; assistant: AssistantRecord } | null;
type Notice = { kind: 'done' | 'error'; text: string } | null;
/** A deleted assistant, kept for Undo with the order the list had. */
type Deleted = { assistant: AssistantRecord; order: string[] } | null;

const errorText = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);

export function AssistantsSection({ providers }: { providers: readonly ProviderView[] }) {
  const { history } = useHistory();
  const { assistants, error } = useAssistants(history);
  const [editing, setEditing] = useState<Editing>(null);
  const [notice, setNotice] = useState<Notice>(null);
  const [deleted, setDeleted] = useState<Deleted>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const list = assistants ?? [];
  const ids = list.map((a) => a.id);

  /** Runs a change; a failure shows as the section's notice, in words. */
  const act = async (work: () => Promise<void>, failure: string): Promise<void> => {
    try {
      await work();
    } catch (caught) {
      setNotice({ kind: 'error', text: `${failure}: ${errorText(caught)}` });
    }
  };

  const save = async (values: AssistantValues): Promise<void> => {
    const now = Date.now();
    const record: AssistantRecord =
      editing?.kind === 'edit'
        ? { ...editing.assistant, ...values, updatedAt: now }
        : {
            ...values,
            id: newId(),
            position: 0,
            builtinId: null,
            quickAskDefault: false,
            createdAt: now,
            updatedAt: now,
          };
    await history.saveAssistants([record]);
    setEditing(null);
    setNotice({ kind: 'done', text: `Saved “${record.name}”.` });
  };

  const duplicate = (assistant: AssistantRecord) =>
    act(async () => {
      const now = Date.now();
      const copy: AssistantRecord = {
        ...assistant,
        id: newId(),
        name: duplicateName(assistant.name),
        builtinId: null,
        quickAskDefault: false,
        createdAt: now,
        updatedAt: now,
      };
      await history.saveAssistants([copy]);
      // Beside the one it copies, not at the end of the list.
      const order = [...ids];
      order.splice(order.indexOf(assistant.id) + 1, 0, copy.id);
      await history.reorderAssistants(order);
      setNotice({ kind: 'done', text: `Made “${copy.name}”.` });
    }, 'The assistant was not duplicated');

  const remove = (assistant: AssistantRecord) =>
    act(async () => {
      await history.deleteAssistant(assistant.id);
      setDeleted({ assistant, order: ids });
      setNotice(null);
    }, 'The assistant was not deleted');

  const undo = () =>
    act(async () => {
      if (!deleted) return;
      await history.saveAssistants([deleted.assistant]);
      await history.reorderAssistants(deleted.order);
      if (deleted.assistant.quickAskDefault)
        await history.setQuickAskAssistant(deleted.assistant.id);
      setDeleted(null);
    }, 'The assistant could not be brought back');

  const move = (id: string, by: -1 | 1) =>
    act(() => history.reorderAssistants(movedOrder(ids, id, by)), 'The list was not reordered');

  const exportList = (chosen: readonly AssistantRecord[], fileName: string) =>
    downloadText(fileName, exportAssistants(chosen, Date.now()), 'application/json');

  const importFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    if (file.size > assistantFileLimits.fileBytes) {
      setNotice({
        kind: 'error',
        text: `“${file.name}” is ${(file.size / (1024 * 1024)).toFixed(1)} MB; an assistants file can be at most ${assistantFileLimits.fileBytes / (1024 * 1024)} MB. No assistant was imported.`,
      });
      return;
    }
    let text: string;
    try {
      text = await file.text();
    } catch (caught) {
      setNotice({
        kind: 'error',
        text: `“${file.name}” could not be read (${errorText(caught)}). No assistant was imported.`,
      });
      return;
    }
    const parsed = parseAssistantsFile(text);
    if (!parsed.ok) {
      setNotice({ kind: 'error', text: parsed.error.message });
      return;
    }
    const now = Date.now();
    await act(async () => {
      await history.saveAssistants(
        parsed.assistants.map((a) => fromPortable(a, { id: newId(), now })),
      );
      const names = parsed.assistants.map((a) => `“${a.name}”`).join(', ');
      setNotice({
        kind: 'done',
        text: `Imported ${parsed.assistants.length === 1 ? 'one assistant' : `${parsed.assistants.length} assistants`}: ${names}.`,
      });
    }, 'The assistants were not imported');
  };

  return (
    <section
      className="settings-section assistants-section"
      aria-labelledby="assistants-heading"
      data-testid="assistants-section"
    >
      <h2 id="assistants-heading">Assistants</h2>
      <p className="hint">
        A named system prompt with its model and parameters. Start a chat with one from a new chat.
      </p>
      {error && (
        <p className="notice notice-error" role="alert" data-testid="assistants-error">
          {error}
        </p>
      )}
      {list.length > 0 && (
        <ol className="assistant-list" data-testid="assistant-list">
          {list.map((assistant, index) => (
            <li className="assistant-item" key={assistant.id} data-testid="assistant-item">
              <span className="assistant-emoji" aria-hidden="true">
                {assistant.emoji || '💬'}
              </span>
              <span className="assistant-summary">
                <span className="assistant-name">
                  {assistant.name}
                  {assistant.builtinId && <span className="badge">Built-in</span>}
                  {assistant.quickAskDefault && <span className="badge">Quick ask</span>}
                </span>
                <span className="assistant-meta muted">{modelText(assistant, providers)}</span>
              </span>
              <span className="assistant-buttons">
                <button
                  type="button"
                  className="button button-small button-ghost"
                  aria-label={`Move ${assistant.name} up`}
                  title="Move up"
                  disabled={index === 0}
                  onClick={() => void move(assistant.id, -1)}
                >
                  ↑
                </button>
                <button
                  type="button"
                  className="button button-small button-ghost"
                  aria-label={`Move ${assistant.name} down`}
                  title="Move down"
                  disabled={index === list.length - 1}
                  onClick={() => void move(assistant.id, 1)}
                >
                  ↓
                </button>
                <button
                  type="button"
                  className="button button-small"
                  aria-label={`Edit ${assistant.name}`}
                  onClick={() => setEditing({ kind: 'edit', assistant })}
                >
                  Edit
                </button>
                <button
                  type="button"
                  className="button button-small"
                  aria-label={`Duplicate ${assistant.name}`}
                  onClick={() => void duplicate(assistant)}
                >
                  Duplicate
                </button>
                <button
                  type="button"
                  className="button button-small"
                  aria-label={`Export ${assistant.name}`}
                  onClick={() => exportList([assistant], fileNameFor(assistant.name, 'json'))}
                >
                  Export
                </button>
                <button
                  type="button"
                  className="button button-small button-danger"
                  aria-label={`Delete ${assistant.name}`}
                  onClick={() => void remove(assistant)}
                >
                  Delete
                </button>
              </span>
            </li>
          ))}
        </ol>
      )}
      {assistants !== null && list.length === 0 && !error && (
        <p className="muted">No assistants yet.</p>
      )}
      {deleted && (
        <p className="notice assistant-undo" role="status" data-testid="assistant-deleted">
          Deleted “{deleted.assistant.name}”.{' '}
          <button type="button" className="button button-small" onClick={() => void undo()}>
            Undo
          </button>
        </p>
      )}
      {notice && (
        <p
          className={`notice ${notice.kind === 'error' ? 'notice-error' : 'notice-success'}`}
          role={notice.kind === 'error' ? 'alert' : 'status'}
          data-testid={notice.kind === 'error' ? 'assistants-notice-error' : 'assistants-notice'}
        >
          {notice.text}
        </p>
      )}
      {editing ? (
        <AssistantEditor
          key={editing.kind === 'edit' ? editing.assistant.id : 'new'}
          heading={editing.kind === 'edit' ? `Edit “${editing.assistant.name}”` : 'New assistant'}
          initial={
            editing.kind === 'edit' ? assistantFormFrom(editing.assistant) : emptyAssistantForm()
          }
          providers={providers}
          onSave={save}
          onCancel={() => setEditing(null)}
        />
      ) : (
        <div className="assistant-actions">
          <button
            type="button"
            className="button button-primary"
            data-testid="assistant-new"
            onClick={() => {
              setNotice(null);
              setEditing({ kind: 'new' });
            }}
          >
            New assistant
          </button>
          <button
            type="button"
            className="button"
            data-testid="assistants-import"
            onClick={() => fileInput.current?.click()}
          >
            Import…
          </button>
          <button
            type="button"
            className="button"
            data-testid="assistants-export"
            disabled={list.length === 0}
            onClick={() => exportList(list, 'runnel-assistants.json')}
          >
            Export all…
          </button>
          <input
            ref={fileInput}
            type="file"
            accept=".json,application/json"
            hidden
            data-testid="assistants-import-file"
            onChange={(event) => void importFile(event)}
          />
        </div>
      )}
    </section>
  );
}

/** "gpt-4o · OpenAI", or the default, for the list. */
function modelText(assistant: AssistantRecord, providers: readonly ProviderView[]): string {
  if (assistant.providerId === null) return 'Settings’ default model';
  const provider = providers.find((p) => p.id === assistant.providerId);
  if (!provider) return `${assistant.model ?? 'Default model'} · not set up here`;
  return `${assistant.model ?? provider.defaultModel} · ${provider.name}`;
}
