import { describe, expect, it } from 'vitest';
import { MAX_TOOL_NAME, namespacedToolName, namespaceTools } from '../../../../main/mcp/tool-names';

const API_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

describe('namespaced tool names', () => {
  it('keeps a plain name readable: server id, two underscores, tool', () => {
    expect(namespacedToolName('github', 'create_issue')).toBe('github__create_issue');
  });

  it('keeps two servers’ tools of the same name apart', () => {
    const { tools, origins } = namespaceTools([
      { serverId: 'github', tools: [{ name: 'search' }] },
      { serverId: 'gitlab', tools: [{ name: 'search' }] },
    ]);
    expect(tools.map((tool) => tool.namespacedName)).toEqual(['github__search', 'gitlab__search']);
    expect(origins.get('gitlab__search')).toEqual({ serverId: 'gitlab', toolName: 'search' });
  });

  it('fits long, non-ASCII and punctuated names within the API’s limit, distinct and the same every time', () => {
    const names = [
      'a'.repeat(80),
      'a'.repeat(81),
      '天気を調べる',
      '天気を調べない',
      'read.file v2',
      'read file v2',
      '',
    ];
    const serverId = 'a-server-with-a-very-long-identifier-indeed';
    const { tools, origins } = namespaceTools([
      { serverId, tools: names.map((name) => ({ name })) },
    ]);
    const made = tools.map((tool) => tool.namespacedName);
    for (const name of made) {
      expect(name).toMatch(API_NAME);
      expect(name.length).toBeLessThanOrEqual(MAX_TOOL_NAME);
    }
    expect(new Set(made).size).toBe(names.length);
    // Reversible through the map, not by parsing the name.
    expect(made.map((name) => origins.get(name)?.toolName)).toEqual(names);
    expect(
      namespaceTools([{ serverId, tools: names.map((name) => ({ name })) }]).tools.map(
        (tool) => tool.namespacedName,
      ),
    ).toEqual(made);
    expect(made[4]).toMatch(/^a-server-with-a-very__read_file_v2_[0-9a-f]{8}$/);
  });

  it('tells apart two long server ids that share their first characters', () => {
    const { tools } = namespaceTools([
      { serverId: 'company-internal-tools-alpha', tools: [{ name: 'run' }] },
      { serverId: 'company-internal-tools-beta', tools: [{ name: 'run' }] },
    ]);
    const [first, second] = tools.map((tool) => tool.namespacedName);
    expect(first).toBe('company-internal-too__run');
    expect(second).not.toBe(first);
    expect(second).toMatch(API_NAME);
  });

  it('keeps the first of a tool a server lists twice', () => {
    const { tools } = namespaceTools([
      {
        serverId: 's',
        tools: [
          { name: 'x', n: 1 },
          { name: 'x', n: 2 },
        ],
      },
    ]);
    expect(tools.map((tool) => tool.n)).toEqual([1]);
  });
});
