/**
 * Opening a message's file with the system's app (issue 26 item 6): a copy in a private temp folder
 * under a name made safe, handed to the opener; program types refused in words; the opener's and the
 * disk's failures said in words. Real files in a scratch folder; the opener is a recording stand-in
 * for Electron's `shell.openPath`.
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  createAttachmentOpener,
  safeFileName,
  unsafeTypeProblem,
} from '../../../../main/attachments/open-copy';

const scratch = mkdtempSync(path.join(tmpdir(), 'runnel-open-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const text = (name: string, body = 'hello') => ({
  name,
  kind: 'text' as const,
  mime: 'text/plain' as const,
  bytes: new TextEncoder().encode(body),
});

describe('safeFileName', () => {
  it('never uses the name as given: no path, no leading dot, no control or bidi characters', () => {
    expect(safeFileName(text('../../etc/passwd.txt'))).toBe('etc_passwd.txt');
    expect(safeFileName(text('C:\\Windows\\win.ini'))).toBe('C_Windows_win.ini');
    expect(safeFileName(text('.bashrc'))).toBe('bashrc.txt');
    expect(safeFileName(text('report\u202Etxt.exe.md'))).toBe('report_txt.exe.md');
    expect(safeFileName(text('a\u0000b\nc.txt'))).toBe('a_b_c.txt');
    expect(safeFileName(text('CON.txt'))).toBe('attachment-CON.txt');
    expect(safeFileName(text('...'))).toBe('attachment.txt');
    expect(safeFileName(text('笔记 (draft).md'))).toBe('笔记 (draft).md');
    expect(safeFileName(text(`${'x'.repeat(300)}.log`))).toBe(`${'x'.repeat(80)}.log`);
  });

  it('takes the extension from what the bytes are', () => {
    expect(safeFileName({ name: 'scan.pdf', kind: 'pdf', mime: 'text/plain' })).toBe('scan.txt');
    expect(safeFileName({ name: 'scan.pdf.exe', kind: 'pdf', mime: 'application/pdf' })).toBe(
      'scan.pdf.pdf',
    );
    expect(safeFileName({ name: 'photo.heic', kind: 'image', mime: 'image/jpeg' })).toBe(
      'photo.jpg',
    );
    expect(safeFileName({ name: 'x.exe', kind: 'image', mime: 'image/png' })).toBe('x.png');
    expect(safeFileName(text('Makefile'))).toBe('Makefile.txt');
  });
});

describe('unsafeTypeProblem', () => {
  it('refuses programs and scripts by their last extension, and says to Save', () => {
    for (const name of ['setup.exe', 'run.BAT', 'deploy.sh', 'Tool.app', 'index.js', 'x.txt.ps1']) {
      expect(unsafeTypeProblem({ name, kind: 'text' })).toMatch(
        /may run rather than show\. Runnel does not open it; use Save/,
      );
    }
    expect(unsafeTypeProblem({ name: 'deploy.sh', kind: 'text' })).toBe(
      '“deploy.sh” is a .sh file, which your system may run rather than show. Runnel does not open it; use Save and open it in an editor.',
    );
    expect(unsafeTypeProblem({ name: 'notes.md', kind: 'text' })).toBeNull();
    expect(unsafeTypeProblem({ name: 'main.rs', kind: 'text' })).toBeNull();
    // A PDF's copy is its text, written as .txt whatever its name.
    expect(unsafeTypeProblem({ name: 'evil.pdf', kind: 'pdf' })).toBeNull();
  });
});

/** An opener in the scratch folder whose system "open" only records the file it was handed. */
const recordingOpener = () => {
  const opened: string[] = [];
  const opener = createAttachmentOpener({
    tempRoot: scratch,
    openPath: async (file) => {
      opened.push(file);
      return '';
    },
  });
  return { opener, opened };
};

describe('createAttachmentOpener', () => {
  it('writes a private copy and hands it to the opener; two of one name do not collide', async () => {
    const { opener, opened } = recordingOpener();
    const first = await opener.open(text('../notes.md', '# one'));
    const second = await opener.open(text('notes.md', '# two'));
    expect(first.ok && second.ok).toBe(true);
    expect(opened).toHaveLength(2);
    expect(opened.map((file) => path.basename(file))).toEqual(['notes.md', 'notes.md']);
    expect(opened[0]).not.toBe(opened[1]);
    expect(readFileSync(opened[0]!, 'utf8')).toBe('# one');
    expect(readFileSync(opened[1]!, 'utf8')).toBe('# two');
    for (const file of opened) expect(path.relative(scratch, file).startsWith('..')).toBe(false);
    if (process.platform !== 'win32') {
      expect(statSync(opened[0]!).mode & 0o777).toBe(0o600);
      expect(statSync(path.dirname(path.dirname(opened[0]!))).mode & 0o777).toBe(0o700);
    }
    await opener.dispose();
    expect(() => statSync(opened[0]!)).toThrow();
  });

  it('refuses a program type without writing or opening anything', async () => {
    const { opener, opened } = recordingOpener();
    const result = await opener.open(text('install.sh', 'rm -rf ~'));
    expect(result).toMatchObject({ ok: false, error: { code: 'unsafe_type' } });
    expect(opened).toEqual([]);
  });

  it('says so when the system cannot open it, or the copy cannot be written', async () => {
    const failing = createAttachmentOpener({
      tempRoot: scratch,
      openPath: async () => 'No application is associated with this file.',
    });
    expect(await failing.open(text('data.csv'))).toEqual({
      ok: false,
      error: {
        code: 'open_failed',
        message:
          'Your system could not open “data.csv” (No application is associated with this file.). Use Save and open it yourself.',
      },
    });
    await failing.dispose();
    const notAFolder = path.join(scratch, 'a-file');
    writeFileSync(notAFolder, '');
    const unwritable = createAttachmentOpener({ tempRoot: notAFolder, openPath: async () => '' });
    const result = await unwritable.open(text('data.csv'));
    expect(result).toMatchObject({ ok: false, error: { code: 'write_failed' } });
    expect(!result.ok && result.error.message).toMatch(
      /^Runnel could not write a copy of “data.csv” to open \(ENOTDIR\)\. Use Save instead\.$/,
    );
  });
});
