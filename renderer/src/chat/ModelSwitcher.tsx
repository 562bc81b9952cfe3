/**
 * The conversation's model, in its header: a button that opens a searchable list of every model of
 * every provider (a combobox over a listbox: type to filter, arrows to move, Enter to choose, Esc to
 * close, Ctrl+D to star), favourites first. The choice applies to the conversation's next answer.
 */
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { CatalogModel } from '../../../preload/contract';
import { useChat, useSettings, useStores } from '../store/context';
import { resolveModel, type ModelChoice } from '../store/conversation-model';
import { filterModels, modelKey, modelLabel, providerNotice } from './model-list';
import { useModelCatalog } from './use-model-catalog';

const DEFAULT_KEY = 'default';

interface Option {
  key: string;
  /** null: Settings' default. */
  model: CatalogModel | null;
}

/** The conversation's choice: its record's, or the new chat's. */
export function useModelChoice(conversationId: string | null): ModelChoice {
  const providerId = useChat((s) =>
    conversationId === null
      ? s.newChat.providerId
      : (s.conversations.find((c) => c.id === conversationId)?.providerId ?? null),
  );
  const model = useChat((s) =>
    conversationId === null
      ? s.newChat.model
      : (s.conversations.find((c) => c.id === conversationId)?.model ?? null),
  );
  return useMemo(() => ({ providerId, model }), [providerId, model]);
}

