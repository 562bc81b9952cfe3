/**
 * Images and links of a tool result, as untrusted input: only PNG, JPEG, GIF and WebP whose bytes are
 * what they claim, base64 and bounded in size; links bounded and free of control characters; at most
 * MAX_TOOL_MEDIA kept. The real image is server-everything's own (its get-tiny-image tool).
 */
import { describe, expect, it } from 'vitest';
import {
  imageOf,
  linkOf,
  MAX_TOOL_IMAGE_BYTES,
  MAX_TOOL_MEDIA,
  mediaOf,
} from '../../../../main/tools/tool-media';
import { everythingTinyImage } from '../../../support/mcp-everything';

const MCP_TINY_IMAGE = everythingTinyImage();

const png = (data = MCP_TINY_IMAGE) => ({ type: 'image', mimeType: 'image/png', data });
const b64 = (bytes: number[]) => Buffer.from(bytes).toString('base64');

describe('an image of a result', () => {
  it('keeps a real PNG as it came', () => {
    expect(imageOf(png())).toEqual({ kind: 'image', mimeType: 'image/png', data: MCP_TINY_IMAGE });
  });

  it('keeps JPEG, GIF and WebP whose first bytes are that format; the declared type is read case-blind', () => {
    const jpeg = b64([0xff, 0xd8, 0xff, 0xe0, 0, 0]);
    const gif = b64([...Buffer.from('GIF89a'), 0, 0, 0, 0, 0, 0]);
    const webp = b64([...Buffer.from('RIFF'), 0, 0, 0, 0, ...Buffer.from('WEBPVP8 ')]);
    expect(imageOf({ type: 'image', mimeType: 'IMAGE/JPEG', data: jpeg })).toMatchObject({
      mimeType: 'image/jpeg',
    });
    expect(imageOf({ type: 'image', mimeType: 'image/gif', data: gif })).toMatchObject({
      mimeType: 'image/gif',
    });
    expect(imageOf({ type: 'image', mimeType: 'image/webp', data: webp })).toMatchObject({
      mimeType: 'image/webp',
    });
  });

  it('refuses SVG and other types in words, whatever the data', () => {
    const svg = Buffer.from('<svg onload="alert(1)"/>').toString('base64');
    expect(imageOf({ type: 'image', mimeType: 'image/svg+xml', data: svg })).toBe(
      '[image not shown: its type “image/svg+xml” is not PNG, JPEG, GIF or WebP]',
    );
    expect(imageOf({ type: 'image', data: svg })).toMatch(/its type “none”/);
    expect(imageOf({ type: 'image', mimeType: 'text/html', data: svg })).toMatch(/text\/html/);
  });

  it('refuses data that is not base64, and a declared type the bytes are not', () => {
    expect(imageOf(png('not base64!'))).toBe('[image not shown: its data is not base64]');
    expect(imageOf(png(''))).toBe('[image not shown: its data is not base64]');
    const html = Buffer.from('<html><script>alert(1)</script></html>').toString('base64');
    expect(imageOf(png(html))).toBe('[image not shown: it says image/png but its data is not]');
  });

  it('refuses an image over the size cap, naming both sizes', () => {
    const big = Buffer.alloc(MAX_TOOL_IMAGE_BYTES + 3);
    Buffer.from(MCP_TINY_IMAGE, 'base64').copy(big);
    expect(imageOf(png(big.toString('base64')))).toBe(
      `[image not shown: ${Math.ceil((MAX_TOOL_IMAGE_BYTES + 3) / 1024)} KB, more than the 1024 KB Runnel shows]`,
    );
  });
});

describe('a link of a result', () => {
  it('takes a resource link by its name, and an embedded resource by its address', () => {
    expect(linkOf({ type: 'resource_link', uri: 'https://example.com/a', name: 'Page A' })).toEqual(
      {
        kind: 'link',
        uri: 'https://example.com/a',
        name: 'Page A',
      },
    );
    expect(
      linkOf({ type: 'resource', resource: { uri: 'file:///tmp/b.txt', text: 'B contents' } }),
    ).toEqual({ kind: 'link', uri: 'file:///tmp/b.txt', name: 'file:///tmp/b.txt' });
  });

  it('refuses an address with control characters, too long, or none', () => {
    expect(
      linkOf({ type: 'resource_link', uri: 'https://a.example/\u202Egpj.exe', name: 'x' }),
    ).toBe('[resource not shown: its address holds control characters]');
    expect(linkOf({ type: 'resource_link', uri: `https://a.example/${'x'.repeat(2100)}` })).toMatch(
      /longer than 2048/,
    );
    expect(linkOf({ type: 'resource_link', name: 'nowhere' })).toBe(
      '[resource without an address]',
    );
  });

  it('cuts a long name and folds its whitespace', () => {
    const link = linkOf({
      type: 'resource_link',
      uri: 'https://a.example',
      name: `a\n\nb${'c'.repeat(400)}`,
    });
    expect(typeof link === 'object' && link.name.startsWith('a b')).toBe(true);
    expect(typeof link === 'object' && link.name.length).toBe(301);
  });
});

describe('the media of a whole result', () => {
  it('keeps images and links in order, leaves text out, and names what it refused', () => {
    const { media, refused } = mediaOf([
      { type: 'text', text: 'Here.' },
      png(),
      { type: 'resource_link', uri: 'https://example.com', name: 'Example' },
      { type: 'image', mimeType: 'image/svg+xml', data: 'PHN2Zy8+' },
    ]);
    expect(media.map((one) => one.kind)).toEqual(['image', 'link']);
    expect(refused).toEqual([
      '[image not shown: its type “image/svg+xml” is not PNG, JPEG, GIF or WebP]',
    ]);
  });

  it(`keeps at most ${MAX_TOOL_MEDIA}, and says how many more there were`, () => {
    const { media, refused } = mediaOf(Array.from({ length: MAX_TOOL_MEDIA + 3 }, () => png()));
    expect(media).toHaveLength(MAX_TOOL_MEDIA);
    expect(refused).toEqual([
      `[3 more images or links not shown: at most ${MAX_TOOL_MEDIA} a result]`,
    ]);
  });
});
