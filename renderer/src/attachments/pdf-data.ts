/**
 * The binary data pdf.js asks for while it reads: CMaps (the text of Chinese, Japanese and Korean PDFs
 * that use predefined encodings comes out empty without them), the wasm decoders of JBIG2 and JPEG 2000
 * images (what most scanned PDFs are made of), and the standard fonts (to draw pages whose fonts are
 * not embedded). All of it ships with the app: Vite turns each `new URL(…, import.meta.url)` below into
 * the matching files of that folder. Files under Vite's inline limit become data: URLs, which are
 * decoded here rather than fetched: the CSP's connect-src allows 'self' only.
 */

type DataKind = 'cMapUrl' | 'standardFontDataUrl' | 'wasmUrl';

const stem = (filename: string, extension: string): string | null =>
  filename.endsWith(extension) ? filename.slice(0, -extension.length) : null;

function bundledUrl(kind: DataKind, filename: string): URL | null {
  const bcmap = stem(filename, '.bcmap');
  const pfb = stem(filename, '.pfb');
  const ttf = stem(filename, '.ttf');
  if (kind === 'cMapUrl' && bcmap) {
    return new URL(`../../../node_modules/pdfjs-dist/cmaps/${bcmap}.bcmap`, import.meta.url);
  }
  if (kind === 'standardFontDataUrl' && pfb) {
    return new URL(`../../../node_modules/pdfjs-dist/standard_fonts/${pfb}.pfb`, import.meta.url);
  }
  if (kind === 'standardFontDataUrl' && ttf) {
    return new URL(`../../../node_modules/pdfjs-dist/standard_fonts/${ttf}.ttf`, import.meta.url);
  }
  // Only the two image decoders: pdf.js's ICC (qcms) and scripting (QuickJS) wasm stay out of the app.
  if (kind === 'wasmUrl' && filename === 'jbig2.wasm') {
    return new URL('../../../node_modules/pdfjs-dist/wasm/jbig2.wasm', import.meta.url);
  }
  if (kind === 'wasmUrl' && filename === 'openjpeg.wasm') {
    return new URL('../../../node_modules/pdfjs-dist/wasm/openjpeg.wasm', import.meta.url);
  }
  return null;
}

/** A data: URL's bytes (Vite inlines small assets so). */
export function decodeDataUrl(url: URL): Uint8Array {
  const comma = url.href.indexOf(',');
  const header = url.href.slice(0, comma);
  const body = decodeURIComponent(url.href.slice(comma + 1));
  const binary = header.endsWith(';base64') ? atob(body) : body;
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}

/** pdf.js's BinaryDataFactory, over the bundled files. */
export class BundledPdfData {
  async fetch({ kind, filename }: { kind: DataKind; filename: string }): Promise<Uint8Array> {
    // pdf.js names the files itself; a name with a path in it is not one of them.
    const url = /^[\w.-]+$/.test(filename) ? bundledUrl(kind, filename) : null;
    if (!url) throw new Error(`pdf.js data ${filename} is not bundled`);
    if (url.protocol === 'data:') return decodeDataUrl(url);
    const response = await fetch(url);
    if (!response.ok) throw new Error(`pdf.js data ${filename} is missing (${response.status})`);
    return new Uint8Array(await response.arrayBuffer());
  }
}
