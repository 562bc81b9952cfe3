import { describe, expect, it } from 'vitest';
import { createConversationHandoff } from '../../../../main/windows/conversation-handoff';
import { intentFromArgv, intentOfSecondInstance } from '../../../../main/windows/launch-intent';
import {
  autostartEntry,
  autostartPath,
  quoteExecArgument,
} from '../../../../main/settings/login-item';

describe('command-line intent', () => {
  it.each([
    [['/opt/Runnel/runnel'], 'chat'],
    [['/opt/Runnel/runnel', '--quick-ask'], 'quick-ask'],
    [['/usr/bin/electron', '/home/me/runnel', '--enable-logging', '--quick-ask'], 'quick-ask'],
    [['/opt/Runnel/runnel', '--hidden'], 'hidden'],
    [['/opt/Runnel/runnel', '--quick-ask', '--hidden'], 'quick-ask'],
    [['/opt/Runnel/runnel', '--', '--quick-ask'], 'chat'],
    [['/opt/Runnel/runnel', '--quick-ask=yes'], 'chat'],
  ])('%j → %s', (argv, intent) => {
    expect(intentFromArgv(argv)).toBe(intent);
  });

  it('a second launch is read from the data it sent, else from its argv', () => {
    expect(intentOfSecondInstance([], { runnelIntent: 'quick-ask' })).toBe('quick-ask');
    expect(intentOfSecondInstance(['runnel'], { runnelIntent: 'hidden' })).toBe('hidden');
    expect(intentOfSecondInstance(['runnel', '--quick-ask'], {})).toBe('quick-ask');
    expect(intentOfSecondInstance(['runnel'], { runnelIntent: 'rm -rf' })).toBe('chat');
    expect(intentOfSecondInstance(['runnel', '--quick-ask'], null)).toBe('quick-ask');
  });
});

describe('conversation hand-over to the chat window', () => {
  const setup = () => {
    const sent: Array<[number, string]> = [];
    const alive = new Set([7]);
    const handoff = createConversationHandoff({
      send: (windowId, conversationId) => {
        if (!alive.has(windowId)) return false;
        sent.push([windowId, conversationId]);
        return true;
      },
    });
    return { handoff, sent, alive };
  };

  it('waits for a chat window that does not listen yet (just created), then hands it over once', () => {
    const { handoff, sent } = setup();
    handoff.request('c1', 7);
    expect(sent).toEqual([]);
    expect(handoff.take(7)).toBe('c1');
    expect(handoff.take(7)).toBeNull();
  });

  it('pushes at once to a chat window that listens', () => {
    const { handoff, sent } = setup();
    handoff.take(7);
    handoff.request('c2', 7);
    expect(sent).toEqual([[7, 'c2']]);
    expect(handoff.take(7)).toBeNull();
  });

  it('keeps the request when the window reloads or is gone, for the next window that listens', () => {
    const { handoff, sent, alive } = setup();
    handoff.take(7);
    handoff.forget(7);
    handoff.request('c3', 7);
    expect(sent).toEqual([]);
    alive.delete(7);
    handoff.take(8);
    handoff.request('c4', 7);
    expect(handoff.take(9)).toBe('c4');
  });
});

describe('start at login on Linux', () => {
  it('writes an XDG autostart entry that starts Runnel in the tray', () => {
    expect(autostartPath({}, '/home/me')).toBe('/home/me/.config/autostart/runnel.desktop');
    expect(autostartPath({ XDG_CONFIG_HOME: '/cfg' }, '/home/me')).toBe(
      '/cfg/autostart/runnel.desktop',
    );
    expect(autostartPath({ XDG_CONFIG_HOME: 'relative' }, '/home/me')).toBe(
      '/home/me/.config/autostart/runnel.desktop',
    );
    const entry = autostartEntry({ executable: '/opt/My Apps/Runnel.AppImage', args: [] });
    expect(entry).toContain('Exec="/opt/My Apps/Runnel.AppImage" --hidden\n');
    expect(entry).toMatch(/^\[Desktop Entry\]\nType=Application\n/);
  });

  it('quotes Exec arguments as the Desktop Entry spec asks', () => {
    expect(quoteExecArgument('/usr/bin/runnel')).toBe('/usr/bin/runnel');
    expect(quoteExecArgument('/a b/$HOME/"x"`y`\\z%')).toBe('"/a b/\\$HOME/\\"x\\"\\`y\\`\\\\z%%"');
  });
});
