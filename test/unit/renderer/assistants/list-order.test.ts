import { describe, expect, it } from 'vitest';
import { movedOrder } from '../../../../renderer/src/assistants/list-order';

describe('movedOrder', () => {
  it('moves one place up or down, and stays put at either end', () => {
    expect(movedOrder(['a', 'b', 'c'], 'b', -1)).toEqual(['b', 'a', 'c']);
    expect(movedOrder(['a', 'b', 'c'], 'b', 1)).toEqual(['a', 'c', 'b']);
    expect(movedOrder(['a', 'b', 'c'], 'a', -1)).toEqual(['a', 'b', 'c']);
    expect(movedOrder(['a', 'b', 'c'], 'c', 1)).toEqual(['a', 'b', 'c']);
    expect(movedOrder(['a', 'b'], 'gone', 1)).toEqual(['a', 'b']);
  });
});
