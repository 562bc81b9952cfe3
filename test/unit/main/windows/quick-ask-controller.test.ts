import { describe, expect, it } from 'vitest';
import {
  createQuickAskController,
  type QuickAskDesktop,
  type QuickAskSurface,
} from '../../../../main/windows/quick-ask-controller';
import {
  MAX_CONTEXT_CHARS,
  readQuickAskContext,
  type ShownContext,
} from '../../../../main/windows/quick-ask-context';

function setup(options: { chatFocused?: boolean; platform?: string; context?: ShownContext } = {}) {
  const calls: string[] = [];
  const window = { visible: false, focused: false };
  const surface: QuickAskSurface = {
    isVisible: () => window.visible,
    isFocused: () => window.focused,
    setBounds: (bounds) => calls.push(`bounds ${bounds.x},${bounds.y}`),
    show: () => {
      window.visible = true;
      calls.push('show');
    },
    focus: () => {
      window.focused = true;
      calls.push('focus');
    },
    hide: () => {
      window.visible = false;
      window.focused = false;
      calls.push('hide');
    },
    sendShown: (context) => calls.push(`shown ${context ? context.text : 'no context'}`),
  };
  const desktop: QuickAskDesktop = {
    pointer: () => ({ x: 100, y: 100 }),
    displays: () => [
      {
        bounds: { x: 0, y: 0, width: 1000, height: 800 },
        workArea: { x: 0, y: 0, width: 1000, height: 800 },
      },
    ],
    chatWindowFocused: () => options.chatFocused ?? false,
    focusChatWindow: () => calls.push('focus chat window'),
    hideApp: () => calls.push('hide app'),
    readContext: async () => options.context ?? null,
  };
  const controller = createQuickAskController({
    surface: () => surface,
    desktop,
    platform: options.platform ?? 'linux',
    size: { width: 600, height: 400 },
  });
  return { controller, calls, window };
}

describe('quick-ask controller', () => {
  it('shows centred, tells the page first, then shows and focuses', async () => {
    const { controller, calls } = setup({ context: { text: 'selected', source: 'selection' } });
    expect(await controller.open('hotkey')).toBe('show');
    expect(calls).toEqual(['bounds 200,200', 'shown selected', 'show', 'focus']);
  });

  it('the hotkey pressed again hides it; on macOS the app the user came from gets the focus back', async () => {
    const { controller, calls } = setup({ platform: 'darwin' });
    await controller.open('hotkey');
    expect(await controller.open('hotkey')).toBe('hide');
    expect(calls.slice(-2)).toEqual(['hide', 'hide app']);
  });

  it('Esc returns to the chat window when quick ask was opened from it', async () => {
    const { controller, calls } = setup({ chatFocused: true });
    await controller.open('tray');
    controller.hide('dismissed');
    expect(calls.slice(-2)).toEqual(['hide', 'focus chat window']);
  });

  it('a blur hides without moving the focus, and hiding a hidden window does nothing', async () => {
    const { controller, calls } = setup({ chatFocused: true, platform: 'darwin' });
    await controller.open('hotkey');
    controller.hide('blurred');
    controller.hide('blurred');
    expect(calls.slice(-1)).toEqual(['hide']);
    expect(calls.filter((call) => call === 'hide')).toHaveLength(1);
  });
});

describe('quick-ask context', () => {
  const clipboard = (texts: { clipboard?: string; selection?: string }) => ({
    read: [] as string[],
    async readText(source: 'clipboard' | 'selection') {
      this.read.push(source);
      return texts[source] ?? '';
    },
  });

  it('reads nothing unless the user chose a context', async () => {
    const reader = clipboard({ clipboard: 'secret' });
    expect(await readQuickAskContext('none', 'linux', reader)).toBeNull();
    expect(reader.read).toEqual([]);
  });

  it('reads the primary selection on Linux, and the clipboard elsewhere', async () => {
    const texts = { clipboard: 'copied', selection: 'selected' };
    expect(await readQuickAskContext('selection', 'linux', clipboard(texts))).toEqual({
      text: 'selected',
      source: 'selection',
    });
    expect(await readQuickAskContext('selection', 'darwin', clipboard(texts))).toEqual({
      text: 'copied',
      source: 'clipboard',
    });
    expect(await readQuickAskContext('clipboard', 'linux', clipboard(texts))).toEqual({
      text: 'copied',
      source: 'clipboard',
    });
  });

  it('skips blank text and bounds long text', async () => {
    expect(
      await readQuickAskContext('clipboard', 'win32', clipboard({ clipboard: ' \n' })),
    ).toBeNull();
    const long = await readQuickAskContext(
      'clipboard',
      'win32',
      clipboard({ clipboard: 'x'.repeat(MAX_CONTEXT_CHARS + 10) }),
    );
    expect(long?.text).toHaveLength(MAX_CONTEXT_CHARS);
  });

  it('treats an unreadable clipboard as no context', async () => {
    const failing = {
      readText: async () => {
        throw new Error('no clipboard');
      },
    };
    expect(await readQuickAskContext('clipboard', 'linux', failing)).toBeNull();
  });
});
