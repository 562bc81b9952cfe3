/** The search field at the top of the sidebar; Ctrl/Cmd+K focuses it from anywhere in the window. */
import { forwardRef, type KeyboardEvent } from 'react';
import { CloseIcon, SearchIcon } from '../app-shell/icons';
import { RESULTS_ID, resultDomId } from './SearchResults';

interface SearchBoxProps {
  value: string;
  onChange: (value: string) => void;
  /** Which result the arrows selected; -1 for none. */
  selected: number;
  expanded: boolean;
  onKeyDown: (event: KeyboardEvent<HTMLInputElement>) => void;
}

const shortcut = /mac/i.test(navigator.platform) ? '⌘K' : 'Ctrl+K';

export const SearchBox = forwardRef<HTMLInputElement, SearchBoxProps>(function SearchBox(
  { value, onChange, selected, expanded, onKeyDown },
  ref,
) {
  return (
    <div className="search-box">
      <SearchIcon />
      <input
        ref={ref}
        type="search"
        className="search-input"
        data-testid="search-input"
        placeholder="Search chats"
        aria-label="Search conversations"
        role="combobox"
        aria-expanded={expanded}
        aria-controls={RESULTS_ID}
        aria-autocomplete="list"
        aria-activedescendant={expanded && selected >= 0 ? resultDomId(selected) : undefined}
        autoComplete="off"
        spellCheck={false}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        onKeyDown={onKeyDown}
      />
      {value ? (
        <button
          type="button"
          className="search-clear"
          data-testid="search-clear"
          aria-label="Clear search"
          onClick={() => onChange('')}
        >
          <CloseIcon />
        </button>
      ) : (
        <kbd className="search-shortcut" aria-hidden="true">
          {shortcut}
        </kbd>
      )}
    </div>
  );
});
