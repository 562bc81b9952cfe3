/**
 * The text quick ask starts with, when the user chose one: the clipboard, or the selected text.
 * Electron-free: the clipboard comes in as a reader.
 *
 * Only Linux (X11 and most Wayland desktops) exposes the selection to other apps, as its primary
 * selection; macOS and Windows would need Runnel to press Copy in the other app, which it will not
 * do, so there `selection` reads the clipboard and settings says so.
 */
import type { EventPayload, QuickAskContext } from '../../preload/contract';

export type ShownContext = EventPayload<'runnel:quickAsk:shown'>['context'];

export interface ClipboardReader {
  readText(source: 'clipboard' | 'selection'): Promise<string>;
}

/** Enough for a page of code or a long email; more would flood the question. */
export const MAX_CONTEXT_CHARS = 20_000;

export async function readQuickAskContext(
  preference: QuickAskContext,
  platform: string,
  clipboard: ClipboardReader,
): Promise<ShownContext> {
  if (preference === 'none') return null;
  const source = preference === 'selection' && platform === 'linux' ? 'selection' : 'clipboard';
  let text: string;
  try {
    text = await clipboard.readText(source);
  } catch {
    return null;
  }
  if (text.trim() === '') return null;
  return { text: text.slice(0, MAX_CONTEXT_CHARS), source };
}
