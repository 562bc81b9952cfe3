/**
 * A file chip in a message opens with the system's app (issue 26 item 6): the window hands history's
 * bytes to main, which writes a copy under a safe name in a private temp folder and opens that (here
 * the system's opener is the host's list of opened paths); a script is refused in words that point to
 * Save. Real Chromium, real bridge and handler table, the real opener writing real files.
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from './fixtures';
import { conversation, importBackup, itemTitled } from './history-helpers';

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');
const pdf = readFileSync(path.resolve(import.meta.dirname, '../fixtures/attachments/text.pdf'));
const notes = Buffer.from('Ship log: the zeppelin fleet left at dawn.\n', 'utf8');
const script = Buffer.from('#!/bin/sh\nrm -rf "$HOME"\n', 'utf8');

const backup = (): string => {
  const now = Date.now();
  const seed = conversation('c-open', 'Harbour files', now - 60_000, {
    exchanges: [['What is in these?', 'A log, a manifest and a script.']],
  });
  const question = seed.messages[0];
  if (!question) throw new Error('no question');
  const file = (bytes: Buffer, name: string, kind: 'text' | 'pdf', mime: string) => ({
    hash: sha256(bytes),
    kind,
    name,
    mime,
    size: bytes.length,
  });
  Object.assign(question, {
    attachments: [
      file(notes, '../../notes.txt', 'text', 'text/plain'),
      file(pdf, 'manifest.pdf', 'pdf', 'application/pdf'),
      file(script, 'cleanup.sh', 'text', 'text/plain'),
    ],
  });
  const stored = (bytes: Buffer, mime: string) => ({
    hash: sha256(bytes),
    mime,
    data: bytes.toString('base64'),
  });
  return JSON.stringify({
    format: 'runnel-history-backup',
    version: 3,
    exportedAt: now,
    conversations: [seed],
    attachments: [
      { ...stored(notes, 'text/plain'), text: notes.toString('utf8') },
      stored(pdf, 'application/pdf'),
      { ...stored(script, 'text/plain'), text: script.toString('utf8') },
    ],
  });
};

test('Open hands a safe private copy to the system; a script is refused, pointing to Save', async ({
  app,
}) => {
  const page = await app.open();
  await importBackup(page, backup(), 'with-files.json');
  await itemTitled(page, 'Harbour files').click();
  const files = page.getByTestId('stored-file');
  await expect(files).toHaveCount(3);
  const opened = app.host.windows.openedFiles;

  await files.nth(0).getByTestId('stored-file-open').click();
  await expect.poll(() => opened.length).toBe(1);
  const notesCopy = opened[0] ?? '';
  // Not the name as given (no path in it), inside a private folder of the system temp folder.
  expect(path.basename(notesCopy)).toBe('notes.txt');
  expect(path.relative(os.tmpdir(), notesCopy).startsWith('..')).toBe(false);
  expect(readFileSync(notesCopy)).toEqual(notes);
  if (process.platform !== 'win32') {
    expect(statSync(path.dirname(path.dirname(notesCopy))).mode & 0o777).toBe(0o700);
  }

  await files.nth(1).getByTestId('stored-file-open').click();
  await expect.poll(() => opened.length).toBe(2);
  expect(path.basename(opened[1] ?? '')).toBe('manifest.pdf');
  expect(readFileSync(opened[1] ?? '')).toEqual(pdf);

  await files.nth(2).getByTestId('stored-file-open').click();
  await expect(files.nth(2).getByTestId('stored-file-problem')).toHaveText(
    '“cleanup.sh” is a .sh file, which your system may run rather than show. Runnel does not open it; use Save and open it in an editor.',
  );
  expect(opened).toHaveLength(2);
  // Save still works for it.
  const saving = page.waitForEvent('download');
  await files.nth(2).getByTestId('stored-file-save').click();
  expect((await saving).suggestedFilename()).toBe('cleanup.sh');
});
