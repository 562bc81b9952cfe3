/**
 * The conversation's model, in its header: a button that opens a searchable list of every model of
 * every provider (a combobox over a listbox: type to filter, arrows to move, Enter to choose, Esc to
 * close, Ctrl+D to star), favourites first. The choice applies to the conversation's next answer.
 *
 * "Compare" turns the list into a multi-select: Enter or a click adds or removes a model (up to four,
 * from any providers), and the next question goes to every one, answered side by side. A multi-select
 * here rather than `@model` mentions in the composer: it is the list people already search, it shows
 * what is chosen, and a question that contains an `@` (an address, a handle) is never misread.
 */
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { CatalogModel } from '../../../preload/contract';
import { useChat, useSettings, useStores } from '../store/context';
import { MAX_COMPARED, sameModel, toggledTarget } from '../store/comparison';
import { resolveModel, type ModelChoice, type ModelRef } from '../store/conversation-model';
import { useCompareTargets } from './compare/CompareTargets';
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
  const targets = useCompareTargets(conversationId);
  const [comparing, setComparing] = useState(false);
  /** The models picked while fewer than two are (the store keeps two or more). */
  const [picked, setPicked] = useState<readonly ModelRef[]>([]);
  const [compareNotice, setCompareNotice] = useState<string | null>(null);
  const button = useRef<HTMLButtonElement>(null);
  const input = useRef<HTMLInputElement>(null);
  const listId = useId();
  const optionId = (key: string) => `${listId}-${key.replace(/[^\w-]/g, '_')}`;

  const providerName = (id: string) => view?.providers.find((p) => p.id === id)?.name ?? null;
  const resolved = resolveModel(view, choice);
  const isDefault = choice.providerId === null;
  const defaultRef = resolveModel(view, { providerId: null, model: null });
  const label =
    targets.length >= 2
      ? `${targets.length} models`
      : resolved
        ? modelLabel(resolved.model, providerName(resolved.providerId))
        : 'No model set up';
  const selection = targets.length >= 2 ? targets : picked;

  const options: Option[] = useMemo(() => {
    const listed = catalog.state.status === 'ready' ? catalog.state.catalog.models : [];
    const found = filterModels(listed, query).map((model) => ({ key: modelKey(model), model }));
    // Settings' default is no one model, so it cannot be compared.
    return query.trim() === '' && !comparing
      ? [{ key: DEFAULT_KEY, model: null }, ...found]
      : found;
  }, [catalog.state, query, comparing]);
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
    setCompareNotice(null);
    if (returnFocus) button.current?.focus();
  };

  const openList = () => {
    setComparing(targets.length >= 2);
    setPicked([]);
    setOpen(true);
  };

  const toggleComparing = () => {
    if (comparing) {
      // Back to one model: the conversation's own, as before comparing.
      void chat.setCompareTargets(conversationId, []);
      setComparing(false);
      setPicked([]);
    } else {
      setComparing(true);
      setPicked(resolved ? [resolved] : []);
    }
    setCompareNotice(null);
    setActive(0);
    input.current?.focus();
  };

  const toggleCompared = (model: CatalogModel) => {
    const next = toggledTarget(selection, { providerId: model.providerId, model: model.model });
    if (next === null) {
      setCompareNotice(
        `Up to ${MAX_COMPARED} models answer at once: take one out to add ${model.model}.`,
      );
      return;
    }
    setCompareNotice(null);
    setPicked(next.length >= 2 ? [] : next);
    // Down to one, that one is the conversation's model (setCompareTargets).
    void chat.setCompareTargets(conversationId, next);
  };

  const choose = (option: Option) => {
    if (comparing) {
      if (option.model) toggleCompared(option.model);
      return;
    }
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
        title={
          targets.length >= 2
            ? `The next question goes to ${targets.map((t) => t.model).join(', ')}`
            : "Model for this conversation's next answers"
        }
        onClick={() => (open ? close(false) : openList())}
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
            <button
              type="button"
              className="button button-small button-ghost compare-toggle"
              data-testid="compare-toggle"
              aria-pressed={comparing}
              onClick={toggleComparing}
              title={`Ask up to ${MAX_COMPARED} models the same question, side by side`}
            >
              Compare
            </button>
          </div>
          {comparing && (
            <p className="model-switcher-hint" data-testid="compare-hint">
              Compare: Enter or click adds or removes a model ({selection.length} of up to{' '}
              {MAX_COMPARED} chosen).
            </p>
          )}
          <ul
            id={listId}
            role="listbox"
            aria-label="Models"
            aria-multiselectable={comparing || undefined}
            className="model-switcher-list"
          >
            {options.map((option, index) => {
              const selected = comparing
                ? option.model !== null &&
                  selection.some(
                    (target) => option.model !== null && sameModel(target, option.model),
                  )
                : option.key === selectedKey;
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
                  {comparing ? (
                    <span className="model-option-check" aria-hidden="true">
                      {selected ? '☑' : '☐'}
                    </span>
                  ) : (
                    selected && (
                      <span className="model-option-check" aria-hidden="true">
                        ✓
                      </span>
                    )
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
            {compareNotice && (
              <p className="model-switcher-problem" data-testid="compare-notice">
                {compareNotice}
              </p>
            )}
            {catalog.favouriteError && (
              <p className="model-switcher-problem">{catalog.favouriteError}</p>
            )}
          </div>
          <p className="model-switcher-hint" id={`${listId}-hint`}>
            ↑↓ move · Enter {comparing ? 'add or remove' : 'choose'} · Ctrl+D star or unstar · Esc
            close
          </p>
        </div>
      )}
    </div>
  );
}
