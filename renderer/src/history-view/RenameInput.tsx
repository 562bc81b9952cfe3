/** The inline title editor: Enter saves, Esc cancels, leaving the field saves (as Finder and VS Code do). */
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';

interface RenameInputProps {
  initial: string;
  onDone: (title: string | null) => void;
}

export function RenameInput({ initial, onDone }: RenameInputProps) {
  const [value, setValue] = useState(initial);
  const input = useRef<HTMLInputElement>(null);
  // Blur fires after Enter/Esc moved focus away; answer only once.
  const done = useRef(false);
  useEffect(() => {
    input.current?.focus();
    input.current?.select();
  }, []);

  const finish = (title: string | null) => {
    if (done.current) return;
    done.current = true;
    const trimmed = title?.replace(/\s+/g, ' ').trim() ?? '';
    onDone(trimmed === '' || trimmed === initial ? null : trimmed);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    // The list's own keys (arrows, Enter, Delete) must not act on the row while typing.
    event.stopPropagation();
    if (event.key === 'Enter') {
      event.preventDefault();
      finish(value);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      finish(null);
    }
  };

  return (
    <input
      ref={input}
      className="rename-input"
      data-testid="rename-input"
      aria-label="Conversation title"
      value={value}
      maxLength={200}
      onChange={(event) => setValue(event.target.value)}
      onKeyDown={onKeyDown}
      onBlur={() => finish(value)}
      onClick={(event) => event.stopPropagation()}
    />
  );
}
