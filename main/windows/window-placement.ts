/**
 * Where the quick-ask window appears and what a trigger does to it, as plain functions over plain
 * data, so they are tested in Node. Electron-free: quick-ask-window.ts feeds in Electron's screen.
 */
import type { Rect } from './window-state';

/** The quick-ask window's size: room for a few paragraphs of answer, small enough to glance at. */
export const QUICK_ASK_SIZE = { width: 680, height: 460 };

export interface Point {
  x: number;
  y: number;
}

export interface DisplayArea {
  bounds: Rect;
  /** The bounds minus the taskbar, dock and menu bar. */
  workArea: Rect;
}

const contains = (rect: Rect, { x, y }: Point): boolean =>
  x >= rect.x && x < rect.x + rect.width && y >= rect.y && y < rect.y + rect.height;

const distanceSquared = (rect: Rect, { x, y }: Point): number => {
  const dx = Math.max(rect.x - x, 0, x - (rect.x + rect.width - 1));
  const dy = Math.max(rect.y - y, 0, y - (rect.y + rect.height - 1));
  return dx * dx + dy * dy;
};

/** The display under the pointer; the nearest one when the pointer is in a gap between displays. */
export function displayUnder(point: Point, displays: readonly DisplayArea[]): DisplayArea | null {
  let best: DisplayArea | null = null;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const display of displays) {
    if (contains(display.bounds, point)) return display;
    const distance = distanceSquared(display.bounds, point);
    if (distance < bestDistance) {
      best = display;
      bestDistance = distance;
    }
  }
  return best;
}

/** `size` centred in `area`, shrunk to fit it, on whole pixels. */
export function centredIn(area: Rect, size: { width: number; height: number }): Rect {
  const width = Math.min(size.width, area.width);
  const height = Math.min(size.height, area.height);
  return {
    x: Math.round(area.x + (area.width - width) / 2),
    y: Math.round(area.y + (area.height - height) / 2),
    width,
    height,
  };
}

export function quickAskBounds(
  pointer: Point,
  displays: readonly DisplayArea[],
  size: { width: number; height: number },
): Rect | null {
  const display = displayUnder(pointer, displays);
  return display ? centredIn(display.workArea, size) : null;
}

/** What asked for the window: the hotkey toggles it; the tray and `--quick-ask` only ever open it. */
export type QuickAskTrigger = 'hotkey' | 'tray' | 'command-line';

export interface QuickAskFacts {
  visible: boolean;
  focused: boolean;
}

export type QuickAskCommand = 'show' | 'focus' | 'hide';

export function quickAskCommand(trigger: QuickAskTrigger, facts: QuickAskFacts): QuickAskCommand {
  if (!facts.visible) return 'show';
  if (trigger === 'hotkey' && facts.focused) return 'hide';
  return 'focus';
}

/** Who had the focus when the window was shown, so dismissing it can give the focus back. */
export type FocusOrigin = 'chat-window' | 'other-app';

/** Why the window goes away: dismissed on purpose (Esc, the hotkey), or the user clicked elsewhere. */
export type HideReason = 'dismissed' | 'blurred' | 'handed-over';

export type FocusRestore = 'focus-chat-window' | 'hide-app' | 'none';

export function focusAfterHide(
  reason: HideReason,
  origin: FocusOrigin,
  platform: string,
): FocusRestore {
  // A blur already put the focus where the user wanted it; a hand-over focuses the chat window itself.
  if (reason !== 'dismissed') return 'none';
  if (origin === 'chat-window') return 'focus-chat-window';
  // macOS activates our next window (the chat window) when this one hides; hiding the app instead
  // hands the focus back to the app the user was in. Windows and Linux window managers do that anyway.
  return platform === 'darwin' ? 'hide-app' : 'none';
}
