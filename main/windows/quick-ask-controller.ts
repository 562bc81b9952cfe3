/**
 * Shows, focuses and hides the quick-ask window on the hotkey, the tray and `--quick-ask`, and gives
 * the focus back when it is dismissed. Electron-free: the window and the desktop arrive as small
 * interfaces (quick-ask-window.ts adapts Electron to them), so this is tested in plain Node.
 */
import type { Rect } from './window-state';
import {
  focusAfterHide,
  quickAskBounds,
  quickAskCommand,
  type DisplayArea,
  type FocusOrigin,
  type HideReason,
  type Point,
  type QuickAskCommand,
  type QuickAskTrigger,
} from './window-placement';
import type { ShownContext } from './quick-ask-context';

export interface QuickAskSurface {
  isVisible(): boolean;
  isFocused(): boolean;
  setBounds(bounds: Rect): void;
  show(): void;
  focus(): void;
  hide(): void;
  /** Tells the page it is being shown (it focuses its input), with the context text if any. */
  sendShown(context: ShownContext): void;
}

export interface QuickAskDesktop {
  pointer(): Point;
  displays(): DisplayArea[];
  chatWindowFocused(): boolean;
  focusChatWindow(): void;
  /** macOS: hide the app, so the app the user came from is active again. */
  hideApp(): void;
  /** The context the user chose to start with (clipboard or selection), read now. */
  readContext(): Promise<ShownContext>;
}

export interface QuickAskControllerDeps {
  /** The window, created on first use and again if it was ever destroyed. */
  surface: () => QuickAskSurface;
  desktop: QuickAskDesktop;
  platform: string;
  size: { width: number; height: number };
}

export function createQuickAskController({
  surface,
  desktop,
  platform,
  size,
}: QuickAskControllerDeps) {
  let origin: FocusOrigin = 'other-app';

  const show = async (window: QuickAskSurface): Promise<void> => {
    origin = desktop.chatWindowFocused() ? 'chat-window' : 'other-app';
    const bounds = quickAskBounds(desktop.pointer(), desktop.displays(), size);
    if (bounds) window.setBounds(bounds);
    // The clipboard is read before showing (it resolves at once when no context is wanted), and the
    // page hears first, so its input is ready and focused by the time the window appears.
    window.sendShown(await desktop.readContext());
    window.show();
    window.focus();
  };

  const hide = (reason: HideReason): void => {
    const window = surface();
    if (!window.isVisible()) return;
    window.hide();
    const restore = focusAfterHide(reason, origin, platform);
    if (restore === 'focus-chat-window') desktop.focusChatWindow();
    else if (restore === 'hide-app') desktop.hideApp();
  };

  return {
    /** Resolves once the window is where the command put it. */
    async open(trigger: QuickAskTrigger): Promise<QuickAskCommand> {
      const window = surface();
      const command = quickAskCommand(trigger, {
        visible: window.isVisible(),
        focused: window.isFocused(),
      });
      if (command === 'show') await show(window);
      else if (command === 'focus') window.focus();
      else hide('dismissed');
      return command;
    },
    hide,
  };
}

export type QuickAskController = ReturnType<typeof createQuickAskController>;
