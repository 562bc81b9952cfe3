import { describe, expect, it } from 'vitest';
import {
  chatWindowCloseAction,
  quitAfterChatWindowClosed,
} from '../../../../main/windows/close-policy';
import {
  centredIn,
  displayUnder,
  focusAfterHide,
  quickAskBounds,
  quickAskCommand,
} from '../../../../main/windows/window-placement';

// A laptop on the left and a taller monitor to its right, offset vertically, with a menu bar each.
const laptop = {
  bounds: { x: 0, y: 0, width: 1440, height: 900 },
  workArea: { x: 0, y: 25, width: 1440, height: 875 },
};
const monitor = {
  bounds: { x: 1440, y: -200, width: 2560, height: 1440 },
  workArea: { x: 1440, y: -175, width: 2560, height: 1375 },
};
const displays = [laptop, monitor];
const size = { width: 680, height: 460 };

describe('quick-ask placement', () => {
  it('picks the display under the pointer', () => {
    expect(displayUnder({ x: 10, y: 10 }, displays)).toBe(laptop);
    expect(displayUnder({ x: 1440, y: -100 }, displays)).toBe(monitor);
    expect(displayUnder({ x: 3999, y: 1239 }, displays)).toBe(monitor);
  });

  it('picks the nearest display when the pointer is in a gap between them', () => {
    expect(displayUnder({ x: 100, y: 950 }, displays)).toBe(laptop);
    expect(displayUnder({ x: 4100, y: 0 }, displays)).toBe(monitor);
    expect(displayUnder({ x: 0, y: 0 }, [])).toBeNull();
  });

  it('centres the window in the work area of that display, on whole pixels', () => {
    expect(quickAskBounds({ x: 2000, y: 300 }, displays, size)).toEqual({
      x: 1440 + 940,
      y: -175 + Math.round(915 / 2),
      width: 680,
      height: 460,
    });
    expect(quickAskBounds({ x: 5, y: 5 }, displays, size)).toEqual({
      x: 380,
      y: 25 + 208,
      width: 680,
      height: 460,
    });
  });

  it('shrinks the window to a work area smaller than it', () => {
    expect(centredIn({ x: 0, y: 0, width: 600, height: 400 }, size)).toEqual({
      x: 0,
      y: 0,
      width: 600,
      height: 400,
    });
  });
});

describe('show, focus, hide', () => {
  it('the hotkey toggles: shows a hidden window, focuses a visible one, hides a focused one', () => {
    expect(quickAskCommand('hotkey', { visible: false, focused: false })).toBe('show');
    expect(quickAskCommand('hotkey', { visible: true, focused: false })).toBe('focus');
    expect(quickAskCommand('hotkey', { visible: true, focused: true })).toBe('hide');
  });

  it('the tray and --quick-ask only ever open it', () => {
    for (const trigger of ['tray', 'command-line'] as const) {
      expect(quickAskCommand(trigger, { visible: false, focused: false })).toBe('show');
      expect(quickAskCommand(trigger, { visible: true, focused: true })).toBe('focus');
    }
  });

  it('gives the focus back when dismissed: to the chat window, or on macOS to the other app', () => {
    expect(focusAfterHide('dismissed', 'chat-window', 'linux')).toBe('focus-chat-window');
    expect(focusAfterHide('dismissed', 'other-app', 'darwin')).toBe('hide-app');
    expect(focusAfterHide('dismissed', 'other-app', 'win32')).toBe('none');
    expect(focusAfterHide('blurred', 'chat-window', 'darwin')).toBe('none');
    expect(focusAfterHide('handed-over', 'other-app', 'darwin')).toBe('none');
  });
});

describe('closing the chat window', () => {
  it('keeps it in the tray only when chosen, a tray exists, and the user is not quitting', () => {
    const facts = { closeToTray: true, trayShown: true, quitting: false };
    expect(chatWindowCloseAction(facts)).toBe('hide');
    expect(chatWindowCloseAction({ ...facts, trayShown: false })).toBe('close');
    expect(chatWindowCloseAction({ ...facts, quitting: true })).toBe('close');
    expect(chatWindowCloseAction({ ...facts, closeToTray: false })).toBe('close');
  });

  it('quits after it closed, except on macOS', () => {
    expect(quitAfterChatWindowClosed('linux')).toBe(true);
    expect(quitAfterChatWindowClosed('win32')).toBe(true);
    expect(quitAfterChatWindowClosed('darwin')).toBe(false);
  });
});
