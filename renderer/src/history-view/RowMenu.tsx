/**
 * The small menu of a conversation (Rename, Pin, Export, Delete). Fixed-positioned beside the row
 * that opened it, so the list's scroller cannot clip it; arrow keys move, Esc closes.
 */
import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';

export interface RowMenuItem {
  id: string;
  label: string;
  /** The key that does the same from the list (as `aria-keyshortcuts` spells it), shown beside the label. */
  shortcut?: string;
  danger?: boolean;
  run: () => void;
}

interface RowMenuProps {
  /** The rectangle of the element the menu belongs to, in viewport coordinates. */
  anchor: { top: number; bottom: number; left: number; right: number };
  items: RowMenuItem[];
  label: string;
  onClose: () => void;
}

const MARGIN = 8;

export function RowMenu({ anchor, items, label, onClose }: RowMenuProps) {
  const menu = useRef<HTMLDivElement>(null);
  const [position, setPosition] = useState({ top: anchor.bottom + 4, left: anchor.right });

  // Keep the menu on screen: open upwards near the bottom, leftwards near the right edge.
  useLayoutEffect(() => {
    const element = menu.current;
    if (!element) return;
    const { width, height } = element.getBoundingClientRect();
    const top =
      anchor.bottom + 4 + height > window.innerHeight - MARGIN
        ? Math.max(MARGIN, anchor.top - 4 - height)
        : anchor.bottom + 4;
    const left = Math.min(
      window.innerWidth - MARGIN - width,
      Math.max(MARGIN, anchor.right - width),
    );
    setPosition({ top, left });
    element.querySelector<HTMLButtonElement>('[role="menuitem"]')?.focus();
  }, [anchor]);

  useEffect(() => {
    const onPointer = (event: PointerEvent) => {
      if (!menu.current?.contains(event.target as Node)) onClose();
    };
    const onBlurWindow = () => onClose();
    document.addEventListener('pointerdown', onPointer, true);
    window.addEventListener('blur', onBlurWindow);
    return () => {
      document.removeEventListener('pointerdown', onPointer, true);
      window.removeEventListener('blur', onBlurWindow);
    };
  }, [onClose]);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    event.stopPropagation();
    const buttons = [
      ...(menu.current?.querySelectorAll<HTMLButtonElement>('[role="menuitem"]') ?? []),
    ];
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
    const move = (to: number) => buttons[(to + buttons.length) % buttons.length]?.focus();
    if (event.key === 'ArrowDown') move(at + 1);
    else if (event.key === 'ArrowUp') move(at - 1);
    else if (event.key === 'Home') move(0);
    else if (event.key === 'End') move(buttons.length - 1);
    else if (event.key === 'Escape' || event.key === 'Tab') onClose();
    else return;
    event.preventDefault();
  };

  return (
    <div
      ref={menu}
      className="row-menu"
      role="menu"
      aria-label={label}
      data-testid="row-menu"
      style={{ top: position.top, left: position.left }}
      onKeyDown={onKeyDown}
    >
      {items.map((item) => (
        <button
          key={item.id}
          type="button"
          role="menuitem"
          className={item.danger ? 'row-menu-item danger' : 'row-menu-item'}
          data-testid={`row-menu-${item.id}`}
          aria-keyshortcuts={item.shortcut}
          onClick={() => {
            onClose();
            item.run();
          }}
        >
          <span>{item.label}</span>
          {item.shortcut && <kbd className="row-menu-shortcut">{item.shortcut}</kbd>}
        </button>
      ))}
    </div>
  );
}
