/**
 * Several models' answers to one question, side by side: columns when each gets enough width, tabs
 * when not (compare-layout.ts). Tabs follow the ARIA tabs pattern (arrows, Home and End move between
 * them) and each shows whether its answer is still being written, failed or was stopped.
 */
import { useEffect, useRef, useState, type KeyboardEvent, type RefObject } from 'react';
import type { Comparison } from '../../store/comparison';
import { useChat, useSettings } from '../../store/context';
import { modelLabel } from '../model-list';
import { CompareAnswer } from './CompareAnswer';
import { answerMark, compareLayout, tabAfterKey } from './compare-layout';
import './compare.css';

/** The comparison whose answer on the branch shown is `messageId`, if it is one. */
export function useComparisonAt(messageId: string): Comparison | null {
  return useChat((s) => {
    const message = s.messages[messageId];
    const comparison = message ? s.comparisons[message.conversationId] : undefined;
    return comparison?.answerIds.includes(messageId) ? comparison : null;
  });
}

/** The width of an element, kept up to date as it resizes. */
function useWidth(element: RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const node = element.current;
    if (!node) return;
    // The observer reports the first size too, once the element is laid out.
    const observer = new ResizeObserver(([entry]) => {
      if (entry) setWidth(entry.contentRect.width);
    });
    observer.observe(node);
    return () => observer.disconnect();
  }, [element]);
  return width;
}

/** "alpha · Provider" for an answer, from the model it records. */
function useAnswerLabel(id: string): string {
  const model = useChat((s) => s.messages[id]?.model ?? null);
  const providerId = useChat((s) => s.messages[id]?.providerId ?? null);
  const providerName = useSettings(
    (s) => s.view?.providers.find((p) => p.id === providerId)?.name ?? null,
  );
  return model ? modelLabel(model, providerName) : 'Default model';
}

function Mark({ id }: { id: string }) {
  const status = useChat((s) => s.messages[id]?.status ?? 'complete');
  const mark = answerMark(status);
  if (!mark) return null;
  return (
    <span className="compare-mark" data-state={mark.state} data-testid="compare-mark">
      <span aria-hidden="true">{mark.symbol}</span>
      <span className="visually-hidden">, {mark.words}</span>
    </span>
  );
}

function Column({ id, onOpenSettings }: { id: string; onOpenSettings: () => void }) {
  const label = useAnswerLabel(id);
  return (
    <section className="compare-column" aria-label={label} data-testid="compare-column">
      <h2 className="compare-heading" data-testid="compare-heading">
        <span className="compare-heading-name">{label}</span>
        <Mark id={id} />
      </h2>
      <CompareAnswer id={id} label={label} onOpenSettings={onOpenSettings} />
    </section>
  );
}

function Tab({
  id,
  index,
  selected,
  panelId,
  tabId,
  onSelect,
  onKeyDown,
}: {
  id: string;
  index: number;
  selected: boolean;
  panelId: string;
  tabId: string;
  onSelect: (index: number) => void;
  onKeyDown: (event: KeyboardEvent<HTMLButtonElement>, index: number) => void;
}) {
  const label = useAnswerLabel(id);
  return (
    <button
      type="button"
      role="tab"
      id={tabId}
      className="compare-tab"
      data-testid="compare-tab"
      aria-selected={selected}
      aria-controls={panelId}
      tabIndex={selected ? 0 : -1}
      onClick={() => onSelect(index)}
      onKeyDown={(event) => onKeyDown(event, index)}
    >
      <span className="compare-tab-name">{label}</span>
      <Mark id={id} />
    </button>
  );
}

function Panel({
  id,
  tabId,
  panelId,
  onOpenSettings,
}: {
  id: string;
  tabId: string;
  panelId: string;
  onOpenSettings: () => void;
}) {
  const label = useAnswerLabel(id);
  return (
    <div
      role="tabpanel"
      id={panelId}
      aria-labelledby={tabId}
      className="compare-panel"
      data-testid="compare-panel"
    >
      <CompareAnswer id={id} label={label} onOpenSettings={onOpenSettings} />
    </div>
  );
}

export function ComparisonView({
  comparison,
  onOpenSettings,
}: {
  comparison: Comparison;
  onOpenSettings: () => void;
}) {
  const root = useRef<HTMLDivElement>(null);
  const width = useWidth(root);
  const ids = comparison.answerIds;
  const layout = compareLayout(width, ids.length);
  const [selected, setSelected] = useState(0);
  const tabs = useRef<Array<HTMLButtonElement | null>>([]);
  const shown = Math.min(selected, ids.length - 1);
  const base = `compare-${comparison.questionId}`;

  const onTabKey = (event: KeyboardEvent<HTMLButtonElement>, index: number) => {
    const next = tabAfterKey(event.key, index, ids.length);
    if (next === null) return;
    event.preventDefault();
    setSelected(next);
    tabs.current[next]?.focus();
  };

  return (
    <div
      ref={root}
      className="comparison"
      data-testid="comparison"
      data-layout={layout}
      role="group"
      aria-label={`${ids.length} answers to compare`}
    >
      <p className="comparison-hint">
        {ids.length} models answered. Choose one with <em>Continue with this one</em> to go on from
        it; the others stay as its versions.
      </p>
      {layout === 'columns' ? (
        <div
          className="compare-columns"
          style={{ gridTemplateColumns: `repeat(${ids.length}, minmax(0, 1fr))` }}
        >
          {ids.map((id) => (
            <Column key={id} id={id} onOpenSettings={onOpenSettings} />
          ))}
        </div>
      ) : (
        <>
          <div
            className="compare-tabs"
            role="tablist"
            aria-label="Answers"
            data-testid="compare-tabs"
            ref={(node) => {
              tabs.current = node
                ? [...node.querySelectorAll<HTMLButtonElement>('[role=tab]')]
                : [];
            }}
          >
            {ids.map((id, index) => (
              <Tab
                key={id}
                id={id}
                index={index}
                selected={index === shown}
                tabId={`${base}-tab-${index}`}
                panelId={`${base}-panel`}
                onSelect={setSelected}
                onKeyDown={onTabKey}
              />
            ))}
          </div>
          {ids[shown] !== undefined && (
            <Panel
              key={ids[shown]}
              id={ids[shown]}
              tabId={`${base}-tab-${shown}`}
              panelId={`${base}-panel`}
              onOpenSettings={onOpenSettings}
            />
          )}
        </>
      )}
    </div>
  );
}
