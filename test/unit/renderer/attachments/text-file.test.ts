import { describe, expect, it } from 'vitest';
import {
  displayName,
  fenceFor,
  readTextFile,
} from '../../../../renderer/src/attachments/text-file';

const limits = { maxTextBytes: 512 * 1024 };
const utf8 = (text: string) => new TextEncoder().encode(text);
function utf16(text: string, endian: 'le' | 'be'): Uint8Array {
  const out = new Uint8Array(2 + text.length * 2);
  out.set(endian === 'le' ? [0xff, 0xfe] : [0xfe, 0xff]);
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    const [hi, lo] = [code >> 8, code & 0xff];
    out.set(endian === 'le' ? [lo, hi] : [hi, lo], 2 + i * 2);
  }
  return out;
}

describe('readTextFile', () => {
  it('inlines a code file as a fence of its language, headed by its name', () => {
    const result = readTextFile('src/main.py', utf8('print("hi")\n'), limits);
    expect(result).toMatchObject({ kind: 'text', language: 'python', encoding: 'utf-8', size: 12 });
    expect(result.kind === 'text' && result.text).toBe('src/main.py\n```python\nprint("hi")\n```');
  });

  it('reads UTF-16 LE and BE with their byte-order marks, and strips a UTF-8 BOM', () => {
    const le = readTextFile('notes.txt', utf16('Grüße, 世界', 'le'), limits);
    const be = readTextFile('notes.txt', utf16('Grüße, 世界', 'be'), limits);
    const bom = readTextFile(
      'notes.txt',
      Uint8Array.from([0xef, 0xbb, 0xbf, ...utf8('Grüße')]),
      limits,
    );
    expect(le).toMatchObject({ kind: 'text', content: 'Grüße, 世界', encoding: 'utf-16le' });
    expect(be).toMatchObject({ kind: 'text', content: 'Grüße, 世界', encoding: 'utf-16be' });
    expect(bom).toMatchObject({ kind: 'text', content: 'Grüße', encoding: 'utf-8' });
  });

  it('uses a fence longer than any backtick run in the file, so the file cannot close it', () => {
    const markdown = 'Example:\n````js\nconst a = `x`;\n````\n';
    expect(fenceFor(markdown)).toBe('`````');
    const result = readTextFile('README.md', utf8(markdown), limits);
    expect(result.kind === 'text' && result.text).toBe(
      `README.md\n\`\`\`\`\`markdown\n${markdown}\`\`\`\`\``,
    );
    expect(fenceFor('no backticks')).toBe('```');
  });

  it('refuses a file over the cap with a message that says both sizes', () => {
    const result = readTextFile('big.log', new Uint8Array(600 * 1024).fill(0x61), limits);
    expect(result).toEqual({
      kind: 'refused',
      name: 'big.log',
      code: 'text-too-large',
      message:
        'big.log is 600 KB; a text file can be at most 512 KB. Attach a smaller part of it, or raise the limit in Settings → Attachments.',
    });
    // The cap is a parameter.
    expect(
      readTextFile('big.log', new Uint8Array(600 * 1024).fill(0x61), { maxTextBytes: 1024 * 1024 })
        .kind,
    ).toBe('text');
  });

  it('refuses binary data, naming the format when the bytes said what it is', () => {
    const zip = Uint8Array.from([
      0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0x08, 0x00, 0x9c, 0xfe,
    ]);
    expect(readTextFile('report.docx', zip, limits, 'ZIP archive')).toMatchObject({
      code: 'binary-file',
      message: expect.stringContaining('report.docx is a ZIP archive, not text'),
    });
    const nul = utf8('abc\0def');
    expect(readTextFile('data.bin', nul, limits)).toMatchObject({
      code: 'binary-file',
      message: expect.stringContaining('data.bin is a binary file, not text'),
    });
  });

  it('accepts text whose first bytes happen to look like a binary signature', () => {
    expect(readTextFile('mz.txt', utf8('MZ is a plain note.\n'), limits, 'program').kind).toBe(
      'text',
    );
  });

  it('tells a legacy-encoded text apart from binary data', () => {
    const latin1 = Uint8Array.from([...utf8('Caf'), 0xe9, ...utf8(' au lait\n')]);
    expect(readTextFile('menu.txt', latin1, limits)).toMatchObject({
      code: 'not-text-encoding',
      message: expect.stringContaining('not UTF-8 or UTF-16 text'),
    });
  });

  it('keeps tabs, line breaks and escape sequences of logs as text', () => {
    expect(readTextFile('build.log', utf8('\x1b[31mred\x1b[0m\tok\r\n\f'), limits).kind).toBe(
      'text',
    );
  });

  it('refuses an empty file', () => {
    expect(readTextFile('empty.txt', new Uint8Array(), limits)).toMatchObject({
      code: 'empty-file',
    });
  });

  it('shows a file name as one line of text', () => {
    expect(displayName('evil\n```\nname.txt')).toBe('evil ``` name.txt');
    expect(displayName('\n')).toBe('unnamed file');
  });
});
