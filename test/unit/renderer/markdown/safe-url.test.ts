import { describe, expect, it } from 'vitest';
import { safeHttpUrl } from '../../../../renderer/src/markdown/safe-url';

/**
 * URL payloads from OWASP's XSS Filter Evasion Cheat Sheet (cheatsheets/XSS_Filter_Evasion_Cheat_Sheet.md
 * in OWASP/CheatSheetSeries), as the value that would reach href/src once HTML or Markdown has decoded it,
 * plus the encodings and separators the sheet describes (tab, newline, CR, NUL, chars 1-32, padding).
 */
const owaspPayloads = [
  "javascript:alert('XSS')",
  'javascript:alert(String.fromCharCode(88,83,83))',
  "JaVaScRiPt:alert('XSS')",
  "jav\tascript:alert('XSS');",
  "jav\nascript:alert('XSS');",
  "jav\rascript:alert('XSS');",
  'java\0script:alert("XSS")',
  " \u000e  javascript:alert('XSS');",
  "\u0001javascript:alert('XSS')",
  "javascript:/*--></title></style></textarea></script></xmp><svg/onload='+/\"`/+/onmouseover=1/+/[*/[]/+alert(42);//'>",
  // Character references without semicolons (Markdown leaves these undecoded), decimal padded and hex.
  '&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116&#0000040&#0000039&#0000088&#0000083&#0000083&#0000039&#0000041',
  '&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A&#x61&#x6C&#x65&#x72&#x74&#x28&#x27&#x58&#x53&#x53&#x27&#x29',
  'vbscript:msgbox("XSS")',
  'livescript:[code]',
  'data:text/html base64,PHNjcmlwdD5hbGVydCgnWFNTJyk8L3NjcmlwdD4K',
  'data:text/html;base64,PHNjcmlwdD5hbGVydCgnWFNTJyk8L3NjcmlwdD4K',
  'data:image/svg+xml;base64,PHN2ZyB4bWxuczpzdmc9Imh0dHA6Ly93d3cudzMub3JnLzIwMDAvc3ZnIj48c2NyaXB0PmFsZXJ0KDEpPC9zY3JpcHQ+PC9zdmc+',
  "http://;URL=javascript:alert('XSS');",
  '//xss.rocks/.j',
  '#',
  '/',
  'xss.htc',
  "<javascript:alert>('XSS')",
  // Percent-encoded schemes are not schemes: relative, so refused.
  '%6A%61%76%61%73%63%72%69%70%74:alert(1)',
  'javascript%3Aalert(1)',
  // Unicode separators a filter might not strip.
  "\u00a0javascript:alert('XSS')",
  "\u2028javascript:alert('XSS')",
  "\ufeffjavascript:alert('XSS')",
  "java\u200bscript:alert('XSS')",
  'file:///etc/passwd',
  'FILE://C:/Windows/win.ini',
  'ftp://example.com/x',
  'blob:https://example.com/uuid',
  'about:blank',
  'chrome://settings',
  'app://runnel/index.html',
  'mailto:someone@example.com',
  // Credentials that disguise the real host.
  'https://accounts.example.com@evil.example/login',
  'http://user:pass@example.com/',
  'http://',
  '',
];

describe('safeHttpUrl', () => {
  it.each(owaspPayloads)('refuses %j', (payload) => {
    expect(safeHttpUrl(payload)).toBeNull();
  });

  it.each([
    ['https://example.com', 'https://example.com/'],
    ['http://example.com/a?b=c#d', 'http://example.com/a?b=c#d'],
    ['HTTPS://EXAMPLE.com/Path', 'https://example.com/Path'],
    ['https://例え.jp/', 'https://xn--r8jz45g.jp/'],
    ['https://example.com/a b', null],
    // WHATWG reads a special scheme without slashes as a host; it still opens only that web host.
    ['https:example.com', 'https://example.com/'],
    ['https://example.com/%20b', 'https://example.com/%20b'],
    ['http://66.102.7.147/', 'http://66.102.7.147/'],
    // OWASP's IP obfuscations are just other spellings of an http host; they open as that host.
    ['http://1113982867/', 'http://66.102.7.147/'],
    ['http://0x42.0x0000066.0x7.0x93/', 'http://66.102.7.147/'],
  ])('accepts %j as %j', (raw, expected) => {
    expect(safeHttpUrl(raw)).toBe(expected);
  });

  it('refuses URLs too long to be a real link', () => {
    expect(safeHttpUrl(`https://example.com/${'a'.repeat(9000)}`)).toBeNull();
  });
});
