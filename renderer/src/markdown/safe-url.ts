/**
 * Links and images in model output are untrusted. Only absolute http(s) URLs survive, judged after the
 * WHATWG parser has normalised them, so case tricks, entities (already decoded by the Markdown parser),
 * percent-encoding and control characters cannot smuggle `javascript:`, `data:`, `vbscript:` or `file:`
 * through. The value returned is the parser's serialisation: what we checked is exactly what gets opened.
 */

// C0 controls, DEL, C1 controls, and every kind of Unicode whitespace or invisible separator. A real link
// from a model never needs them; browsers silently drop some of them (tab, newline) inside a scheme, which
// is how `java\tscript:` works, so we refuse the whole URL instead of guessing.
const forbiddenCharacters =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u0020\u007f-\u00a0\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\ufeff]/u;

/** The longest URL we will hand to the system browser; longer ones are almost surely not a real link. */
const maxUrlLength = 8192;

export function safeHttpUrl(raw: string): string | null {
  if (raw.length === 0 || raw.length > maxUrlLength || forbiddenCharacters.test(raw)) return null;
  // Without a base, relative URLs fail to parse: a relative link would resolve against app:// itself.
  if (!URL.canParse(raw)) return null;
  const url = new URL(raw);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  // `https://bank.example@evil.example/` shows one host and opens another.
  if (url.username !== '' || url.password !== '') return null;
  if (url.hostname === '') return null;
  return url.href;
}