export function ModelSwitcher({ conversationId }: { conversationId: string | null }) {
  const { chat, models } = useStores();
  const view = useSettings((s) => s.view);
  const choice = useModelChoice(conversationId);
  const catalog = useModelCatalog(models);
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const button = useRef<HTMLButtonElement>(null);
  const input = useRef<HTMLInputElement>(null);
  const listId = useId();
  const optionId = (key: string) => `${listId}-${key.replace(/[^\w-]/g, '_')}`;

  const providerName = (id: string) => view?.providers.find((p) => p.id === id)?.name ?? null;
  const resolved = resolveModel(view, choice);
  const isDefault = choice.providerId === null;
  const defaultRef = resolveModel(view, { providerId: null, model: null });
  const label = resolved
    ? modelLabel(resolved.model, providerName(resolved.providerId))
    : 'No model set up';

  const options: Option[] = useMemo(() => {
    const listed = catalog.state.status === 'ready' ? catalog.state.catalog.models : [];
    const found = filterModels(listed, query).map((model) => ({ key: modelKey(model), model }));
    return query.trim() === '' ? [{ key: DEFAULT_KEY, model: null }, ...found] : found;
  }, [catalog.state, query]);
  const selectedKey = isDefault ? DEFAULT_KEY : resolved ? modelKey(resolved) : null;
  const activeOption = options[Math.min(active, options.length - 1)];

  const { load } = catalog;
  useEffect(() => {
    if (!open) return;
    load();
    input.current?.focus();
  }, [open, load]);

  // The highlighted option stays in view as the arrows move it.
  useEffect(() => {
    if (!open || !activeOption) return;
    document.getElementById(optionId(activeOption.key))?.scrollIntoView({ block: 'nearest' });
  });

  const close = (returnFocus: boolean) => {
    setOpen(false);
    setQuery('');
    if (returnFocus) button.current?.focus();
  };

  const choose = (option: Option) => {
    const next: ModelChoice = option.model
      ? { providerId: option.model.providerId, model: option.model.model }
      : { providerId: null, model: null };
    void chat.chooseModel(conversationId, next);
    close(true);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    const count = options.length;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (count === 0) return;
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((at) => (Math.min(at, count - 1) + step + count) % count);
    } else if (event.key === 'Home' && event.ctrlKey) {
      event.preventDefault();
      setActive(0);
    } else if (event.key === 'End' && event.ctrlKey) {
      event.preventDefault();
      setActive(Math.max(0, count - 1));
    } else if (event.key === 'Enter') {
      event.preventDefault();
      if (activeOption) choose(activeOption);
    } else if (event.key === 'Escape') {
      // Only the list closes: Esc must not also stop an answer streaming behind it.
      event.preventDefault();
      event.stopPropagation();
      close(true);
    } else if (event.key.toLowerCase() === 'd' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      if (activeOption?.model) catalog.toggleFavourite(activeOption.model);
    }
  };

  const notices =
    catalog.state.status === 'ready'
      ? catalog.state.catalog.providers.flatMap((provider) => {
          const text = providerNotice(
            provider,
            catalog.state.status === 'ready' ? catalog.state.at : 0,
          );
          return text ? [{ id: provider.providerId, text }] : [];
        })
      : [];

  return (
    <div
      className="model-switcher"
      onBlur={(event) => {
        if (open && !event.currentTarget.contains(event.relatedTarget as Node | null)) close(false);
      }}
    >
      <button
        ref={button}
        type="button"
        className="model-switcher-button"
        data-testid="model-switcher"
        aria-haspopup="listbox"
        aria-expanded={open}
        title="Model for this conversation's next answers"
        onClick={() => (open ? close(false) : setOpen(true))}
      >
        <span className="model-switcher-label">{label}</span>
        {isDefault && resolved && <span className="model-switcher-default">default</span>}
        <span aria-hidden="true" className="model-switcher-caret">
          ▾
        </span>
      </button>
      {open && (
        <div className="model-switcher-popover" data-testid="model-switcher-popover">
          <div className="model-switcher-search">
            <input
              ref={input}
              type="text"
              role="combobox"
              aria-label="Find a model"
              aria-expanded="true"
              aria-controls={listId}
              aria-autocomplete="list"
              aria-describedby={`${listId}-hint`}
              aria-activedescendant={activeOption ? optionId(activeOption.key) : undefined}
              placeholder="Find a model…"
              data-testid="model-search"
              value={query}
              onChange={(event) => {
                setQuery(event.target.value);
                setActive(0);
              }}
              onKeyDown={onKeyDown}
            />
            <button
              type="button"
              className="button button-small button-ghost"
              data-testid="model-refresh"
              disabled={catalog.state.status === 'loading'}
              onClick={() => catalog.load(true)}
              title="Ask every provider for its models again"
            >
              Refresh
            </button>
          </div>
          <ul id={listId} role="listbox" aria-label="Models" className="model-switcher-list">
            {options.map((option, index) => {
              const selected = option.key === selectedKey;
              const highlighted = option === activeOption;
              return (
                <li
                  key={option.key}
                  id={optionId(option.key)}
                  role="option"
                  aria-selected={selected}
                  data-active={highlighted || undefined}
                  data-testid="model-option"
                  data-model={option.model?.model ?? ''}
                  data-provider={option.model?.providerId ?? ''}
                  className="model-option"
                  onMouseMove={() => setActive(index)}
                  onMouseDown={(event) => event.preventDefault()}
                  onClick={() => choose(option)}
                >
                  {option.model ? (
                    <>
                      <span className="model-option-name">{option.model.model}</span>
                      <span className="model-option-provider">{option.model.providerName}</span>
                      {/* Not a button: an option holds no controls of its own. Keyboards star
                          the highlighted model with Ctrl+D; the option's name says "favourite". */}
                      <span
                        className="model-option-star"
                        data-testid="model-star"
                        data-favourite={option.model.favourite}
                        aria-hidden="true"
                        title={option.model.favourite ? 'Unstar (Ctrl+D)' : 'Star (Ctrl+D)'}
                        onClick={(event) => {
                          event.stopPropagation();
                          if (option.model) catalog.toggleFavourite(option.model);
                        }}
                      >
                        {option.model.favourite ? '★' : '☆'}
                      </span>
                      {option.model.favourite && (
                        <span className="visually-hidden">, favourite</span>
                      )}
                    </>
                  ) : (
                    <>
                      <span className="model-option-name">Settings default</span>
                      <span className="model-option-provider">
                        {defaultRef
                          ? modelLabel(defaultRef.model, providerName(defaultRef.providerId))
                          : 'none set up'}
                      </span>
                    </>
                  )}
                  {selected && (
                    <span className="model-option-check" aria-hidden="true">
                      ✓
                    </span>
                  )}
                </li>
              );
            })}
          </ul>
          <div className="model-switcher-status" role="status" data-testid="model-status">
            {catalog.state.status === 'loading' && <p>Fetching the models…</p>}
            {catalog.state.status === 'failed' && (
              <p className="model-switcher-problem">
                The models could not be listed: {catalog.state.message}
              </p>
            )}
            {catalog.state.status === 'ready' && options.length === 0 && (
              <p>No model matches “{query.trim()}”.</p>
            )}
            {notices.map((notice) => (
              <p key={notice.id} className="model-switcher-problem" data-testid="model-notice">
                {notice.text}
              </p>
            ))}
            {catalog.favouriteError && (
              <p className="model-switcher-problem">{catalog.favouriteError}</p>
            )}
          </div>
          <p className="model-switcher-hint" id={`${listId}-hint`}>
            ↑↓ move · Enter choose · Ctrl+D star or unstar · Esc close
          </p>
        </div>
      )}
    </div>
  );
}
