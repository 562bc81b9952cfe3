import { describe, expect, it } from 'vitest';
import { formatByteSize } from '../../../../renderer/src/attachments/byte-size';

describe('formatByteSize', () => {
  it('reads as people write sizes', () => {
    expect(formatByteSize(1)).toBe('1 byte');
    expect(formatByteSize(812)).toBe('812 bytes');
    expect(formatByteSize(3482)).toBe('3.4 KB');
    expect(formatByteSize(512 * 1024)).toBe('512 KB');
    expect(formatByteSize(3.25 * 1024 * 1024)).toBe('3.3 MB');
    expect(formatByteSize(50 * 1024 * 1024)).toBe('50 MB');
    expect(formatByteSize(2 * 1024 ** 3)).toBe('2 GB');
  });
});
