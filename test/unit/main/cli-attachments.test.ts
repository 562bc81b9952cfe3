/**
 * `runnel ask --attach` (issue 26 item 8): each kind of file read by the app's rules, refusals in
 * words, and the request a real run sends to the fault server, with `--json` output unchanged.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Jimp } from 'jimp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// As cli.ts does first: pdf.js needs Promise.withResolvers, which Node 20 lacks.
import '../../../main/cli-polyfills';
import {
  fitWithin,
  languageOf,
  pdfDataFolders,
  readAttachment,
  textAttachment,
} from '../../../main/cli-attachments';
import { startFaultServer, type FaultServer } from '../../fault-server';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const fixture = (name: string) => path.join(root, 'test/fixtures/attachments', name);
const scratch = mkdtempSync(path.join(tmpdir(), 'runnel-attach-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const imageOf = async (bytes: ArrayBuffer | Uint8Array) =>
  Jimp.read(Buffer.from(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes)));

describe('images', () => {
  it('turns a photo upright by its EXIF orientation and sends it as JPEG, without the EXIF', async () => {
    const { attachment } = await readAttachment(fixture('orientation-6.jpg'));
    expect(attachment).toMatchObject({ kind: 'image', mime: 'image/jpeg' });
    if (attachment.kind !== 'image') return;
    const bytes = Buffer.from(attachment.bytes as Uint8Array);
    expect(bytes.includes(Buffer.from('Exif'))).toBe(false);
    const image = await imageOf(bytes);
    expect([image.width, image.height]).toEqual([200, 300]);
    // Red on top once upright (the file's left half is red).
    const at = (x: number, y: number) =>
      image.bitmap.data.subarray((y * 200 + x) * 4, (y * 200 + x) * 4 + 3);
    const [r = 0, , b = 255] = at(100, 10);
    expect(r).toBeGreaterThan(200);
    expect(b).toBeLessThan(60);
  });

  it('keeps PNG where there is transparency', async () => {
    const { attachment } = await readAttachment(fixture('transparent.png'));
    expect(attachment).toMatchObject({ kind: 'image', mime: 'image/png' });
  });

  it('scales a large image to fit 2048 x 768, never up', async () => {
    expect(fitWithin(6000, 4000)).toEqual({ width: 1152, height: 768 });
    expect(fitWithin(4000, 300)).toEqual({ width: 2048, height: 154 });
    expect(fitWithin(640, 480)).toEqual({ width: 640, height: 480 });
    const big = new Jimp({ width: 3000, height: 1500, color: 0x3366ccff });
    const file = path.join(scratch, 'wide.png');
    writeFileSync(file, await big.getBuffer('image/png'));
    const { attachment } = await readAttachment(file);
    if (attachment.kind !== 'image') throw new Error('not an image');
    const image = await imageOf(attachment.bytes);
    expect([image.width, image.height]).toEqual([1536, 768]);
  });

  it('sends a GIF’s first frame and says so; WebP as it is, and says so', async () => {
    expect((await readAttachment(fixture('animated.gif'))).note).toBe(
      'animated.gif: only the first frame of a GIF is sent.',
    );
    const webp = await readAttachment(fixture('photo.webp'));
    expect(webp.attachment).toMatchObject({ kind: 'image', mime: 'image/webp' });
    expect(webp.note).toBe(
      'photo.webp is sent at its own size (WebP is not resized by runnel ask).',
    );
  });

  it('sends a WebP photo without its EXIF metadata (where it was taken)', async () => {
    const photo = readFileSync(fixture('photo.webp'));
    const exif = Buffer.concat([Buffer.from('EXIF'), Buffer.alloc(4), Buffer.from('GPS 48.85N ')]);
    exif.writeUInt32LE(11, 4);
    const file = Buffer.concat([photo, exif, Buffer.alloc(1)]);
    file.writeUInt32LE(file.length - 8, 4);
    const at = path.join(scratch, 'holiday.webp');
    writeFileSync(at, file);
    const read = await readAttachment(at);
    if (read.attachment.kind !== 'image') throw new Error('not an image');
    const sent = Buffer.from(new Uint8Array(read.attachment.bytes));
    expect(sent.includes('GPS 48.85N')).toBe(false);
    expect(sent.equals(photo)).toBe(true);
    expect(read.note).toBe(
      'holiday.webp is sent at its own size, without its EXIF metadata (WebP is not resized by runnel ask).',
    );
  });

  it('refuses HEIC by its bytes, whatever its name, saying what to do', async () => {
    const file = path.join(scratch, 'IMG_2041.jpg');
    writeFileSync(
      file,
      await import('node:fs').then((fs) => fs.readFileSync(fixture('photo.heic'))),
    );
    await expect(readAttachment(file)).rejects.toThrow(
      'IMG_2041.jpg is a HEIC/HEIF image, which runnel ask cannot read. Convert it to JPEG or PNG and attach that.',
    );
  });
});

describe('text files', () => {
  it('inlines a file as a fenced block headed by its name, the language from the extension', () => {
    const bytes = new TextEncoder().encode('fn main() {}\n');
    expect(textAttachment('main.rs', bytes)).toEqual({
      kind: 'text',
      name: 'main.rs',
      text: 'main.rs\n```rust\nfn main() {}\n```',
    });
    expect(languageOf('Dockerfile')).toBe('dockerfile');
    expect(languageOf('notes')).toBe('text');
  });

  it('uses a fence no line of the file can close', () => {
    const text = textAttachment('a.md', new TextEncoder().encode('```js\nx\n```'));
    expect(text.kind === 'text' && text.text).toBe('a.md\n````markdown\n```js\nx\n```\n````');
  });

  it('reads UTF-16 with a byte-order mark', () => {
    const bytes = Uint8Array.from([0xff, 0xfe, 0x68, 0x00, 0x69, 0x00]);
    expect(textAttachment('hi.txt', bytes)).toMatchObject({ text: 'hi.txt\n```text\nhi\n```' });
  });

  it('refuses binary data, another encoding, and a file over 512 KB, saying the size', async () => {
    expect(() => textAttachment('a.bin', Uint8Array.from([0x68, 0x00, 0x01, 0x02]))).toThrow(
      /a\.bin is a binary file, not text/,
    );
    expect(() => textAttachment('old.txt', Uint8Array.from([0x63, 0x61, 0x66, 0xe9]))).toThrow(
      /not UTF-8 or UTF-16 text.*Save it as UTF-8/,
    );
    const file = path.join(scratch, 'big.log');
    writeFileSync(file, 'x'.repeat(600 * 1024));
    await expect(readAttachment(file)).rejects.toThrow(
      'big.log is 600 KB; a text file can be at most 512 KB.',
    );
  });

  it('names a ZIP (a Word file) for what it is', async () => {
    const file = path.join(scratch, 'report.docx');
    writeFileSync(file, Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0]));
    await expect(readAttachment(file)).rejects.toThrow(/report\.docx is a ZIP archive/);
  });

  it('says when a path is missing or a folder', async () => {
    await expect(readAttachment(path.join(scratch, 'nope.txt'))).rejects.toThrow(/no such file/);
    await expect(readAttachment(scratch)).rejects.toThrow(/is a folder/);
  });
});

describe('PDFs', () => {
  it('sends the text with the same page markers as the app', async () => {
    const { attachment } = await readAttachment(fixture('text.pdf'));
    expect(attachment).toEqual({
      kind: 'text',
      name: 'text.pdf',
      text:
        'text.pdf (PDF, 2 pages)\n\n' +
        '--- Page 1 of 2 ---\n\nRunnel attachment test, page one.\nSecond line of the page.\n\n' +
        '--- Page 2 of 2 ---\n\nThe second page says hello.\nSecond line of the page.',
    });
  });

  it('reads Chinese text through the CMaps pdf.js needs for it', async () => {
    const { attachment } = await readAttachment(fixture('chinese.pdf'));
    expect(attachment.kind === 'text' && attachment.text).toContain('你好');
  });

  it('finds the CMaps beside the built CLI first, else in pdfjs-dist', () => {
    const folder = path.join(scratch, 'dist-cli');
    mkdirSync(path.join(folder, 'pdfjs', 'cmaps'), { recursive: true });
    const bundled = pathToFileURL(path.join(folder, 'runnel.js')).href;
    expect(pdfDataFolders(bundled).cMapUrl).toBe(path.join(folder, 'pdfjs', 'cmaps') + path.sep);
    const fromSource = pdfDataFolders(pathToFileURL(path.join(root, 'main', 'cli.ts')).href);
    expect(fromSource.cMapUrl).toBe(
      path.join(root, 'node_modules', 'pdfjs-dist', 'cmaps') + path.sep,
    );
    expect(existsSync(path.join(fromSource.cMapUrl, 'UniGB-UCS2-H.bcmap'))).toBe(true);
  });

  it('refuses a scanned PDF, an encrypted one and a damaged one, each in words', async () => {
    await expect(readAttachment(fixture('scanned.pdf'))).rejects.toThrow(
      /has no text \(it looks scanned\)/,
    );
    await expect(readAttachment(fixture('encrypted.pdf'))).rejects.toThrow(
      /protected by a password/,
    );
    await expect(readAttachment(fixture('not-really.pdf'))).rejects.toThrow(
      /damaged or not really a PDF/,
    );
  });
});

describe('runnel ask --attach', () => {
  let server: FaultServer;
  beforeAll(async () => {
    server = await startFaultServer();
  });
  afterAll(async () => {
    await server.close();
  });

  const run = (args: string[]) =>
    new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'main/cli.ts', ...args], {
        cwd: root,
        env: { PATH: process.env.PATH ?? '', OPENAI_BASE_URL: server.baseURL },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
      child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });

  it('sends an image part and the PDF text; --json prints the same keys as without', async () => {
    server.reset();
    const result = await run([
      'ask',
      '--json',
      '--attach',
      fixture('opaque.png'),
      '--attach',
      fixture('text.pdf'),
      'What is in these?',
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const content = server.requests[0]?.body?.messages?.[0]?.content as unknown as Array<{
      type: string;
      text?: string;
      image_url?: { url: string };
    }>;
    expect(content[0]).toEqual({
      type: 'text',
      text: expect.stringMatching(
        /^What is in these\?\n\ntext\.pdf \(PDF, 2 pages\)\n\n--- Page 1 of 2 ---/,
      ),
    });
    expect(content[1]?.type).toBe('image_url');
    expect(content[1]?.image_url?.url).toMatch(/^data:image\/jpeg;base64,\/9j\//);
    expect(Object.keys(JSON.parse(result.stdout)).sort()).toEqual(
      [
        'attempts',
        'cancelled',
        'droppedParameters',
        'error',
        'finishReason',
        'reasoning',
        'resumed',
        'text',
        'toolCalls',
        'toolsOff',
        'usage',
      ].sort(),
    );
  });

  it('refuses a file it cannot send with one line and exit 1, sending nothing', async () => {
    server.reset();
    const result = await run(['ask', '--attach', fixture('photo.heic'), 'Look']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'runnel: photo.heic is a HEIC/HEIF image, which runnel ask cannot read. Convert it to JPEG or PNG and attach that.\n',
    );
    expect(server.requests).toHaveLength(0);
  });
});
