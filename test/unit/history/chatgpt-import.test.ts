import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseChatGptExport } from '../../../renderer/src/history/chatgpt-import';

const sample = readFileSync(
  new URL('../../fixtures/chatgpt/conversations.json', import.meta.url),
  'utf8',
);

describe('parseChatGptExport', () => {
  const bundles = parseChatGptExport(sample);

  it('keeps the branch that ends at current_node, without hidden system or tool nodes', () => {
    expect(bundles.map((b) => b.conversation.title)).toEqual([
      'Trip to Kyoto in spring',
      'Plot a sine wave',
      '用中文解释递归',
    ]);
    const [kyoto, plot, chinese] = bundles;
    expect(kyoto?.messages.map((m) => [m.role, m.content.slice(0, 24)])).toEqual([
      ['user', 'Plan three days in Kyoto'],
      ['assistant', 'Day 1: Fushimi Inari at '],
      ['user', '[image]\nIs this temple o'],
      ['assistant', 'Yes: that is Fushimi Ina'],
    ]);
    expect(kyoto?.messages[3]?.reasoning).toContain('vermilion gates');
    expect(kyoto?.conversation.model).toBe('o3');
    expect(plot?.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'assistant']);
    expect(plot?.messages[0]?.content).toContain('matplotlib');
    expect(plot?.messages[1]?.content).toMatch(/^```\nimport numpy as np/);
    expect(chinese?.messages.map((m) => m.role)).toEqual(['user', 'assistant']);
  });

  it('gives stable ids, times in ms that never go back, and a tag', () => {
    const [kyoto] = bundles;
    expect(kyoto?.conversation.id).toBe('chatgpt-6632a1b0-7c1e-8005-a4a1-1f2e3d4c5b6a');
    expect(kyoto?.conversation.tags).toEqual(['chatgpt']);
    const times = kyoto?.messages.map((m) => m.createdAt) ?? [];
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(times[0]).toBe(1714557601123);
    expect(parseChatGptExport(sample)).toEqual(bundles);
  });

  it('names what is wrong in a bad file', () => {
    expect(() => parseChatGptExport(sample.slice(0, 500))).toThrow(
      /not valid JSON.*Nothing was imported/,
    );
    expect(() => parseChatGptExport('{"mapping": {}}')).toThrow(/should be a list/);
    const data = JSON.parse(sample) as Array<Record<string, unknown>>;
    const broken = structuredClone(data);
    (broken[1] as { current_node: string }).current_node = 'missing-node';
    expect(() => parseChatGptExport(JSON.stringify(broken))).toThrow(
      /item 1 \("Plot a sine wave"\): current_node "missing-node" is not in its mapping/,
    );
    const noMapping = structuredClone(data);
    delete noMapping[2]?.mapping;
    expect(() => parseChatGptExport(JSON.stringify(noMapping))).toThrow(/item 2 .*mapping/);
  });
});
