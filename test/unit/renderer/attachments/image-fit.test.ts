import { describe, expect, it } from 'vitest';
import { fitWithin } from '../../../../renderer/src/attachments/image-fit';

describe('fitWithin (long side 2048, short side 768)', () => {
  it('scales a 12-megapixel photo so its short side is 768', () => {
    expect(fitWithin({ width: 4000, height: 3000 }, 2048, 768)).toEqual({
      width: 1024,
      height: 768,
    });
    expect(fitWithin({ width: 3000, height: 4000 }, 2048, 768)).toEqual({
      width: 768,
      height: 1024,
    });
  });

  it('lets the long side decide for a panorama', () => {
    expect(fitWithin({ width: 10000, height: 1000 }, 2048, 768)).toEqual({
      width: 2048,
      height: 204,
    });
  });

  it('never scales up, and never goes over either limit', () => {
    expect(fitWithin({ width: 300, height: 200 }, 2048, 768)).toEqual({ width: 300, height: 200 });
    for (const [w, h] of [
      [4033, 3025],
      [1999, 7777],
      [769, 769],
      [2049, 1],
    ] as const) {
      const fit = fitWithin({ width: w, height: h }, 2048, 768);
      expect(Math.max(fit.width, fit.height)).toBeLessThanOrEqual(2048);
      expect(Math.min(fit.width, fit.height)).toBeLessThanOrEqual(768);
      expect(Math.min(fit.width, fit.height)).toBeGreaterThan(0);
    }
  });
});
