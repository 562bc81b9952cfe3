/** MCP tools in the tool loop: definitions, the resolver the approver uses, and what results tell the model. */
import { describe, expect, it } from 'vitest';
import type { HostTool } from '../../../../main/mcp/host-protocol';
import {
  mcpRunner,
  resultText,
  toolDefinitions,
  toolResolver,
  type CallTool,
} from '../../../../main/tools/mcp-tools';
import { everythingTinyImage } from '../../../support/mcp-everything';

const tinyPng = everythingTinyImage();

const readFile: HostTool = {
  namespacedName: 'files__read_file',
  serverId: 'files',
  serverName: 'Files',
  name: 'read_file',
  description: 'Read a file.',
  inputSchema: { type: 'object', properties: { path: { type: 'string' } } },
  annotations: { readOnlyHint: true },
};
const echo: HostTool = {
  namespacedName: 'everything__echo',
  serverId: 'everything',
  serverName: 'Everything',
  name: 'echo',
  inputSchema: { type: 'object' },
};

describe('definitions and names', () => {
  it('offers each tool under its namespaced name, with its schema', () => {
    expect(toolDefinitions([readFile, echo])).toEqual([
      {
        type: 'function',
        function: {
          name: 'files__read_file',
          description: 'Read a file.',
          parameters: readFile.inputSchema,
        },
      },
      { type: 'function', function: { name: 'everything__echo', parameters: { type: 'object' } } },
    ]);
  });

  it('resolves a call to its server and tool, read-only only when the server says so', () => {
    const resolve = toolResolver([readFile, echo]);
    expect(resolve('files__read_file')).toEqual({
      serverId: 'files',
      tool: 'read_file',
      readOnly: true,
    });
    expect(resolve('everything__echo')).toEqual({
      serverId: 'everything',
      tool: 'echo',
      readOnly: false,
    });
    expect(resolve('read_file')).toBeNull();
  });
});

describe('running a call', () => {
  const signal = new AbortController().signal;
  const calls: Array<{ name: string; args: Record<string, unknown>; timeoutMs: number }> = [];
  const callTool: CallTool = (name, args, options) => {
    calls.push({ name, args, timeoutMs: options.timeoutMs });
    return Promise.resolve({ content: [{ type: 'text', text: 'hello' }], durationMs: 3 });
  };

  it('passes the parsed arguments and the time limit', async () => {
    const run = mcpRunner(callTool, 5_000);
    const result = await run(
      { id: 'c', name: 'everything__echo', arguments: '{"m": "hi"}' },
      signal,
    );
    expect(result).toEqual({ content: 'hello', isError: false });
    expect(calls.at(-1)).toEqual({ name: 'everything__echo', args: { m: 'hi' }, timeoutMs: 5_000 });
  });

  it('returns the checked images and links of a result beside its text', async () => {
    const run = mcpRunner(
      () =>
        Promise.resolve({
          content: [
            { type: 'text', text: 'A picture.' },
            { type: 'image', data: tinyPng, mimeType: 'image/png' },
            { type: 'image', data: 'PGh0bWw+', mimeType: 'image/png' },
            { type: 'resource_link', uri: 'https://example.com/a', name: 'A' },
          ],
          durationMs: 1,
        }),
      5_000,
    );
    const result = await run({ id: 'c', name: 'everything__x', arguments: '{}' }, signal);
    expect(result.media).toEqual([
      { kind: 'image', mimeType: 'image/png', data: tinyPng },
      { kind: 'link', uri: 'https://example.com/a', name: 'A' },
    ]);
    expect(result.content).toContain('[image not shown: it says image/png but its data is not]');
  });

  it('takes no arguments as an empty object, and refuses arguments that are not an object', async () => {
    const run = mcpRunner(callTool, 5_000);
    await run({ id: 'c', name: 'everything__echo', arguments: '' }, signal);
    expect(calls.at(-1)?.args).toEqual({});
    const count = calls.length;
    expect(await run({ id: 'c', name: 'everything__echo', arguments: '[1, 2]' }, signal)).toEqual({
      content: 'The arguments for "everything__echo" must be a JSON object. The call was not run.',
      isError: true,
    });
    expect(calls).toHaveLength(count);
  });
});

describe('what a result tells the model', () => {
  it('joins text blocks, and names what it cannot pass on', () => {
    expect(
      resultText({
        content: [
          { type: 'text', text: 'Two files.' },
          { type: 'image', data: tinyPng, mimeType: 'image/png' },
          { type: 'image', data: 'PHN2Zy8+', mimeType: 'image/svg+xml' },
          { type: 'resource_link', uri: 'file:///tmp/a.txt', name: 'a.txt' },
          { type: 'resource', resource: { uri: 'file:///tmp/b.txt', text: 'B contents' } },
          { type: 'resource', resource: { uri: 'file:///tmp/c.bin', blob: 'AAAA' } },
        ],
      }),
    ).toBe(
      [
        'Two files.',
        '[image: image/png, shown to the user, not to you]',
        '[image not shown: its type “image/svg+xml” is not PNG, JPEG, GIF or WebP]',
        '[resource: a.txt file:///tmp/a.txt]',
        'B contents',
        '[resource: file:///tmp/c.bin]',
      ].join('\n\n'),
    );
  });

  it('says an image follows when the model is given images', () => {
    expect(
      resultText({ content: [{ type: 'image', data: tinyPng, mimeType: 'image/png' }] }, true),
    ).toBe('[image: image/png, given to you in the message after the tool results]');
  });

  it('falls back to the structured content when there is no text', () => {
    expect(resultText({ content: [], structuredContent: { sum: 5 } })).toBe('{"sum":5}');
  });
});
