/** What Settings → Tools says about the MCP host process: only when it stopped, and in words. */
import { describe, expect, it } from 'vitest';
import { hostNoticeWords } from '../../../../renderer/src/settings/McpHostNotice';

describe('the MCP host notice', () => {
  it('says nothing while the host simply runs, starts or is off', () => {
    expect(hostNoticeWords(undefined)).toBeNull();
    expect(hostNoticeWords({ state: 'running' })).toBeNull();
    expect(hostNoticeWords({ state: 'starting' })).toBeNull();
    expect(hostNoticeWords({ state: 'stopped' })).toBeNull();
  });

  it('says the host stopped and is being restarted, and what became of a running call', () => {
    expect(
      hostNoticeWords({
        state: 'restarting',
        attempt: 2,
        delayMs: 1000,
        reason: 'The MCP host stopped (signal SIGKILL).',
      }),
    ).toBe(
      'The MCP host stopped (signal SIGKILL). Runnel is restarting it with its servers (try 2); a tool call that was running has failed and can be asked again.',
    );
  });

  it('says tools are off after too many stops, and what to do', () => {
    expect(
      hostNoticeWords({ state: 'failed', reason: 'The MCP host stopped 6 times in a row.' }),
    ).toMatch(/^The MCP host stopped 6 times in a row\. Restart Runnel to use tools again/);
  });

  it('still says so once the host runs again after a restart', () => {
    expect(
      hostNoticeWords({
        state: 'running',
        restarted: {
          reason: 'The MCP host stopped (exit code 1).',
          at: Date.UTC(2026, 0, 1, 9, 5),
        },
      }),
    ).toMatch(
      /^The MCP host stopped \(exit code 1\)\. Runnel restarted it at .+, with its servers\.$/,
    );
  });
});
