/**
 * Attachments in the whole app (issue 26 "Speed and safety aims"): a 24-megapixel JPEG and a 300-page
 * text PDF dropped on the chat window of the built renderer in headless Chromium. Timed in the page
 * from the drop event: the chip's thumbnail shown (the picked file's blob: preview), and the chip
 * ready (read, resized or extracted in the attachment worker, and drawn). Long tasks on the UI thread
 * are counted by a PerformanceObserver over the whole stretch. The worker is warmed first (its bundle,
 * pdf.js included, compiles once per window). Needs `npx electron-vite build` first.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { startAppSession } from './app-session';
import { row, type BenchContext, type Benchmark, type BenchRow } from './types';

const fixtures = path.resolve(import.meta.dirname, '../test/fixtures/attachments');

interface DropTiming {
  thumbnailMs: number | null;
  readyMs: number;
  status: string;
  longTasks: number[];
}

declare global {
  interface Window {
    benchFile?: File;
  }
}

/** Makes window.benchFile in the page: a photo drawn and encoded there, or bytes given. */
async function preparePhoto(page: Page, width: number, height: number): Promise<number> {
  return page.evaluate(
    async ([w, h]) => {
      const canvas = new OffscreenCanvas(w, h);
      const context = canvas.getContext('2d')!;
      const gradient = context.createLinearGradient(0, 0, w, h);
      gradient.addColorStop(0, '#306090');
      gradient.addColorStop(1, '#d09040');
      context.fillStyle = gradient;
      context.fillRect(0, 0, w, h);
      // Noise, so the JPEG is the size of a real photo rather than a few KB of gradient.
      const noise = context.createImageData(512, 512);
      for (let i = 0; i < noise.data.length; i += 4) {
        const v = (i * 2654435761) % 97;
        noise.data.set([v, v, v, 40], i);
      }
      const tile = new OffscreenCanvas(512, 512);
      tile.getContext('2d')!.putImageData(noise, 0, 0);
      for (let y = 0; y < h; y += 512)
        for (let x = 0; x < w; x += 512) context.drawImage(tile, x, y);
      const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.9 });
      window.benchFile = new File([blob], 'photo-24mp.jpg', { type: 'image/jpeg' });
      return blob.size;
    },
    [width, height] as const,
  );
}

async function prepareBytes(page: Page, name: string, type: string): Promise<number> {
  const bytes = [...(await readFile(path.join(fixtures, name)))];
  return page.evaluate(
    ([list, fileName, fileType]) => {
      window.benchFile = new File([new Uint8Array(list)], fileName, { type: fileType });
      return window.benchFile.size;
    },
    [bytes, name, type] as const,
  );
}

/** Drops window.benchFile on the window and times the chip, removing it afterwards. */
async function dropAndTime(page: Page): Promise<DropTiming> {
  const timing = await page.evaluate(async () => {
    const file = window.benchFile;
    if (!file) throw new Error('no file prepared');
    const longTasks: number[] = [];
    const observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) longTasks.push(Math.round(entry.duration));
    });
    observer.observe({ type: 'longtask', buffered: false });
    const transfer = new DataTransfer();
    transfer.items.add(file);
    const start = performance.now();
    window.dispatchEvent(
      new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }),
    );
    let thumbnailMs: number | null = null;
    const result = await new Promise<{ readyMs: number; status: string }>((resolve) => {
      const tick = () => {
        const chip = document.querySelector<HTMLElement>('[data-testid="attachment-chip"]');
        const thumb = chip?.querySelector<HTMLImageElement>('[data-testid="attachment-thumb"]');
        if (thumbnailMs === null && thumb?.complete && thumb.naturalWidth > 0)
          thumbnailMs = performance.now() - start;
        const status = chip?.dataset.status;
        if (status === 'ready' || status === 'refused')
          resolve({ readyMs: performance.now() - start, status });
        else requestAnimationFrame(tick);
      };
      tick();
    });
    // Long tasks are reported after they end: give the observer a frame to hear of the last one.
    await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 50)));
    observer.disconnect();
    return { thumbnailMs, ...result, longTasks };
  });
  await page.getByTestId('attachment-remove').click();
  await page.getByTestId('attachment-chip').waitFor({ state: 'detached' });
  return timing;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

async function run({ quick, log }: BenchContext): Promise<BenchRow[]> {
  const session = await startAppSession();
  try {
    const page = await session.openWindow();
    // Warm up: the first file starts the worker and compiles its bundle.
    await prepareBytes(page, 'transparent.png', 'image/png');
    await dropAndTime(page);

    const rounds = quick ? 3 : 5;
    const photoBytes = await preparePhoto(page, 6000, 4000);
    const photos: DropTiming[] = [];
    for (let i = 0; i < rounds; i++) photos.push(await dropAndTime(page));
    for (const p of photos) {
      log(
        `24 MP JPEG (${Math.round(photoBytes / 1024)} KB): thumbnail ${p.thumbnailMs?.toFixed(0) ?? '-'} ms, ready ${p.readyMs.toFixed(0)} ms (${p.status}), long tasks [${p.longTasks.join(', ')}]`,
      );
    }

    await prepareBytes(page, 'book-300-pages.pdf', 'application/pdf');
    const pdfs: DropTiming[] = [];
    for (let i = 0; i < rounds; i++) pdfs.push(await dropAndTime(page));
    for (const p of pdfs) {
      log(
        `300-page PDF: ready ${p.readyMs.toFixed(0)} ms (${p.status}), long tasks [${p.longTasks.join(', ')}]`,
      );
    }

    const thumbnail = median(photos.map((p) => p.thumbnailMs ?? Number.POSITIVE_INFINITY));
    const photoReady = median(photos.map((p) => p.readyMs));
    const photoLong = Math.max(...photos.map((p) => p.longTasks.length));
    const pdfReady = median(pdfs.map((p) => p.readyMs));
    const pdfLong = Math.max(...pdfs.map((p) => p.longTasks.length));
    const allReady = [...photos, ...pdfs].every((p) => p.status === 'ready');
    return [
      row({
        name: 'attachments: 24 MP photo, drop to chip thumbnail (ms, median)',
        value: Math.round(thumbnail),
        unit: 'ms',
        baseline: null,
        aim: '<= 100',
        met: thumbnail <= 100,
      }),
      row({
        name: 'attachments: 24 MP photo, drop to chip ready: read, resized in the worker, drawn (ms, median)',
        value: Math.round(photoReady),
        unit: 'ms',
        baseline: null,
        aim: '<= 400',
        met: allReady && photoReady <= 400,
      }),
      row({
        name: 'attachments: 24 MP photo, long tasks on the UI thread (worst round)',
        value: photoLong,
        unit: 'tasks',
        baseline: null,
        aim: '0',
        met: photoLong === 0,
      }),
      row({
        name: 'attachments: 300-page PDF, drop to text extracted and shown (ms, median)',
        value: Math.round(pdfReady),
        unit: 'ms',
        baseline: null,
        aim: '<= 5000',
        met: allReady && pdfReady <= 5000,
      }),
      row({
        name: 'attachments: 300-page PDF, long tasks on the UI thread (worst round)',
        value: pdfLong,
        unit: 'tasks',
        baseline: null,
        aim: '0',
        met: pdfLong === 0,
      }),
    ];
  } finally {
    await session.close();
  }
}

const benchmark: Benchmark = { name: 'attachments (drop to chip, in the app)', run };
export default benchmark;
