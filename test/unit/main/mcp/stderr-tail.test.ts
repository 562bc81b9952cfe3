import { describe, expect, it } from 'vitest';
import { createStderrTail } from '../../../../main/mcp/stderr-tail';

describe('the tail of a server’s stderr', () => {
  it('keeps everything while it is short', () => {
    const tail = createStderrTail(100);
    tail.push('Error: Cannot find module\n');
    tail.push('  at line 1\n');
    expect(tail.text()).toBe('Error: Cannot find module\n  at line 1\n');
  });

  it('keeps only the last characters of a flood, from a line start, however much was written', () => {
    const tail = createStderrTail(64);
    for (let i = 0; i < 100_000; i += 1) tail.push(`line ${i}\n`);
    tail.push('the last words\n');
    expect(tail.total).toBeGreaterThan(1_000_000);
    expect(tail.text().length).toBeLessThanOrEqual(64);
    expect(tail.text().endsWith('line 99999\nthe last words\n')).toBe(true);
    expect(tail.text().startsWith('line ')).toBe(true);
  });

  it('keeps the end of one chunk larger than the bound', () => {
    const tail = createStderrTail(10);
    tail.push('x'.repeat(1000) + 'END');
    expect(tail.text()).toBe('xxxxxxxEND');
  });
});
