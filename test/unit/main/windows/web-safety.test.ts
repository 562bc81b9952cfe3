import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isTrustedSender } from '../../../../main/ipc/sender-check';
import { safeExternalUrl } from '../../../../main/windows/external-links';
import { RENDERER_CSP, resolveRendererFile } from '../../../../main/windows/renderer-files';
import { restoreBounds } from '../../../../main/windows/window-state';

describe('renderer files behind app://', () => {
  const root = path.resolve('/srv/runnel/renderer');
  it('serves files inside the renderer folder', () => {
    expect(resolveRendererFile(root, 'app://runnel/')?.filePath).toBe(
      path.join(root, 'index.html'),
    );
    expect(resolveRendererFile(root, 'app://runnel/assets/a.js')).toEqual({
      filePath: path.join(root, 'assets/a.js'),
      contentType: 'text/javascript; charset=utf-8',
    });
    expect(resolveRendererFile(root, 'app://runnel/assets/sqlite3.wasm')?.contentType).toBe(
      'application/wasm',
    );
  });

  it("serves pdf.js's data files that the attachment worker fetches (CMaps, Type 1 fonts)", () => {
    expect(
      resolveRendererFile(root, 'app://runnel/assets/UniGB-UCS2-H-x1.bcmap')?.contentType,
    ).toBe('application/octet-stream');
    expect(resolveRendererFile(root, 'app://runnel/assets/FoxitSans-x1.pfb')?.contentType).toBe(
      'application/octet-stream',
    );
  });

  it.each([
    'app://runnel/../../etc/passwd',
    'app://runnel/assets/..%2f..%2f..%2fsecret.js',
    'app://runnel/..%5c..%5csecret.js',
    'app://runnel/index.html%00.js',
    'app://runnel/%E0%A4%A',
    'app://runnel/no-extension',
  ])('refuses %s', (url) => {
    expect(resolveRendererFile(root, url)).toBeNull();
  });

  it.each([
    'app://runnel/%2e%2e/%2e%2e/etc/passwd.html',
    'app://runnel/assets/../../../../etc/x.js',
    'app://runnel//etc/passwd.js',
    'app://runnel/C:/Windows/win.ini.js',
  ])('never resolves %s outside the renderer folder', (url) => {
    const file = resolveRendererFile(root, url);
    if (file) expect(file.filePath.startsWith(root + path.sep)).toBe(true);
  });

  it('has a CSP without eval, inline scripts or outside origins', () => {
    expect(RENDERER_CSP).toContain("default-src 'self'");
    expect(RENDERER_CSP).toContain("object-src 'none'");
    expect(RENDERER_CSP).toContain("base-uri 'none'");
    expect(RENDERER_CSP).not.toMatch(/'unsafe-eval'|https?:|\*/);
    expect(RENDERER_CSP).toMatch(/script-src 'self' 'wasm-unsafe-eval'(;|$)/);
  });

  it('lets images come from the app, and from data: and blob: URLs the app makes, only', () => {
    expect(RENDERER_CSP).toMatch(/img-src 'self' data: blob:(;|$)/);
  });
});

describe('external links', () => {
  it.each([
    ['https://example.com/a?b=1#c', 'https://example.com/a?b=1#c'],
    ['HTTP://Example.com', 'http://example.com/'],
  ])('opens %s', (raw, expected) => {
    expect(safeExternalUrl(raw)).toBe(expected);
  });

  it.each([
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    ' javascript:alert(1)',
    'java\tscript:alert(1)',
    'java\nscript:alert(1)',
    '\u0001javascript:alert(1)',
    'javascript&colon;alert(1)',
    '&#106;avascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox(1)',
    'file:///etc/passwd',
    'app://runnel/index.html',
    '//evil.example',
    'https://user:pass@evil.example',
    'http://exa mple.com',
  ])('refuses %j', (raw) => {
    expect(safeExternalUrl(raw)).toBeNull();
  });
});

describe('IPC sender check', () => {
  const ours = new Set([7]);
  it('accepts our window main frame on app://runnel', () => {
    expect(
      isTrustedSender(
        { windowId: 7, frameUrl: 'app://runnel/index.html', isMainFrame: true },
        ours,
      ),
    ).toBe(true);
  });
  it.each([
    { windowId: 8, frameUrl: 'app://runnel/index.html', isMainFrame: true },
    { windowId: 7, frameUrl: 'app://runnel/index.html', isMainFrame: false },
    { windowId: 7, frameUrl: 'https://evil.example/', isMainFrame: true },
    { windowId: 7, frameUrl: 'app://runnel.evil/index.html', isMainFrame: true },
    { windowId: 7, frameUrl: 'file:///tmp/x.html', isMainFrame: true },
    { windowId: 7, frameUrl: null, isMainFrame: true },
  ])('refuses %j', (sender) => {
    expect(isTrustedSender(sender, ours)).toBe(false);
  });
});

describe('window bounds', () => {
  const screen = [{ x: 0, y: 0, width: 1920, height: 1080 }];
  it('opens at the default size the first time', () => {
    expect(restoreBounds(null, screen)).toEqual({
      bounds: { width: 1100, height: 760 },
      maximized: false,
    });
  });
  it('restores bounds that are still on a display', () => {
    const saved = { x: 100, y: 50, width: 900, height: 700, maximized: true };
    expect(restoreBounds(saved, screen)).toEqual({
      bounds: { x: 100, y: 50, width: 900, height: 700 },
      maximized: true,
    });
  });
  it('drops a position left on an unplugged monitor, keeping the size', () => {
    const saved = { x: 2500, y: 0, width: 900, height: 700, maximized: false };
    expect(restoreBounds(saved, screen).bounds).toEqual({ width: 900, height: 700 });
  });
});
