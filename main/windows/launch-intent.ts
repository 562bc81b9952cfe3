/**
 * What a launch of `runnel` asks for: the chat window, the quick-ask window (`--quick-ask`, for
 * desktops without global hotkeys), or nothing visible (`--hidden`, used when starting at login).
 * Read from argv on first launch, and from the single-instance lock's `second-instance` event when
 * Runnel is already running. Electron-free.
 */

export type LaunchIntent = 'chat' | 'quick-ask' | 'hidden';

export const QUICK_ASK_SWITCH = '--quick-ask';
export const HIDDEN_SWITCH = '--hidden';

/**
 * Chromium may add and reorder its own switches in argv, so look for ours anywhere before a `--`
 * (after which everything is a file or a word, never a switch).
 */
export function intentFromArgv(argv: readonly string[]): LaunchIntent {
  const end = argv.indexOf('--');
  const switches = end < 0 ? argv : argv.slice(0, end);
  if (switches.includes(QUICK_ASK_SWITCH)) return 'quick-ask';
  if (switches.includes(HIDDEN_SWITCH)) return 'hidden';
  return 'chat';
}

/** What the second instance passes through `requestSingleInstanceLock(data)`: its own reading of argv. */
// A type, not an interface: requestSingleInstanceLock takes a Record.
export type SecondInstanceData = { runnelIntent: LaunchIntent };

const INTENTS: readonly LaunchIntent[] = ['chat', 'quick-ask', 'hidden'];

/**
 * The intent of a second launch. The data the second instance sent is preferred: on Windows argv
 * can arrive changed, and it is empty when another user started it. A hidden second launch (a login
 * item firing while Runnel already runs) asks for nothing.
 */
export function intentOfSecondInstance(argv: readonly string[], data: unknown): LaunchIntent {
  const sent =
    typeof data === 'object' && data !== null && 'runnelIntent' in data
      ? (data as { runnelIntent: unknown }).runnelIntent
      : undefined;
  const intent = INTENTS.find((candidate) => candidate === sent) ?? intentFromArgv(argv);
  return intent;
}
