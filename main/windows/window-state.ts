/**
 * Where the chat window reopens: the remembered bounds if they still fit on a display now attached
 * (a monitor may have been unplugged), otherwise centred at the default size. Electron-free.
 */
import type { WindowState } from '../settings/settings-schema';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const DEFAULT_SIZE = { width: 1100, height: 760 };
export const MIN_SIZE = { width: 520, height: 420 };

const overlap = (a: Rect, b: Rect): number => {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return width > 0 && height > 0 ? width * height : 0;
};

export function restoreBounds(
  saved: WindowState | null,
  workAreas: Rect[],
): { bounds: Partial<Rect> & { width: number; height: number }; maximized: boolean } {
  if (!saved) return { bounds: { ...DEFAULT_SIZE }, maximized: false };
  const width = Math.max(MIN_SIZE.width, saved.width);
  const height = Math.max(MIN_SIZE.height, saved.height);
  if (saved.x === undefined || saved.y === undefined) {
    return { bounds: { width, height }, maximized: saved.maximized };
  }
  const rect = { x: saved.x, y: saved.y, width, height };
  // At least a quarter of the window must be visible on some display, or it is lost off-screen.
  const visible = workAreas.some((area) => overlap(rect, area) >= (width * height) / 4);
  return { bounds: visible ? rect : { width, height }, maximized: saved.maximized };
}
