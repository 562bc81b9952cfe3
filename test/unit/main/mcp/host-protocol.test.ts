import { describe, expect, it } from 'vitest';
import {
  boundedReply,
  fromHostMessageSchema,
  hostMethods,
  toHostMessageSchema,
} from '../../../../main/mcp/host-protocol';

describe('the messages between main and the MCP host', () => {
  it('turns a reply too large to cross into a result-too-large error, in words', () => {
    expect(boundedReply(7, { text: 'small' })).toEqual({
      kind: 'reply',
      id: 7,
      ok: true,
      value: { text: 'small' },
    });
    expect(boundedReply(7, { text: 'x'.repeat(3 * 1024 * 1024) })).toEqual({
      kind: 'reply',
      id: 7,
      ok: false,
      error: {
        code: 'result-too-large',
        message: 'The answer was 3.0 MB, more than the 2.0 MB Runnel takes in one message.',
      },
    });
  });

  it('refuses messages of a shape it does not know, on both sides', () => {
    expect(
      toHostMessageSchema.safeParse({ kind: 'request', id: 1, method: 'runShell', params: {} })
        .success,
    ).toBe(false);
    expect(toHostMessageSchema.safeParse({ kind: 'cancel', id: 'x' }).success).toBe(false);
    expect(
      fromHostMessageSchema.safeParse({
        kind: 'reply',
        id: 1,
        ok: false,
        error: { code: 'pwned', message: '' },
      }).success,
    ).toBe(false);
    expect(
      fromHostMessageSchema.safeParse({
        kind: 'event',
        event: { type: 'serverStatusChanged', serverId: 's', status: { state: 'connected' } },
      }).success,
    ).toBe(false);
    expect(
      fromHostMessageSchema.safeParse({ kind: 'reply', id: 1, ok: true, value: null }).success,
    ).toBe(true);
  });

  it('checks tool names and results as the API and the UI need them', () => {
    const tool = {
      namespacedName: 'fs__read',
      serverId: 'fs',
      serverName: 'Files',
      name: 'read',
      inputSchema: { type: 'object' },
    };
    expect(hostMethods.listTools.result.safeParse({ tools: [tool] }).success).toBe(true);
    expect(
      hostMethods.listTools.result.safeParse({ tools: [{ ...tool, namespacedName: 'fs.read' }] })
        .success,
    ).toBe(false);
    expect(
      hostMethods.callTool.result.safeParse({
        content: [{ type: 'text', text: 'hi' }],
        durationMs: 3,
      }).success,
    ).toBe(true);
    expect(
      hostMethods.callTool.result.safeParse({ content: [{ text: 'no type' }], durationMs: 3 })
        .success,
    ).toBe(false);
  });
});
