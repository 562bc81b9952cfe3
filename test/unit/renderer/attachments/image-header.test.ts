import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readImageHeader } from '../../../../renderer/src/attachments/image-header';

const fixture = (name: string) =>
  new Uint8Array(
    readFileSync(path.join(import.meta.dirname, '../../../fixtures/attachments', name)),
  );

describe('readImageHeader', () => {
  it('reads sizes from real files without decoding them', () => {
    expect(readImageHeader(fixture('opaque.png'), 'png')).toEqual({
      width: 640,
      height: 480,
      animated: false,
    });
    expect(readImageHeader(fixture('transparent.png'), 'png')).toEqual({
      width: 64,
      height: 48,
      animated: false,
    });
    // The stored size, before EXIF orientation turns it (the pixel count is what the guard needs).
    expect(readImageHeader(fixture('orientation-6.jpg'), 'jpeg')).toEqual({
      width: 300,
      height: 200,
      animated: false,
    });
    expect(readImageHeader(fixture('photo.webp'), 'webp')).toEqual({
      width: 640,
      height: 480,
      animated: false,
    });
  });

  it('counts GIF frames: two means animated', () => {
    expect(readImageHeader(fixture('animated.gif'), 'gif')).toEqual({
      width: 8,
      height: 8,
      animated: true,
    });
  });

  it("reads a bomb's declared size from a 467-byte file", () => {
    const bomb = fixture('bomb.png');
    expect(bomb.length).toBeLessThan(1024);
    expect(readImageHeader(bomb, 'png')).toEqual({
      width: 100_000,
      height: 100_000,
      animated: false,
    });
  });

  it('marks an APNG (acTL before IDAT) as animated', () => {
    const png = fixture('transparent.png');
    const actl = Uint8Array.from([
      0, 0, 0, 8, 0x61, 0x63, 0x54, 0x4c, 0, 0, 0, 3, 0, 0, 0, 0, 1, 2, 3, 4,
    ]);
    const apng = Uint8Array.from([...png.subarray(0, 33), ...actl, ...png.subarray(33)]);
    expect(readImageHeader(apng, 'png')?.animated).toBe(true);
  });

  it('gives null for a cut-off or damaged header', () => {
    expect(readImageHeader(fixture('opaque.png').subarray(0, 20), 'png')).toBeNull();
    expect(readImageHeader(Uint8Array.from([0xff, 0xd8, 0xff, 0xd9]), 'jpeg')).toBeNull();
    const zeroWidth = fixture('opaque.png').slice();
    zeroWidth.fill(0, 16, 20);
    expect(readImageHeader(zeroWidth, 'png')).toBeNull();
  });
});
