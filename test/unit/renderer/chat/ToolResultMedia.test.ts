/** The window's own checks on a result's media: data URLs only for picture types, links only http(s). */
import { describe, expect, it } from 'vitest';
import type { ToolMediaView } from '../../../../preload/contract';
import { imageDataUrl, isOpenableLink } from '../../../../renderer/src/chat/ToolResultMedia';

describe('a result’s media in the window', () => {
  it('builds a data URL only for PNG, JPEG, GIF and WebP with base64 data', () => {
    expect(imageDataUrl({ kind: 'image', mimeType: 'image/png', data: 'iVBORw0KGgo=' })).toBe(
      'data:image/png;base64,iVBORw0KGgo=',
    );
    // Whatever reached the window (a damaged history row), nothing else becomes a data URL.
    const svg = { kind: 'image', mimeType: 'image/svg+xml', data: 'PHN2Zy8+' } as unknown;
    expect(imageDataUrl(svg as ToolMediaView)).toBeNull();
    const html = { kind: 'image', mimeType: 'text/html', data: 'PGI+' } as unknown;
    expect(imageDataUrl(html as ToolMediaView)).toBeNull();
    expect(imageDataUrl({ kind: 'image', mimeType: 'image/png', data: 'a,b;<x>' })).toBeNull();
    expect(imageDataUrl({ kind: 'link', uri: 'https://a.example', name: 'a' })).toBeNull();
  });

  it('opens only http and https links', () => {
    expect(isOpenableLink('https://example.com/report')).toBe(true);
    expect(isOpenableLink('http://127.0.0.1:3000/x')).toBe(true);
    for (const uri of [
      'javascript:alert(1)',
      'JavaScript:alert(1)',
      'file:///etc/passwd',
      'data:text/html,<script>alert(1)</script>',
      'demo://resource/1',
      'not a url',
    ]) {
      expect(isOpenableLink(uri)).toBe(false);
    }
  });
});
